/**
 * The pipeline: source input -> decode -> dedupe -> filter (topic) -> format ->
 * sinks (filter on people/packages -> flow: queue, digest, pace -> render ->
 * transport). A bad input is counted, logged with its topic and id, and skipped;
 * nothing stops the stream.
 *
 * Accounting (bots/flow/outcome.ts): each sink that takes a message gets its own
 * ticket; the input's `settle` is called exactly once, "done" when every ticket
 * is settled (or at once when no sink takes the message: a duplicate, a topic no
 * sink wants), "malformed" when it cannot be decoded or its signature is bad. A
 * sink that throws in `offer` has its ticket settled as dropped (`sink_error`).
 */
import { DecodeError, formatTrace, type FormatOptions, type Message, type Summary } from "../formatters/index.js";
import { decodeInput, peekIdentity, rawTextOf } from "./decode.js";
import { Dedupe, dedupeKey } from "./dedupe.js";
import type { DropReason, InputResult, Outcome } from "./flow/outcome.js";
import { OnceTicket } from "./flow/ticket.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { Sink } from "./sink.js";
import type { SourceInput } from "./sources/source.js";

/** The verify stage's verdict on one message. */
export type Verdict = { readonly ok: true; readonly signer?: string } | { readonly ok: false; readonly reason: string };

export interface PipelineOptions {
  /**
   * Checks fedmsg signatures of what arrives as ZeroMQ frames (config `validate_signatures`).
   * Gets the decoded message and the JSON text it came from.
   */
  readonly verify?: (msg: Message, rawText: string) => Verdict;
  readonly sinks: readonly Sink[];
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly dedupeSize: number;
  /** Larger messages are counted as malformed and skipped (config `zmq.max_message_bytes`). */
  readonly maxMessageBytes?: number;
  readonly format?: FormatOptions;
  /** Called with every formatted message (tail, tests). */
  readonly onFormatted?: (msg: Message, summary: Summary) => void;
}

/**
 * The books of one input that sinks took: counts down the tickets still open and settles the
 * source's input when the last one settles, "requeue" if any was dropped at shutdown. Entered in
 * the pipeline's `inFlight` by topic and id only while a sink still holds the message (most settle during
 * `offer`), so that a copy arriving meanwhile waits for the same result (`copies`).
 */
class InputBooks {
  private open: number;
  /** Decided per input (not looked up by id, which may be absent or shared): a drop at shutdown gives it back. */
  private giveBack = false;
  /** The settles of copies that arrived while this one was in flight. */
  copies: ((r: InputResult) => void)[] | undefined;
  /** Its key in the pipeline's `inFlight`, while it stands there. */
  private flightKey: string | undefined;

  constructor(
    readonly pipeline: Pipeline,
    readonly msg: Message,
    sinks: number,
    private readonly settleInput: ((r: InputResult) => void) | undefined,
  ) {
    this.open = sinks;
  }

  get isOpen(): boolean {
    return this.open > 0;
  }

  /** Still held by a sink: entered in the in-flight table under `key`, so copies wait for it. */
  enterFlight(key: string): void {
    this.flightKey = key;
    this.copies = [];
  }

  /** One ticket's first settle. */
  ticketSettled(outcome: Outcome, reason?: DropReason): void {
    if (outcome === "dropped" && reason === "shutdown") this.giveBack = true;
    if (--this.open === 0) this.finish(this.giveBack ? "requeue" : "done");
  }

  finish(r: InputResult): void {
    if (this.flightKey !== undefined) this.pipeline.leftFlight(this.flightKey, this);
    this.settleInput?.(r);
    const copies = this.copies;
    this.copies = undefined;
    if (copies) for (const copy of copies) copy(r);
  }
}

/** The ticket of one sink for one input: one small object per message and sink. */
class SinkTicket extends OnceTicket {
  constructor(
    private readonly books: InputBooks,
    private readonly sink: Sink,
  ) {
    super();
  }
  protected onSettle(outcome: Outcome, reason?: DropReason): void {
    this.books.ticketSettled(outcome, reason);
  }
  protected override onSettledAgain(outcome: Outcome): void {
    this.books.pipeline.settledTwice(this.sink, this.books.msg, outcome);
  }
}

export class Pipeline {
  private readonly dedupe: Dedupe;
  /**
   * Dedupe key (topic and id) -> the books of an input a sink still holds (bounded by what is in flight). A message
   * that every sink settles during `offer` never enters it.
   */
  private readonly inFlight = new Map<string, InputBooks>();

  constructor(private readonly opts: PipelineOptions) {
    this.dedupe = new Dedupe(opts.dedupeSize);
  }

