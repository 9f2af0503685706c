/**
 * Time for the flow layer. Pacing, ages and deadlines run on a monotonic clock
 * (`now`): a wall clock stepped back by NTP would otherwise hold a queue for as
 * long as the step. The wall clock (`wall`) is used only for what people read:
 * "(12 min ago)" and the time range of a datagrepper link.
 *
 * `ManualClock` is the virtual clock of tests and benchmarks: time moves only when
 * the test says so, and each due timer runs in order with a few real event-loop
 * turns after it (bottleneck and the transports settle on real promises and
 * `setTimeout(0)`).
 */

export interface Timer {
  cancel(): void;
}

export interface FlowClock {
  /** Monotonic milliseconds (arbitrary origin). */
  now(): number;
  /** Milliseconds since the epoch. */
  wall(): number;
  /** Runs `fn` after `ms` of monotonic time. */
  setTimer(fn: () => void, ms: number): Timer;
}

/** The longest delay setTimeout takes (about 24.8 days). */
export const TIMEOUT_MAX_MS = 2 ** 31 - 1;

export const systemFlowClock: FlowClock = {
  now: () => performance.now(),
  wall: () => Date.now(),
  setTimer(fn, ms) {
    // setTimeout fires at once (every 1 ms, with a warning) past 2^31-1 ms: wait in chunks instead.
    let t: NodeJS.Timeout;
    const arm = (left: number): void => {
      t = setTimeout(() => (left > TIMEOUT_MAX_MS ? arm(left - TIMEOUT_MAX_MS) : fn()), Math.min(TIMEOUT_MAX_MS, left));
    };
    arm(Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

/** Real event-loop turns: lets promise chains and bottleneck's `setTimeout(0)` steps finish. */
export async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class ManualClock implements FlowClock {
  private t = 0;
  private seq = 0;
  private timers: Pending[] = [];
  /** The wall clock minus the monotonic one; `stepWall` moves it as NTP would. */
  private wallOffset: number;

  constructor(wallStartMs = Date.UTC(2026, 0, 1)) {
    this.wallOffset = wallStartMs;
  }

  now(): number {
    return this.t;
  }

  wall(): number {
    return this.t + this.wallOffset;
  }

  /** Step the wall clock (negative: backwards); the monotonic clock does not move. */
  stepWall(ms: number): void {
    this.wallOffset += ms;
  }

  setTimer(fn: () => void, ms: number): Timer {
    const p: Pending = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(p);
    return { cancel: () => (p.cancelled = true) };
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.filter((p) => !p.cancelled).length;
  }

  /** Move time forward by `ms`, running each due timer at its time, with real turns after each. */
  async advance(ms: number, turnsPerTimer = 5): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers = this.timers.filter((p) => !p.cancelled);
      let next: Pending | undefined;
      for (const p of this.timers) if (p.at <= end && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.t = Math.max(this.t, next.at);
      next.fn();
      await turns(turnsPerTimer);
    }
    this.t = end;
    await turns(turnsPerTimer);
  }

  /** Advance in steps until `done()` or `maxMs` passed; returns the time it took (ms). */
  async runUntil(done: () => boolean, maxMs: number, stepMs = 100): Promise<number> {
    const start = this.t;
    while (!done() && this.t - start < maxMs) await this.advance(stepMs);
    return this.t - start;
  }
}
