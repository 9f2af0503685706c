/**
 * Sinks that remember what they sent (SentStore), wrapped around the bot's own
 * sinks by the runner. The memory is kept per destination: a sink with several
 * (an IRC connection's channels, a Matrix account's rooms: `Sink.destinations`)
 * asks it for each destination before that destination's line is queued
 * (`SentMarks.track`), under `<sink>/<destination>`; any other sink is one
 * destination, under its name. Per destination, because a message's lines do not
 * all end alike: while one channel refuses the bot (a wrong +k key), the others'
 * lines go out, and a restart must show them again neither there (a repeat) nor
 * skip the refused channel (a loss).
 *
 * - when a destination's line is handed to its socket (`Ticket.written`, IRC) or,
 *   failing that, when its ticket settles `sent` or `digested`, its mark (topic and
 *   id: `sentMark`) is written for that destination (in Redis when configured), so a redelivery, after a
 *   restart or to a replica, finds it. IRC writes it in the tick of the line's
 *   write: the SET goes to Redis's socket right behind the line (ioredis writes at
 *   once when ready; no auto-pipelining), so a SIGKILL can fall between the two
 *   only within microseconds, and then shows the line again rather than losing
 *   it; a written line whose ticket then ends otherwise (dropped) is forgotten
 *   again;
 * - a message a destination already has is not queued for it again: its ticket
 *   (the destination's share) is settled as sent (the line exists), counted in
 *   `sink_already_sent` (labelled with the destination: `channel`, `room`);
 * - a message dropped at shutdown (past the deadline) is not remembered here: the
 *   pipeline settles that input "requeue", and the AMQP source gives it back to
 *   the broker for the next run or a replica, which queues it only for the
 *   destinations that do not have it.
 */
import type { DropReason, Outcome, Ticket } from "./flow/outcome.js";
import type { Metrics } from "./metrics.js";
import { sentMark, type SentStore } from "./sent-store.js";
import type { Sink } from "./sink.js";

/** A destination's name in the store: `<sink>/<destination>` (an IRC channel, a Matrix room as configured). */
export function destinationKey(sink: string, destination: string): string {
  return `${sink}/${destination}`;
}

export class SinkMemory {
  /** The name in the store of every destination of the sinks wrapped so far. */
  private readonly names: string[] = [];

  constructor(
    readonly store: SentStore,
    private readonly metrics: Metrics,
  ) {}

  /** Every destination of the sinks wrapped so far, by its name in the store. */
  get destinations(): readonly string[] {
    return this.names;
  }

  /**
   * Whether every destination already has a line for the message of this topic and id (asked of
   * Redis when it answers; what it says is kept in process for the offers that follow): the
   * delivery can be acked without a line. Under the same mark as `track` writes (`sentMark`).
   */
  async allSent(topic: string, id: string): Promise<boolean> {
    const names = this.names;
    const mark = sentMark(topic, id);
    return names.length > 0 && mark !== null && (await this.store.lookup(mark, names)).size === names.length;
  }

  wrap(inner: Sink): Sink {
    if (inner.destinations && inner.useMarks) {
      const { label, names, fold = (d: string) => d } = inner.destinations;
      for (const d of names) this.names.push(destinationKey(inner.name, fold(d)));
      inner.useMarks({
        track: (msg, destination, ticket) =>
          this.track(
            sentMark(msg.topic.full, msg.id),
            destinationKey(inner.name, fold(destination)),
            { sink: inner.name, [label]: destination },
            ticket,
          ),
      });
      // It asks per destination itself: its offers need no wrapping.
      return inner;
    }
    this.names.push(inner.name);
    const labels = { sink: inner.name };
    return {
      name: inner.name,
      wantsTopic: (topic) => inner.wantsTopic(topic),
      start: () => inner.start(),
      stop: (deadlineMs) => inner.stop(deadlineMs),
      offer: (msg, summary, ticket) => {
        const t = this.track(sentMark(msg.topic.full, msg.id), inner.name, labels, ticket);
        if (t) inner.offer(msg, summary, t);
      },
    };
  }

  /** See `SentMarks.track`: `id` is the message's `sentMark` (topic and id), `key` the destination's name in the store, `labels` those of its metric. */
  private track(id: string | null, key: string, labels: Record<string, string>, ticket: Ticket): Ticket | null {
    const { store, metrics } = this;
    if (id === null) return ticket;
    if (store.isDone(id, key)) {
      metrics.inc("sink_already_sent", labels);
      ticket.settle("sent");
      return null;
    }
    let marked = false;
    let settled = false;
    return {
      written: () => {
        if (!marked && !settled) {
          marked = true;
          store.markDone(id, key);
        }
        ticket.written?.();
      },
      unwritten: () => {
        // Not shown after all (refused, or the connection lost it): a restart before it goes again must show it.
        if (marked && !settled) {
          marked = false;
          store.forget(id, key);
        }
        ticket.unwritten?.();
      },
      settle: (outcome: Outcome, reason?: DropReason) => {
        if (!settled) {
          settled = true;
          // A line the socket did not yet hold when it was written (IRC) is marked here, once confirmed.
          if (outcome === "sent" || outcome === "digested") {
            if (!marked) store.markDone(id, key);
          } else if (marked) store.forget(id, key);
        }
        ticket.settle(outcome, reason);
      },
    };
  }
}
