/**
 * Sinks that remember what they sent (SentStore), wrapped around the bot's own
 * sinks by the runner:
 *
 * - when a sink's line is handed to its socket (`Ticket.written`, IRC) or, for the
 *   others, when its ticket settles `sent` or `digested`, the id is written for that
 *   sink (in Redis when configured), so a redelivery, after a restart or to a
 *   replica, finds it. IRC writes it in the tick of the line's write: the SET goes
 *   to Redis's socket right behind the line (ioredis writes at once when ready; no
 *   auto-pipelining), so a SIGKILL can fall between the two only within
 *   microseconds, and then shows the line again rather than losing it; a written
 *   line whose ticket then ends otherwise (dropped) is forgotten again;
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
        let marked = false;
        let settled = false;
        inner.offer(msg, summary, {
          written: () => {
            if (marked || settled) return;
            marked = true;
            store.markDone(id, inner.name);
          },
          settle: (outcome: Outcome, reason?: DropReason) => {
            if (!settled) {
              settled = true;
              if (outcome === "sent" || outcome === "digested") {
                if (!marked) store.markDone(id, inner.name);
              } else if (marked) store.forget(id, inner.name);
            }
            ticket.settle(outcome, reason);
          },
        });
      },
    };
  }
}
