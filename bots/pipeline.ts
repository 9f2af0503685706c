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
import { Dedupe } from "./dedupe.js";
import type { InputResult } from "./flow/outcome.js";
import { onceTicket } from "./flow/ticket.js";
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

export class Pipeline {
  private readonly dedupe: Dedupe;
  /** Message id -> the settles of copies that arrived while it was in flight (bounded by what is in flight). */
  private readonly inFlight = new Map<string, ((r: InputResult) => void)[]>();

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
    if (!this.dedupe.firstTime(id)) {
      metrics.inc("duplicates");
      log.debug({ topic: msg.topic.full, msg_id: id, origin }, "duplicate message skipped");
      // A copy of a message still in flight (the same id over ZeroMQ and AMQP) is settled with it: acked only
      // once the first copy is final, and given back if that one was dropped at shutdown (ZeroMQ cannot give back).
      const waiting = id === null ? undefined : this.inFlight.get(id);
      if (waiting && settle) waiting.push(settle);
      else settle?.("done");
      return;
    }
    let finish = settle;
    const copies: ((r: InputResult) => void)[] = [];
    if (id !== null) {
      this.inFlight.set(id, copies);
      finish = (r) => {
        if (this.inFlight.get(id) === copies) this.inFlight.delete(id);
        settle?.(r);
        for (const copy of copies.splice(0)) copy(r);
      };
    }
    try {
      this.process(msg, finish);
    } catch (err) {
      this.dedupe.forget(id);
      if (id !== null && this.inFlight.get(id) === copies) this.inFlight.delete(id);
      // The source gives its own input another try; the copies that waited on it get one too.
      for (const copy of copies.splice(0)) copy("requeue");
      throw err;
    }
  }

  private process(msg: Message, settle?: (r: InputResult) => void): void {
    const { metrics, log, sinks } = this.opts;
    const wanting = sinks.filter((s) => s.wantsTopic(msg.topic.full));
    if (wanting.length === 0) {
      metrics.inc("filtered_all");
      if (!this.opts.onFormatted) {
        settle?.("done");
        return;
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
    // Counted down by each ticket's first settle; the last one settles the input.
    let open = wanting.length;
    // Decided per input (not looked up by id, which may be absent or shared): a drop at shutdown gives it back.
    let giveBack = false;
    if (open === 0) settle?.("done");
    for (const sink of wanting) {
      const ticket = onceTicket(
        (outcome, reason) => {
          if (outcome === "dropped" && reason === "shutdown") giveBack = true;
          if (--open === 0) settle?.(giveBack ? "requeue" : "done");
        },
        (outcome) => {
          metrics.inc("ticket_settled_twice", { sink: sink.name });
          log.error(
            { sink: sink.name, topic: msg.topic.full, msg_id: msg.id, outcome },
            "a ticket was settled twice (a bug); the second outcome is ignored",
          );
        },
      );
      try {
        sink.offer(msg, trace.summary, ticket);
      } catch (err) {
        metrics.inc("sink_errors", { sink: sink.name });
        log.error({ sink: sink.name, topic: msg.topic.full, msg_id: msg.id, err }, "sink failed on a message; counted as dropped");
        if (!ticket.settled) ticket.settle("dropped", "sink_error");
      }
    }
  }
}
