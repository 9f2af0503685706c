/**
 * Time for the Mastodon bot's pacing: the real clock in production, a virtual one
 * in tests and benchmarks so that 3-hour windows and 429 resets take no real time.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/**
 * A clock that only moves when someone sleeps: `sleep(ms)` jumps the time forward
 * and resolves on the next turn of the event loop. Made for one sleeper at a time
 * (the sink's delivery loop); real I/O still happens in real time.
 */
export class VirtualClock implements Clock {
  private t: number;
  private readonly listeners: ((now: number) => void)[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  /** Move the time forward by `ms` and tell the listeners (a test's message source, say). */
  advance(ms: number): void {
    if (ms <= 0) return;
    this.t += ms;
    for (const l of this.listeners) l(this.t);
  }

  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.advance(ms);
    return new Promise((resolve) => setImmediate(resolve));
  }
}
