/** Test helpers for the flow layer: recording tickets, a recording transport, configs (messages and summaries: builders.ts). */
import type { FlowConfig, LimitConfig } from "../../config/common.js";
import { flowSchema, limitSchema } from "../../config/common.js";
import type { FlowClock } from "../../bots/flow/clock.js";
import type { DropReason, Outcome, Ticket } from "../../bots/flow/outcome.js";
import type { Outgoing, SendResult, Transport } from "../../bots/flow/transport.js";

/** Tickets that remember their outcome and count settles beyond the first (a bug). */
export class Tickets {
  readonly outcomes = new Map<number, { outcome: Outcome; reason: DropReason | undefined }>();
  extra = 0;
  private n = 0;

  make(): Ticket & { id: number } {
    const id = this.n++;
    return {
      id,
      settle: (outcome, reason) => {
        if (this.outcomes.has(id)) this.extra++;
        else this.outcomes.set(id, { outcome, reason });
      },
    };
  }

  get issued(): number {
    return this.n;
  }

  count(outcome: Outcome, reason?: DropReason): number {
    let c = 0;
    for (const o of this.outcomes.values()) if (o.outcome === outcome && (reason === undefined || o.reason === reason)) c++;
    return c;
  }
}

export interface SentLine {
  readonly at: number;
  readonly out: Outgoing;
}

/** A transport that records what it sends, at what (monotonic) time; `ready` and results are switchable. */
export class RecordingTransport implements Transport {
  readonly sent: SentLine[] = [];
  readyLanes: (lane: string) => boolean = () => true;
  result: (out: Outgoing) => SendResult = () => "sent";

  constructor(private readonly clock: FlowClock) {}

  ready(lane: string): boolean {
    return this.readyLanes(lane);
  }

  send(out: Outgoing): Promise<SendResult> {
    const r = this.result(out);
    if (r === "sent") this.sent.push({ at: this.clock.now(), out });
    return Promise.resolve(r);
  }

  /** Messages accounted for by what was sent (a single counts 1, a digest its count). */
  get messages(): number {
    return this.sent.reduce((n, l) => n + l.out.count, 0);
  }

  /** The most lines sent within any window of `ms`. */
  maxInWindow(ms: number): number {
    let best = 0;
    let j = 0;
    for (let i = 0; i < this.sent.length; i++) {
      while ((this.sent[i]?.at ?? 0) - (this.sent[j]?.at ?? 0) >= ms) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }
}

export function limit(over: Partial<LimitConfig> = {}): LimitConfig {
  return limitSchema.parse(over);
}

export function flowConfig(over: Record<string, unknown> = {}): FlowConfig {
  return flowSchema.parse(over);
}
