/**
 * A sink is one destination (an IRC connection, a Mastodon account, the console).
 * The pipeline offers it every formatted message; the sink filters, renders and
 * queues without ever blocking the pipeline.
 */
import type { LimitConfig } from "../config/common.js";
import type { Message, Summary } from "../formatters/index.js";
import type { Filter } from "./filter.js";
import { LineLimiter } from "./limit.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";

export interface Sink {
  readonly name: string;
  /** Cheap topic check before formatting; false for every sink skips the formatter. */
  wantsTopic(topic: string): boolean;
  /** Filter on the summary, render and queue. Must return at once. */
  offer(msg: Message, summary: Summary): void;
  start(): Promise<void>;
  /** Stop taking messages; deliver what is queued until the deadline; close. */
  stop(deadlineMs: number): Promise<void>;
}

/** What a rendered line remembers of its message, for logs. */
export interface Outgoing<T> {
  readonly item: T;
  readonly topic: string;
  readonly id: string | null;
}

export interface LimitedSinkOptions<T> {
  readonly name: string;
  readonly filter: Filter;
  /** Render a summary; undefined skips the message. */
  readonly render: (summary: Summary, msg: Message) => T | undefined;
  readonly deliver: (item: T) => Promise<void>;
  readonly limit: LimitConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly start?: () => Promise<void>;
  readonly close?: () => Promise<void>;
}

/** The usual sink: filter -> render -> limiter -> transport. */
export class LimitedSink<T> implements Sink {
  readonly name: string;
  readonly limiter: LineLimiter<Outgoing<T>>;
  private readonly opts: LimitedSinkOptions<T>;

  constructor(opts: LimitedSinkOptions<T>) {
    this.opts = opts;
    this.name = opts.name;
    const labels = { sink: opts.name };
    this.limiter = new LineLimiter<Outgoing<T>>({
      name: opts.name,
      limit: opts.limit,
      log: opts.log,
      deliver: async (o) => {
        await opts.deliver(o.item);
        opts.metrics.inc("lines_sent", labels);
      },
      describe: (o) => ({ topic: o.topic, msg_id: o.id }),
      onDrop: () => opts.metrics.inc("lines_dropped", labels),
    });
  }

  wantsTopic(topic: string): boolean {
    return this.opts.filter.acceptsTopic(topic);
  }

  offer(msg: Message, summary: Summary): void {
    if (!this.opts.filter.acceptsSummary(summary)) {
      this.opts.metrics.inc("filtered", { sink: this.name });
      return;
    }
    const item = this.opts.render(summary, msg);
    if (item === undefined) return;
    this.limiter.submit({ item, topic: msg.topic.full, id: msg.id });
  }

  async start(): Promise<void> {
    await this.opts.start?.();
  }

  async stop(deadlineMs: number): Promise<void> {
    await this.limiter.drain(deadlineMs);
    await this.opts.close?.();
  }
}
