/**
 * One pacer per IRC connection: servers count every line of a connection, so its
 * channels share one token bucket (`burst` lines at once, then `rate` per second).
 * Bottleneck's queue does not fit here: a line may only leave once its channel is
 * joined, and a channel that cannot be joined (banned, invite-only) must not hold
 * up the others. Control lines (JOIN, MODE, NickServ, CTCP replies) pay tokens too
 * and go first. Message lines wait in a bounded queue; on overflow the oldest is
 * dropped and reported, as the shared limiter does.
 */
import type { LimitConfig } from "../../config/common.js";

/** At most this many droppable control lines (CTCP replies) wait; beyond that a CTCP flood is ignored. */
export const CONTROL_QUEUE_MAX = 20;

/**
 * Tokens a control line costs. InspIRCd charges a JOIN twice a message (penalty 2000):
 * joining a few channels at one token each got the bot killed for Excess Flood.
 */
export function controlLineCost(line: string): number {
  return /^JOIN /i.test(line) ? 2 : 1;
}

export interface PacerOptions<T> {
  readonly limit: LimitConfig;
  /** Whether an item may be sent now (connection registered, channel joined). */
  readonly ready: (item: T) => boolean;
  /** Whether control lines may be sent now (connection registered). */
  readonly controlReady: () => boolean;
  /** Sends an item; called only when ready and a token was spent. */
  readonly send: (item: T) => void;
  readonly sendControl: (line: string) => void;
  readonly onDrop: (item: T, reason: "overflow" | "shutdown") => void;
}

export class Pacer<T> {
  private readonly queue: T[] = [];
  private readonly control: string[] = [];
  private tokens: number;
  // Monotonic: a wall clock stepped back would put the bucket in debt for as long.
  private lastRefill = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: PacerOptions<T>) {
    this.tokens = opts.limit.burst;
    this.intervalMs = 1000 / opts.limit.rate;
  }

  /** Message lines waiting. */
  get size(): number {
    return this.queue.length;
  }

  push(item: T): void {
    if (this.stopped) {
      this.opts.onDrop(item, "shutdown");
      return;
    }
    this.queue.push(item);
    while (this.queue.length > this.opts.limit.queue_max) {
      const dropped = this.queue.shift();
      if (dropped !== undefined) this.opts.onDrop(dropped, "overflow");
    }
    this.pump();
  }

  /**
   * Queues a control line; false when the control queue is full (the line is not sent).
   * `essential` lines (JOIN, MODE, NICK, IDENTIFY) are never refused: one per channel at
   * most, and a lost JOIN would leave its channel unjoined until the next reconnect.
   */
  pushControl(line: string, essential = false): boolean {
    if (!essential && this.control.length >= CONTROL_QUEUE_MAX) return false;
    this.control.push(line);
    this.pump();
    return true;
  }

  /**
   * Charges a line written outside the pacer (irc-framework's registration, CAP,
   * SASL, PING/PONG): the server counts those too. The debt is bounded by one
   * burst so a long registration cannot silence the bot for long.
   */
  charge(): void {
    this.refill();
    this.tokens = Math.max(-this.opts.limit.burst, this.tokens - 1);
  }

  /** Forgets control lines of a dead connection (a new one sends its own JOINs). */
  clearControl(): void {
    this.control.length = 0;
  }

  /** Readiness changed (registered, joined): try again. */
  pump(): void {
    if (this.timer) return; // a refill is already scheduled; it pumps
    this.refill();
    while (this.tokens >= 1) {
      if (this.control.length && this.opts.controlReady()) {
        const line = this.control.shift() as string;
        // May go below zero: the next line waits until the debt is paid.
        this.tokens -= controlLineCost(line);
        this.opts.sendControl(line);
        continue;
      }
      const i = this.queue.findIndex((item) => this.opts.ready(item));
      if (i < 0) break;
      const [item] = this.queue.splice(i, 1) as [T];
      this.tokens -= 1;
      this.opts.send(item);
    }
    const waiting = this.queue.some((item) => this.opts.ready(item)) || (this.control.length > 0 && this.opts.controlReady());
    if (waiting && this.tokens < 1) {
      const waitMs = Math.max(1, Math.ceil((1 - this.tokens) * this.intervalMs));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, waitMs);
    }
    if (this.queue.length === 0 && this.control.length === 0) this.notifyIdle();
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.opts.limit.burst, this.tokens + (now - this.lastRefill) / this.intervalMs);
    this.lastRefill = now;
  }

  /** Resolves when nothing is queued, or after `deadlineMs` (what is left stays queued). */
  async waitIdle(deadlineMs: number): Promise<boolean> {
    if (this.queue.length === 0 && this.control.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), deadlineMs);
    });
    const done = await Promise.race([idle, late]);
    clearTimeout(timer);
    return done;
  }

  private notifyIdle(): void {
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** Takes no more lines; drops what is still queued (reported as shutdown drops). */
  stop(): number {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const left = this.queue.splice(0);
    for (const item of left) this.opts.onDrop(item, "shutdown");
    this.control.length = 0;
    this.notifyIdle();
    return left.length;
  }

  /** Stop taking new lines but keep sending the queued ones (shutdown drain). */
  close(): void {
    this.stopped = true;
  }
}
