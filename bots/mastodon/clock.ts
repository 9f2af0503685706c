/**
 * Time for the Mastodon bot's pacing: the real clock in production, a virtual one
 * in tests and benchmarks so that 3-hour windows and 429 resets take no real time.
 * It is also the flow layer's clock (`FlowClock`) for the Mastodon sink.
 *
 * The real clock is monotonic: the epoch time of the process start plus the
 * monotonic time since. A wall clock stepped back by NTP held every status for as
 * long as the step (the budget's windows compared `Date.now` values); this one
 * never goes back. It can drift from the wall clock by the steps NTP made since
 * the start, which only shifts a server-named reset (429) by as much.
 */
import { abortReason } from "../abort.js";
import type { FlowClock, Timer } from "../flow/clock.js";

export interface Clock extends FlowClock {
  /** Milliseconds since the epoch, never going back. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  wall: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/**
 * A clock that only moves when someone sleeps: `sleep(ms)` jumps the time forward
 * and resolves on the next turn of the event loop. Made for one sleeper at a time
 * (the sink's transport); real I/O still happens in real time. Timers (`setTimer`,
 * the flow layer's refills and polls) never move the time: they run when it passes.
 */
export class VirtualClock implements Clock {
  private t: number;
  private readonly listeners: ((now: number) => void)[] = [];
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  wall(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): Timer {
    const timer = { at: this.t + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Move the time forward by `ms`, run the timers due, and tell the listeners (a test's message source, say). */
  advance(ms: number): void {
    if (ms <= 0) return;
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t && !x.cancelled).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((x) => x.at > this.t && !x.cancelled);
    // On the next turn: a timer's work (bottleneck, the flow loop) must not run inside the sleeper's call.
    if (due.length) setImmediate(() => due.forEach((x) => x.cancelled || x.fn()));
    for (const l of this.listeners) l(this.t);
  }

  onAdvance(listener: (now: number) => void): void {
    this.listeners.push(listener);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    this.advance(ms);
    return new Promise((resolve) => setImmediate(resolve));
  }
}
