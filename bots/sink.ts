/**
 * A sink is one destination (an IRC connection, a Mastodon account, the console).
 * The pipeline offers it every formatted message with a ticket; the sink filters,
 * hands the message to its flow layer (bots/flow/: queue, digests, pacing) and
 * settles the ticket when the outcome is final. `offer` never blocks the pipeline.
 */
import type { Message, Summary } from "../formatters/index.js";
import type { Ticket } from "./flow/outcome.js";

export interface Sink {
  readonly name: string;
  /** Cheap topic check before formatting; false for every sink skips the formatter. */
  wantsTopic(topic: string): boolean;
  /**
   * Filter on the summary and queue. Must return at once. The sink settles `ticket`
   * exactly once: filtered at once, or sent/digested/dropped when that is final.
   */
  offer(msg: Message, summary: Summary, ticket: Ticket): void;
  start(): Promise<void>;
  /** Stop taking messages; turn what is queued into digests and send them until the deadline; close. */
  stop(deadlineMs: number): Promise<void>;
}
