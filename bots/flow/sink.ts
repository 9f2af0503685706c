/**
 * The usual sink with one destination (a Mastodon account, the console, and the
 * sinks to come): filter -> flow (queue, digests, pace) -> transport. The flow
 * starts at once so that messages queue (and fold into digests) while the
 * transport gets ready; `ready()` of the transport holds the lines until then.
 */
import type { FlowConfig, LimitConfig } from "../../config/common.js";
import type { Message, Summary } from "../../formatters/index.js";
import type { Filter } from "../filter.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { systemFlowClock, type FlowClock } from "./clock.js";
import { Flow } from "./flow.js";
import type { Ticket } from "./outcome.js";
import { Pacer } from "./pacer.js";
import type { Transport } from "./transport.js";

/** The lane of a single-destination sink. */
export const MAIN_LANE = "main";

export interface FlowSinkOptions {
  readonly name: string;
  readonly filter: Filter;
  readonly limit: LimitConfig;
  readonly flow: FlowConfig;
  readonly transport: Transport;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly clock?: FlowClock;
  /** A pacer of the sink's own making (Mastodon's windows); default: from `limit`. */
  readonly pacer?: Pacer;
  /** Share the pace through Redis with every replica of the same id (see pacer.ts). */
  readonly cluster?: { readonly url: string; readonly id: string };
  /** Connects the transport (checks the account); the flow already queues meanwhile. */
  readonly start?: () => Promise<void>;
  readonly close?: () => Promise<void>;
}

export class FlowSink implements Sink {
  readonly name: string;
  readonly flow: Flow;
  readonly pacer: Pacer;

  constructor(private readonly opts: FlowSinkOptions) {
    this.name = opts.name;
    const clock = opts.clock ?? systemFlowClock;
    this.pacer =
      opts.pacer ??
      new Pacer({ rate: opts.limit.rate, burst: opts.limit.burst, clock, ...(opts.cluster ? { cluster: opts.cluster } : {}) });
    this.flow = new Flow({
      name: opts.name,
      lanes: [MAIN_LANE],
      limit: opts.limit,
      flow: opts.flow,
      transport: opts.transport,
      pacer: this.pacer,
      clock,
      log: opts.log,
      metrics: opts.metrics,
    });
  }

  wantsTopic(topic: string): boolean {
    return this.opts.filter.acceptsTopic(topic);
  }

  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    if (!this.opts.filter.acceptsSummary(summary)) this.flow.filtered(MAIN_LANE, ticket);
    else this.flow.offer(MAIN_LANE, msg, summary, ticket);
  }

  async start(): Promise<void> {
    this.flow.start();
    try {
      await this.opts.start?.();
    } catch (err) {
      await this.flow.stop(0);
      throw err;
    }
    this.flow.wake();
  }

  async stop(deadlineMs: number): Promise<void> {
    await this.flow.stop(deadlineMs);
    await this.opts.close?.();
  }
}
