/**
 * Tickets (see outcome.ts): settled once, later calls ignored and reported.
 * `splitTicket` gives a sink with several destinations (an IRC connection's
 * channels) one ticket per destination; the parent settles when all have, with
 * the outcome that matters most to the source, and hears `written` once every
 * destination's line is written (see `splitTicket`).
 */
import type { DropReason, Outcome, Ticket } from "./outcome.js";

/**
 * A ticket that settles once: the first `settle` goes to `onSettle`, any later one to
 * `onSettledAgain` (a bug, reported there); `written` is passed on until it settles.
 * A class, so that a ticket is one small object whose methods live on the prototype:
 * a burst makes one per message and sink.
 */
export abstract class OnceTicket implements Ticket {
  private done = false;

  get settled(): boolean {
    return this.done;
  }

  settle(outcome: Outcome, reason?: DropReason): void {
    if (this.done) {
      this.onSettledAgain(outcome);
      return;
    }
    this.done = true;
    this.onSettle(outcome, reason);
  }

  written(): void {
    if (!this.done) this.onWritten();
  }

  protected abstract onSettle(outcome: Outcome, reason?: DropReason): void;
  protected onSettledAgain(_outcome: Outcome): void {
    // Ignored unless a subclass reports it.
  }
  protected onWritten(): void {
    // Nobody listens unless a subclass does.
  }
}

/** A OnceTicket calling the functions it is given. */
class CallbackTicket extends OnceTicket {
  constructor(
    private readonly settleFn: (outcome: Outcome, reason?: DropReason) => void,
    private readonly againFn?: (outcome: Outcome) => void,
    private readonly writtenFn?: () => void,
  ) {
    super();
  }
  protected onSettle(outcome: Outcome, reason?: DropReason): void {
    this.settleFn(outcome, reason);
  }
  protected override onSettledAgain(outcome: Outcome): void {
    this.againFn?.(outcome);
  }
  protected override onWritten(): void {
    this.writtenFn?.();
  }
}

/** A ticket that calls `onSettle` on the first settle only, and `onExtra` on any later one (a bug). */
export function onceTicket(
  onSettle: (outcome: Outcome, reason?: DropReason) => void,
  onExtra?: (outcome: Outcome) => void,
  onWritten?: () => void,
): OnceTicket {
  return new CallbackTicket(onSettle, onExtra, onWritten);
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
