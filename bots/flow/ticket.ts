/**
 * Tickets (see outcome.ts): settled once, later calls ignored and reported.
 * `splitTicket` gives a sink with several destinations (an IRC connection's
 * channels) one ticket per destination; the parent settles when all have, with
 * the outcome that matters most to the source, and hears `written` once every
 * destination's line is written (see `splitTicket`).
 */
import type { DropReason, Outcome, Ticket } from "./outcome.js";

/** A ticket that calls `onSettle` on the first settle only, and `onExtra` on any later one (a bug). */
export function onceTicket(
  onSettle: (outcome: Outcome, reason?: DropReason) => void,
  onExtra?: (outcome: Outcome) => void,
  onWritten?: () => void,
): Ticket & { readonly settled: boolean } {
  let settled = false;
  return {
    get settled() {
      return settled;
    },
    written() {
      if (!settled) onWritten?.();
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
 *
 * `parent.written()` is called when no child is left waiting (each was written or
 * settled), at least one was written, and none was dropped: the message's lines
 * are all out. (The memory of sent lines does not wait for it: it is kept per
 * destination, on each child; see sent-sinks.ts.)
 */
export function splitTicket(parent: Ticket, n: number): Ticket[] {
  if (n === 0) {
    parent.settle("filtered");
    return [];
  }
  let left = n;
  let best: Outcome = "filtered";
  let reason: DropReason | undefined;
  // Children neither written nor settled yet; whether any line was written; whether the parent heard so.
  let waiting = n;
  let anyWritten = false;
  let told = false;
  const maybeWritten = (): void => {
    if (told || waiting > 0 || !anyWritten || best === "dropped" || left === 0) return;
    told = true;
    parent.written?.();
  };
  const children: Ticket[] = [];
  for (let i = 0; i < n; i++) {
    let counted = false;
    const resolved = (): void => {
      if (counted) return;
      counted = true;
      waiting--;
    };
    children.push(
      onceTicket(
        (outcome, r) => {
          if (RANK[outcome] > RANK[best]) {
            best = outcome;
            reason = r;
          }
          resolved();
          if (--left === 0) parent.settle(best, reason);
          else maybeWritten();
        },
        undefined,
        () => {
          anyWritten = true;
          resolved();
          maybeWritten();
        },
      ),
    );
  }
  return children;
}
