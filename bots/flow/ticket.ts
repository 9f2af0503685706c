/**
 * Tickets (see outcome.ts): settled once, later calls ignored and reported.
 * `splitTicket` gives a sink with several destinations (an IRC connection's
 * channels) one ticket per destination; the parent settles when all have, with
 * the outcome that matters most to the source.
 */
import type { DropReason, Outcome, Ticket } from "./outcome.js";

/** A ticket that calls `onSettle` on the first settle only, and `onExtra` on any later one (a bug). */
export function onceTicket(
  onSettle: (outcome: Outcome, reason?: DropReason) => void,
  onExtra?: (outcome: Outcome) => void,
): Ticket & { readonly settled: boolean } {
  let settled = false;
  return {
    get settled() {
      return settled;
    },
    settle(outcome, reason) {
      if (settled) {
        onExtra?.(outcome);
        return;
      }
      settled = true;
      onSettle(outcome, reason);
    },
  };
}

/** A ticket nobody waits for (the CLI's tail, tests that do not look). */
export const NO_TICKET: Ticket = { settle: () => undefined };

/** Rank for combining: a drop anywhere is what the source must hear about, then sent, digested, filtered. */
const RANK: Record<Outcome, number> = { dropped: 3, sent: 2, digested: 1, filtered: 0 };

/**
 * `n` child tickets of `parent`; the parent settles once all children have, with
 * the highest-ranked outcome (dropped > sent > digested > filtered). n = 0 settles
 * the parent as filtered at once.
 */
export function splitTicket(parent: Ticket, n: number): Ticket[] {
  if (n === 0) {
    parent.settle("filtered");
    return [];
  }
  let left = n;
  let best: Outcome = "filtered";
  let reason: DropReason | undefined;
  const children: Ticket[] = [];
  for (let i = 0; i < n; i++) {
    children.push(
      onceTicket((outcome, r) => {
        if (RANK[outcome] > RANK[best]) {
          best = outcome;
          reason = r;
        }
        if (--left === 0) parent.settle(best, reason);
      }),
    );
  }
  return children;
}
