/**
 * A sink is one connection or account (an IRC connection, a Mastodon account, the
 * console) with one or more destinations (an IRC connection's channels, a Matrix
 * account's rooms). The pipeline offers it every formatted message with a ticket;
 * the sink filters, hands the message to its flow layer (bots/flow/: queue,
 * digests, pacing) and settles the ticket when the outcome is final. `offer`
 * never blocks the pipeline.
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
  /**
   * A sink with several destinations remembers what it sent per destination (sent-sinks.ts): the
   * metric label that names them (IRC "channel", Matrix "room") and their names, as the sink gives
   * them to `SentMarks.track`. Absent: the sink is one destination, remembered under its name.
   */
  readonly destinations?: {
    readonly label: string;
    readonly names: readonly string[];
    /**
     * A destination's name in the memory, for networks where two spellings name one place (IRC
     * channels are case-insensitive: `#Fedora` and `#fedora` are one channel). Absent: as given.
     */
    readonly fold?: (name: string) => string;
  };
  /** With `destinations`: the runner hands the sink its memory of sent lines, before `start`. */
  useMarks?(marks: SentMarks): void;
}

/** The memory of sent lines as a sink with several destinations uses it (sent-sinks.ts). */
export interface SentMarks {
  /**
   * Asked for each destination that takes `msg`, before its line is queued. null: this destination
   * already has the line (an earlier run or a replica wrote it), and `ticket` is settled "sent" and
   * counted in `sink_already_sent`. Else the ticket to queue instead of `ticket`: it writes the
   * destination's mark when its line is written (`Ticket.written`) or, failing that, when it
   * settles sent or digested, and takes the mark back when it ends otherwise.
   */
  track(msg: Message, destination: string, ticket: Ticket): Ticket | null;
}