  /** Entry point for sources. Throws only when a stage has a bug (see `handle`). */
  readonly accept = (input: SourceInput): void => {
    const { metrics, log } = this.opts;
    metrics.inc("received", { origin: input.origin });
    let msg: Message;
    try {
      msg = decodeInput(input, this.opts.maxMessageBytes);
    } catch (err) {
      metrics.inc("malformed", { origin: input.origin });
      const { topic, id } = peekIdentity(input);
      log.warn(
        { origin: input.origin, topic, msg_id: id, reason: err instanceof DecodeError ? err.reason : String(err) },
        "malformed message skipped",
      );
      input.settle?.("malformed");
      return;
    }
    if (this.opts.verify && input.kind === "frames") {
      const verdict = this.opts.verify(msg, rawTextOf(input) ?? "");
      if (!verdict.ok) {
        metrics.inc("invalid_signatures", { origin: input.origin });
        log.warn(
          { origin: input.origin, topic: msg.topic.full, msg_id: msg.id, reason: verdict.reason },
          "message with an invalid signature skipped",
        );
        input.settle?.("malformed");
        return;
      }
    }
    this.handle(msg, input.origin, input.settle);
  };

  /**
   * Process an already-decoded message; `settle` as on SourceInput. A stage that
   * throws (a bug) makes this throw, with the id forgotten by the dedupe: the
   * source may give the message another try (AMQP requeues it), and that
   * redelivery must be processed, not skipped as a duplicate.
   */
  handle(msg: Message, origin = "direct", settle?: (r: InputResult) => void): void {
    const { metrics, log } = this.opts;
    const id = msg.id;
    // Topic and id: another topic reusing an id is another message (a spoof with the same topic and id needs validate_signatures).
    const key = dedupeKey(msg.topic.full, id);
    if (!this.dedupe.firstTime(key)) {
      metrics.inc("duplicates");
      log.debug({ topic: msg.topic.full, msg_id: id, origin }, "duplicate message skipped");
      // A copy of a message still in flight (the same topic and id over ZeroMQ and AMQP) is settled with it: acked only
      // once the first copy is final, and given back if that one was dropped at shutdown (ZeroMQ cannot give back).
      const waiting = key === null ? undefined : this.inFlight.get(key);
      if (waiting?.copies && settle) waiting.copies.push(settle);
      else settle?.("done");
      return;
    }
    let books: InputBooks | undefined;
    try {
      books = this.process(msg, settle);
    } catch (err) {
      this.dedupe.forget(key);
      throw err;
    }
    // Still held by a sink: a copy that arrives meanwhile is settled with it.
    if (books?.isOpen && key !== null) {
      books.enterFlight(key);
      this.inFlight.set(key, books);
    }
  }

  /** `books` is final: its key leaves the in-flight table (unless a later copy took the entry over). */
  leftFlight(key: string, books: InputBooks): void {
    if (this.inFlight.get(key) === books) this.inFlight.delete(key);
  }

  /** A ticket settled a second time: a bug in the sink, counted and logged; the second outcome is ignored. */
  settledTwice(sink: Sink, msg: Message, outcome: Outcome): void {
    this.opts.metrics.inc("ticket_settled_twice", { sink: sink.name });
    this.opts.log.error(
      { sink: sink.name, topic: msg.topic.full, msg_id: msg.id, outcome },
      "a ticket was settled twice (a bug); the second outcome is ignored",
    );
  }

  /** The books of the input when sinks took it (undefined when none did). */
  private process(msg: Message, settle?: (r: InputResult) => void): InputBooks | undefined {
    const { metrics, log, sinks } = this.opts;
    const wanting = sinks.filter((s) => s.wantsTopic(msg.topic.full));
    if (wanting.length === 0) {
      metrics.inc("filtered_all");
      if (!this.opts.onFormatted) {
        settle?.("done");
        return undefined;
      }
    }
    const formatStarted = performance.now();
    const trace = formatTrace(msg, this.opts.format);
    // Labelled by the formatter that answered (bounded: the registry's names), not the topic's service.
    metrics.observe("format", (performance.now() - formatStarted) / 1000, { service: trace.service });
    for (const e of trace.errors) {
      metrics.inc("formatter_errors", { service: e.service });
      log.error(
        { topic: msg.topic.full, msg_id: msg.id, formatter: e.service, key: e.key, err: e.error },
        "formatter failed; next formatter used",
      );
    }
    metrics.inc("formatted");
    try {
      this.opts.onFormatted?.(msg, trace.summary);
    } catch (err) {
      log.error({ topic: msg.topic.full, msg_id: msg.id, err }, "onFormatted failed; message goes on to the sinks");
    }
    if (wanting.length === 0) {
      settle?.("done");
      return undefined;
    }
    // Counted down by each ticket's first settle; the last one settles the input.
    const books = new InputBooks(this, msg, wanting.length, settle);
    for (const sink of wanting) {
      const ticket = new SinkTicket(books, sink);
      try {
        sink.offer(msg, trace.summary, ticket);
      } catch (err) {
        metrics.inc("sink_errors", { sink: sink.name });
        log.error({ sink: sink.name, topic: msg.topic.full, msg_id: msg.id, err }, "sink failed on a message; counted as dropped");
        if (!ticket.settled) ticket.settle("dropped", "sink_error");
      }
    }
    return books;
  }
}
