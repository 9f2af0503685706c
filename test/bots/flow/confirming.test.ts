/**
 * `confirming`: a transport whose "sent" comes later than the write (IRC: the server's proof,
 * bots/irc/fence.ts). The lane goes on meanwhile; a line put back is forgotten by the memory of
 * sent ids; at shutdown a late proof ends the line "shutdown", never silently.
 */
import { strict as assert } from "node:assert";
import { ManualClock } from "../../../bots/flow/clock.js";
import { Flow } from "../../../bots/flow/flow.js";
import type { Ticket } from "../../../bots/flow/outcome.js";
import { Pacer } from "../../../bots/flow/pacer.js";
import type { FinalSendResult, Outgoing, SendResult } from "../../../bots/flow/transport.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { SinkMemory } from "../../../bots/sent-sinks.js";
import { SentStore } from "../../../bots/sent-store.js";
import type { SentMarks, Sink } from "../../../bots/sink.js";
import { busMessage, summary } from "../../helpers/builders.js";
import { flowConfig, limit, Tickets } from "../../helpers/flow.js";

/** A transport that writes at once and answers each line when the test says. */
class ProvingTransport {
  readonly written: Outgoing[] = [];
  /** False: the lane takes no line (a muted channel). */
  open = true;
  private readonly answers: ((r: FinalSendResult) => void)[] = [];
  ready(): boolean {
    return this.open;
  }
  send(out: Outgoing): Promise<SendResult> {
    this.written.push(out);
    out.onWritten();
    return Promise.resolve({ confirming: new Promise<FinalSendResult>((resolve) => this.answers.push(resolve)) });
  }
  /** Answers the oldest unanswered line. */
  answer(r: FinalSendResult): void {
    const next = this.answers.shift();
    assert.ok(next, "a line awaits its answer");
    next(r);
  }
  get waiting(): number {
    return this.answers.length;
  }
}

function makeFlow(transport: ProvingTransport, clock: ManualClock, metrics = new Metrics()): Flow {
  return new Flow({
    name: "t",
    lanes: ["main"],
    limit: limit({ rate: 100, burst: 10, queue_max: 100 }),
    flow: flowConfig({ stats_interval_s: 0 }),
    transport,
    pacer: new Pacer({ rate: 100, burst: 10, clock }),
    clock,
    log: silentLogger(),
    metrics,
  });
}

describe("flow: lines whose result comes after the write (confirming)", () => {
  it("goes on with the next lines while earlier ones await their proof; a refused one is put back and sent again", async () => {
    const clock = new ManualClock();
    const transport = new ProvingTransport();
    const flow = makeFlow(transport, clock);
    const tickets = new Tickets();
    flow.start();
    for (const t of ["one", "two", "three"]) flow.offer("main", busMessage(), summary({ text: t }), tickets.make());
    await clock.runUntil(() => transport.written.length === 3, 5000, 10);
    assert.equal(transport.waiting, 3, "three lines out, none answered: the lane did not wait");
    assert.equal(flow.counts().queued, 3, "a line awaiting its proof counts as queued");
    assert.equal(tickets.outcomes.size, 0);
    transport.answer("sent");
    transport.answer("requeue");
    transport.answer("sent");
    await clock.runUntil(() => transport.written.length === 4, 5000, 10);
    assert.equal(transport.written[3]?.summary.text, "two", "the refused line is sent again");
    transport.answer("sent");
    await clock.runUntil(() => tickets.outcomes.size === 3, 5000, 10);
    assert.equal(tickets.count("sent"), 3);
    const c = flow.counts();
    assert.equal(c.taken, c.sent + c.digested + c.filtered + c.dropped + c.queued);
    await flow.stop(0);
  });

  it("at shutdown waits for the proofs a while, then ends the unproven lines 'shutdown' (never silently)", async () => {
    const clock = new ManualClock();
    const transport = new ProvingTransport();
    const flow = makeFlow(transport, clock);
    const tickets = new Tickets();
    flow.start();
    for (const t of ["one", "two"]) flow.offer("main", busMessage(), summary({ text: t }), tickets.make());
    await clock.runUntil(() => transport.written.length === 2, 5000, 10);
    transport.answer("sent");
    const stopped = flow.stop(1000);
    await clock.runUntil(() => tickets.outcomes.size === 2, 10_000, 50);
    await stopped;
    assert.equal(tickets.count("sent"), 1);
    assert.equal(tickets.count("dropped", "shutdown"), 1);
    transport.answer("sent"); // too late: ignored, not settled twice
    await Promise.resolve();
    assert.equal(tickets.count("sent"), 1);
  });

  it("a line written, then not shown, is forgotten by the memory of sent ids (a restart shows it)", async () => {
    const clock = new ManualClock();
    const transport = new ProvingTransport();
    const flow = makeFlow(transport, clock);
    const metrics = new Metrics();
    const store = new SentStore({ redis: null, keyPrefix: "", scope: "q", ttlS: 60, log: silentLogger(), metrics });
    const memory = new SinkMemory(store, metrics);
    let marks: SentMarks | undefined;
    const inner: Sink = {
      name: "irc",
      destinations: { label: "channel", names: ["main"] },
      useMarks: (m) => (marks = m),
      wantsTopic: () => true,
      offer: (msg, s, ticket: Ticket) => {
        const t = marks?.track(msg, "main", ticket);
        if (t) flow.offer("main", msg, s, t);
      },
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const sink = memory.wrap(inner);
    const tickets = new Tickets();
    flow.start();
    const msg = busMessage();
    assert.ok(msg.id);
    sink.offer(msg, summary({ text: "x" }), tickets.make());
    await clock.runUntil(() => transport.written.length === 1, 5000, 10);
    assert.equal(await memory.allSent(msg.topic.full, msg.id), true, "marked in the tick of the write");
    transport.open = false;
    transport.answer("requeue");
    await clock.runUntil(() => flow.counts().queued === 1 && transport.waiting === 0, 5000, 10);
    assert.equal(await memory.allSent(msg.topic.full, msg.id), false, "not shown after all: forgotten, so a restart now would show it");
    transport.open = true;
    flow.wake();
    await clock.runUntil(() => transport.written.length === 2, 5000, 10);
    assert.equal(await memory.allSent(msg.topic.full, msg.id), true, "marked again at the second write");
    transport.answer("sent");
    await clock.runUntil(() => tickets.outcomes.size === 1, 5000, 10);
    assert.equal(await memory.allSent(msg.topic.full, msg.id), true);
    await flow.stop(0);
  });
});
