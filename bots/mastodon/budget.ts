/**
 * The account's budget: our share of Mastodon's 300 statuses per 3 hours and 300
 * requests per 5 minutes, plus a minimum spacing so followers are never flooded.
 *
 * Both windows are sliding logs: if no sliding window of length W holds more than N
 * events, no fixed window of the server (Mastodon aligns them to the epoch) can
 * either. The pace within the window (a burst of `budget.burst`, then the share's
 * steady rate, spread evenly instead of spent in the first minutes) is not kept
 * here: its one owner is the flow layer's pacer (bots/flow/pacer.ts), which the
 * replicas of an account share through Redis; the sink asks both (sink.ts `ready`).
 * The server has the last word: a 429 or `X-RateLimit-Remaining: 0` blocks
 * everything until its reset.
 */
import type { Clock } from "./clock.js";

export interface BudgetOptions {
  readonly statuses: number;
  readonly windowMs: number;
  readonly minIntervalMs: number;
  readonly requests: number;
  readonly requestWindowMs: number;
}

export class Budget {
  private readonly statusLog: number[] = [];
  private readonly requestLog: number[] = [];
  private lastStatusAt = Number.NEGATIVE_INFINITY;
  private blockedUntil = 0;

  constructor(
    private readonly opts: BudgetOptions,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds until a new status may be started (0: now). */
  statusDelay(): number {
    const now = this.clock.now();
    prune(this.statusLog, now - this.opts.windowMs);
    const waits = [
      this.blockedUntil - now,
      this.lastStatusAt + this.opts.minIntervalMs - now,
      this.statusLog.length >= this.opts.statuses
        ? (this.statusLog[this.statusLog.length - this.opts.statuses] ?? now) + this.opts.windowMs - now + 1
        : 0,
    ];
    return Math.max(0, ...waits);
  }

  /** Milliseconds until a new request may be sent (0: now). */
  requestDelay(): number {
    const now = this.clock.now();
    prune(this.requestLog, now - this.opts.requestWindowMs);
    const full = this.requestLog.length >= this.opts.requests;
    const windowWait = full
      ? (this.requestLog[this.requestLog.length - this.opts.requests] ?? now) + this.opts.requestWindowMs - now + 1
      : 0;
    return Math.max(0, this.blockedUntil - now, windowWait);
  }

  /** Wait until a status may start. */
  async acquireStatus(signal?: AbortSignal): Promise<void> {
    for (let d = this.statusDelay(); d > 0; d = this.statusDelay()) await this.clock.sleep(d, signal);
  }

  /** Wait until a request may be sent, and count it. */
  async acquireRequest(signal?: AbortSignal): Promise<void> {
    for (let d = this.requestDelay(); d > 0; d = this.requestDelay()) await this.clock.sleep(d, signal);
    this.requestLog.push(this.clock.now());
  }

  /** A status was stored by the server. */
  recordStatus(): void {
    const now = this.clock.now();
    this.statusLog.push(now);
    this.lastStatusAt = now;
  }

  /**
   * The server said to wait (429, or no statuses left in its window). Never longer than Mastodon's
   * longest window (the statuses window): a reset in 2100 from a broken server must not end the bot.
   */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, Math.min(untilMs, this.clock.now() + this.opts.windowMs));
  }

  /** Until when the server blocks us (0 or a past time: not blocked). */
  blockedUntilMs(): number {
    return this.blockedUntil;
  }

  /** Events in the current sliding windows (for logs and tests). */
  usage(): { statuses: number; requests: number } {
    const now = this.clock.now();
    prune(this.statusLog, now - this.opts.windowMs);
    prune(this.requestLog, now - this.opts.requestWindowMs);
    return { statuses: this.statusLog.length, requests: this.requestLog.length };
  }
}

/** Drop log entries at or before `cutoff` (the log is in time order). */
function prune(log: number[], cutoff: number): void {
  let n = 0;
  while (n < log.length && (log[n] ?? 0) <= cutoff) n++;
  if (n > 0) log.splice(0, n);
}
