/**
 * A sink with several destinations on one flow (an IRC connection's channels, a
 * Matrix account's rooms): each destination is a lane with its own filter. A
 * message's ticket is split among the lanes that take its topic (`splitTicket`);
 * a lane whose filter refuses the summary settles its share "filtered"; the
 * others ask the runner's memory of sent lines first (`SentMarks.track`, when the
 * runner gave one): a destination that already has the line settles its share
 * "sent" there and then, the others queue it, under a ticket that remembers it
 * for that destination once written.
 */
import type { Message, Summary } from "../../formatters/index.js";
import type { Filter } from "../filter.js";
import type { SentMarks } from "../sink.js";
import type { Flow } from "./flow.js";
import type { Ticket } from "./outcome.js";
import { NO_TICKET, splitTicket } from "./ticket.js";

export interface Destination {
  /** The flow lane, also the destination's name in the memory of sent lines (the channel or room as configured). */
  readonly lane: string;
  readonly filter: Filter;
}

export function offerToDestinations(
  flow: Flow,
  destinations: readonly Destination[],
  msg: Message,
  summary: Summary,
  ticket: Ticket,
  marks: SentMarks | undefined,
): void {
  const taking = destinations.filter((d) => d.filter.acceptsTopic(msg.topic.full));
  const tickets = splitTicket(ticket, taking.length);
  taking.forEach((d, i) => {
    const t = tickets[i] ?? NO_TICKET;
    if (!d.filter.acceptsSummary(summary)) {
      flow.filtered(d.lane, t);
      return;
    }
    const queued = marks ? marks.track(msg, d.lane, t) : t;
    if (queued) flow.offer(d.lane, msg, summary, queued);
  });
}
