/**
 * The port between the flow layer and a transport (IRC, Mastodon, console, and
 * the sinks to come). A new sink is a small adapter: say whether a lane can take
 * a line now, and send one line. The flow layer does the rest (queue, digests,
 * pacing, accounting, shutdown).
 */
import type { Message, Summary } from "../../formatters/index.js";
import type { DropReason } from "./outcome.js";

/** One line to send: a message's own, a digest, or a statistics line. */
export interface Outgoing {
  readonly lane: string;
  readonly kind: "single" | "digest" | "stats";
  /** What to render, with the sink's own renderer (a late mark is already in its text). */
  readonly summary: Summary;
  /** The message of a single line; null for digests and statistics. */
  readonly msg: Message | null;
  /** The service of the line (hashtags, colours); "" when mixed. */
  readonly service: string;
  /** The full topic when the line is about one topic (content warnings); else null. */
  readonly topic: string | null;
  /** Messages this line accounts for (1 for a single, 0 for statistics). */
  readonly count: number;
  /** Stable identity of the line (an idempotency key can be derived from it). */
  readonly key: string;
  /**
   * Call right after handing the line's bytes to the socket, in the same tick (IRC:
   * after the synchronous socket write, before its callback): every message of the
   * line hears `written` (see Ticket), and the memory of sent ids is written in the
   * same tick, microseconds after the line, instead of a round trip later when the
   * send resolves. A SIGKILL in between would show the line again after a restart.
   * Transports whose "sent" is final when `send` resolves (a stored status) need
   * not call it.
   */
  readonly onWritten: () => void;
  /**
   * Call when a line `onWritten` was called for is not shown after all and goes back to its
   * queue (IRC: the server refused it, or the connection went away before proving it handled
   * it): the memory of sent ids forgets it again, so that a restart before it is sent again
   * shows it rather than skipping it. The flow calls it for every line it puts back.
   */
  readonly onUnwritten: () => void;
}

/**
 * What became of a line: "sent" only once the transport really delivered it (IRC:
 * the server proved it handled it; Mastodon: the status is stored); "requeue" puts
 * it back at the head of its lane (the connection went away, the server refused
 * it); `dropped` ends it for good.
 */
export type FinalSendResult = "sent" | "requeue" | { readonly dropped: DropReason };

/**
 * A final result, or `confirming`: the line is written and its result comes later (IRC: the
 * server's proof, fence.ts). The flow goes on with the lane's next line meanwhile, and settles
 * this one when the promise resolves (a line put back then goes to the head of its lane).
 */
export type SendResult = FinalSendResult | { readonly confirming: Promise<FinalSendResult> };

export interface Transport {
  /** Whether `lane` can take a line now (registered and joined; account checked and within its windows). */
  ready(lane: string): boolean;
  /**
   * Whether `lane` could take lines at all, pace and budget aside (IRC: the channel joined while the
   * connection is up, a server that is down being waited for; Matrix: the room joined). A lane unavailable for `flow.unavailable_after_s` on end has
   * its messages dropped ("unavailable") until it is available again. Absent: always available (a
   * transport whose `ready` is false only while it waits for its budget must not be given up).
   */
  available?(lane: string): boolean;
  /** Sends one line; never throws (a throw counts as dropped "gave_up"). */
  send(out: Outgoing): Promise<SendResult>;
}
