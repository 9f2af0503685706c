/**
 * Sinks that remember what they sent (SentStore), wrapped around the bot's own
 * sinks by the runner:
 *
 * - when a sink's ticket settles `sent` or `digested`, the id is written for that
 *   sink (in Redis when configured), so a redelivery, after a restart or to a
 *   replica, finds it;
 * - a message this sink already sent is not offered again: its ticket is settled
 *   as sent (the line exists), counted in `sink_already_sent`;
 * - a message dropped at shutdown (past the deadline) is not remembered here: the
 *   pipeline settles that input "requeue", and the AMQP source gives it back to
 *   the broker for the next run or a replica.
 */
import type { Message, Summary } from "../formatters/index.js";
import type { DropReason, Outcome, Ticket } from "./flow/outcome.js";
import type { Metrics } from "./metrics.js";
import type { SentStore } from "./sent-store.js";
import type { Sink } from "./sink.js";

export class SinkMemory {
  constructor(
    readonly store: SentStore,
    private readonly metrics: Metrics,
  ) {}

  wrap(inner: Sink): Sink {
    const { store, metrics } = this;
    const labels = { sink: inner.name };
    return {
      name: inner.name,
      wantsTopic: (topic) => inner.wantsTopic(topic),
      start: () => inner.start(),
      stop: (deadlineMs) => inner.stop(deadlineMs),
      offer: (msg: Message, summary: Summary, ticket: Ticket) => {
        const id = msg.id;
        if (id !== null && store.isDone(id, inner.name)) {
          metrics.inc("sink_already_sent", labels);
          ticket.settle("sent");
          return;
        }
        inner.offer(msg, summary, {
          settle: (outcome: Outcome, reason?: DropReason) => {
            if (outcome === "sent" || outcome === "digested") store.markDone(id, inner.name);
            ticket.settle(outcome, reason);
          },
        });
      },
    };
  }
}
