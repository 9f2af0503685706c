/**
 * The limit stage: one bottleneck limiter in front of a transport. A token
 * bucket (`burst` at once, then `rate` per second) and a bounded queue; when the
 * queue is full the OLDEST waiting item is dropped and counted, so the source is
 * never blocked and readers see the freshest lines.
 */
import Bottleneck from "bottleneck";
import type { LimitConfig } from "../config/common.js";
import type { Logger } from "./log.js";

export interface LimiterCounts {
  submitted: number;
  sent: number;
  dropped: number;
  failed: number;
}

export interface LimiterOptions<T> {
  readonly name: string;
  readonly limit: LimitConfig;
  /** Sends one item; a rejection is logged and counted as failed (the transport owns retries). */
  readonly deliver: (item: T) => Promise<void>;
  readonly log: Logger;
  /** Describes an item in logs (e.g. its topic and message id). */
  readonly describe?: (item: T) => Record<string, unknown>;
  /** Called for every item dropped on overflow (the flow-control issue turns these into digests). */
  readonly onDrop?: (item: T) => void;
  /** Extra bottleneck options (e.g. `minTime`), merged over the token bucket. */
  readonly bottleneck?: Bottleneck.ConstructorOptions;
}

export class LineLimiter<T> {
  readonly counts: LimiterCounts = { submitted: 0, sent: 0, dropped: 0, failed: 0 };
  private readonly limiter: Bottleneck;
  private readonly opts: LimiterOptions<T>;
  private stopped = false;

  constructor(opts: LimiterOptions<T>) {
    this.opts = opts;
    const { burst, rate, queue_max } = opts.limit;
    const intervalMs = Math.max(1, Math.round(1000 / rate));
    this.limiter = new Bottleneck({
      maxConcurrent: 1,
      reservoir: burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: intervalMs,
      reservoirIncreaseMaximum: burst,
      // bottleneck refills the reservoir on its heartbeat (250 ms by default): faster rates need a faster beat.
      heartbeatInterval: Math.min(250, intervalMs),
      highWater: queue_max,
      strategy: Bottleneck.strategy.LEAK,
      ...opts.bottleneck,
    });
    this.limiter.on("dropped", (info: { args: unknown[] }) => {
      this.counts.dropped++;
      const item = info.args[0] as T;
      opts.log.warn({ sink: opts.name, ...opts.describe?.(item), dropped_total: this.counts.dropped }, "queue full: dropped the oldest waiting line");
      opts.onDrop?.(item);
    });
    // bottleneck reports job errors here too; they are handled in submit().
    this.limiter.on("error", (err: unknown) => opts.log.error({ sink: opts.name, err }, "limiter error"));
  }

  /** Queue an item; returns at once. False if the limiter is stopped. */
  submit(item: T): boolean {
    if (this.stopped) return false;
    this.counts.submitted++;
    this.limiter
      // The item is passed as the job's argument so that the "dropped" event can name it.
      .schedule((it: T) => this.opts.deliver(it), item)
      .then(
        () => {
          this.counts.sent++;
        },
        (err: unknown) => {
          // A job dropped by the LEAK strategy rejects with a BottleneckError; it is already counted.
          if (err instanceof Bottleneck.BottleneckError) return;
          this.counts.failed++;
          this.opts.log.error({ sink: this.opts.name, ...this.opts.describe?.(item), err }, "delivery failed; line lost");
        },
      );
    return true;
  }

  /** Items waiting (not yet started), including those bottleneck has received but not yet queued. */
  queued(): number {
    const c = this.limiter.counts();
    return c.QUEUED + c.RECEIVED;
  }

  /** Stop taking items, deliver what is queued until the deadline, then drop the rest. */
  async drain(deadlineMs: number): Promise<void> {
    this.stopped = true;
    const idle = new Promise<void>((resolve) => {
      const c = this.limiter.counts();
      if (c.RECEIVED + c.QUEUED + c.RUNNING + c.EXECUTING === 0) resolve();
      else this.limiter.on("idle", () => resolve());
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), deadlineMs);
    });
    const outcome = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      const left = this.queued();
      this.counts.dropped += left;
      this.opts.log.warn({ sink: this.opts.name, dropped: left }, "shutdown deadline reached: queued lines dropped");
    }
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.limiter.disconnect().catch(() => undefined);
  }
}
