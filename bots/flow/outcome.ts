/**
 * The contract between sources, the pipeline and the sinks' flow layer: every
 * message a sink takes ends in exactly one outcome, and a source learns when a
 * message is done everywhere (the AMQP source acks only then).
 *
 * - A sink gets a `Ticket` with each message it takes (`Sink.offer`) and settles
 *   it exactly once, when the outcome is final: `sent` (its own line was written),
 *   `digested` (counted in a digest line that was written), `filtered`, or
 *   `dropped` with a stated reason (a hard memory bound, a shutdown past its
 *   deadline, a message the transport refused for good).
 * - The pipeline makes one ticket per sink that takes a message and settles the
 *   source's input once every ticket is settled (`SourceInput.settle("done")`),
 *   or at once when no sink takes it (duplicate, filtered everywhere). A message
 *   that cannot be decoded or fails its signature check settles "malformed".
 */

/** The final outcome of one message in one sink. */
export type Outcome = "sent" | "digested" | "filtered" | "dropped";

/** Why a message was dropped: a label on metrics and logs. */
export type DropReason =
  | "memory_bound"
  | "shutdown"
  | "rejected"
  | "gave_up"
  | "render"
  | "unauthorized"
  /** The sink threw while taking the message (a bug): the pipeline settles its ticket so nothing leaks. */
  | "sink_error"
  /**
   * Its lane could not take lines for `flow.unavailable_after_s` on end (an IRC channel that refuses
   * our JOIN: banned, invite-only, a bad key): held, it would stall the source (AMQP prefetch) and every other sink.
   */
  | "unavailable";

export interface Ticket {
  /** Settle once; later calls are ignored (and counted as a bug in tests). */
  settle(outcome: Outcome, reason?: DropReason): void;
  /**
   * The line carrying this message has just been handed to the socket, in this very
   * tick (IRC), before its write is confirmed and the ticket settles. The memory of
   * sent ids writes the id now, so a SIGKILL between the line and the settle does not
   * show the line twice after a restart. May be called again if the line is sent again;
   * a ticket that then settles other than sent or digested undoes it. Transports whose
   * "sent" is already final (a stored status) do not call it: the settle does.
   */
  written?(): void;
  /**
   * The line `written` was called for was not shown after all and goes back to its queue (the
   * server refused it, the connection went away before proving it handled it): undo `written`.
   */
  unwritten?(): void;
}

/**
 * What the pipeline tells a source about one of its inputs, exactly once.
 * "requeue": final everywhere, but some sink dropped it at shutdown: a source
 * that can (AMQP) gives it back so the next run or a replica shows it.
 */
export type InputResult = "done" | "malformed" | "requeue";
