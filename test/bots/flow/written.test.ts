/**
 * `written`: the transport says a line's bytes are in the socket, in the tick of the
 * write, and the memory of sent ids is written then (issue 10: a SIGKILL between the
 * line and its settle used to show the line again after a restart).
 */
import { strict as assert } from "node:assert";
import { ManualClock } from "../../../bots/flow/clock.js";
import { Flow } from "../../../bots/flow/flow.js";
import type { Ticket } from "../../../bots/flow/outcome.js";
import { Pacer } from "../../../bots/flow/pacer.js";
import { splitTicket } from "../../../bots/flow/ticket.js";
import type { Outgoing, SendResult } from "../../../bots/flow/transport.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { destinationKey, SinkMemory } from "../../../bots/sent-sinks.js";
import { SentStore, sentMark } from "../../../bots/sent-store.js";
import type { SentMarks, Sink } from "../../../bots/sink.js";
import { flowConfig, limit } from "../../helpers/flow.js";
import { busMessage, summary } from "../../helpers/builders.js";

/** A ticket that records what it hears, in order. */
function recorder(events: string[], name: string): Ticket {
  return { settle: (o, r) => events.push(`${name}:${o}${r ? `:${r}` : ""}`), written: () => events.push(`${name}:written`) };
}

describe("written: the line is in the socket", () => {
  it("the flow forwards the transport's onWritten to the ticket of a single line and to every ticket of a digest, before they settle", async () => {
    const clock = new ManualClock();
    const events: string[] = [];
    let sends = 0;
    const transport = {
      ready: () => true,
      send: async (out: Outgoing): Promise<SendResult> => {
        sends++;
        events.push(`line:${out.kind}`);
        out.onWritten();
        await Promise.resolve();
        return "sent";
      },
    };
    const flow = new Flow({
      name: "t",
      lanes: ["main"],
      limit: limit({ rate: 1, burst: 1, queue_max: 1 }),
      flow: flowConfig({ stats_interval_s: 0 }),
      transport,
      pacer: new Pacer({ rate: 1, burst: 1, clock }),
      clock,
      log: silentLogger(),
      metrics: new Metrics(),
    });
    flow.start();
    flow.offer("main", busMessage(undefined, undefined, null), summary({ text: "one" }), recorder(events, "a"));
    await clock.runUntil(() => flow.counts().queued === 0, 10_000, 100);
    assert.deepEqual(events, ["line:single", "a:written", "a:sent"]);
    events.length = 0;
    // queue_max 1: the older two fold into a digest group.
    for (const n of ["b", "c", "d"]) flow.offer("main", busMessage(undefined, undefined, null), summary({ text: n }), recorder(events, n));
    await clock.runUntil(() => flow.counts().queued === 0, 30_000, 100);
    const digestAt = events.indexOf("line:digest");
    assert.ok(digestAt >= 0, events.join(" "));
    assert.deepEqual(events.slice(digestAt, digestAt + 5), ["line:digest", "b:written", "c:written", "b:digested", "c:digested"]);
    assert.ok(sends >= 3);
    await flow.stop(0);
  });

  it("splitTicket: the parent hears written once every destination's line is written or settled, never after a drop", () => {
    const events: string[] = [];
    const [a, b, c] = splitTicket(recorder(events, "p"), 3) as [Ticket, Ticket, Ticket];
    a.written?.();
    b.settle("filtered");
    assert.deepEqual(events, [], "one channel's line is not yet written");
    c.written?.();
    assert.deepEqual(events, ["p:written"]);
    a.settle("sent");
    c.settle("sent");
    assert.deepEqual(events, ["p:written", "p:sent"]);

    events.length = 0;
    const [x, y] = splitTicket(recorder(events, "q"), 2) as [Ticket, Ticket];
    x.settle("dropped", "shutdown");
    y.written?.();
    y.settle("sent");
    assert.deepEqual(events, ["q:dropped:shutdown"], "a message dropped somewhere must come back: no memory written");
  });

  it("SinkMemory writes the id when the line is written, and forgets it when the message then ends dropped", () => {
    const store = new SentStore({ redis: null, keyPrefix: "", scope: "q", ttlS: 60, log: silentLogger(), metrics: new Metrics() });
    const memory = new SinkMemory(store, new Metrics());
    const got: Ticket[] = [];
    const inner: Sink = {
      name: "irc",
      wantsTopic: () => true,
      offer: (_m, _s, t) => void got.push(t),
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const sink = memory.wrap(inner);
    const outcomes: string[] = [];
    const m1 = busMessage(undefined, undefined, null);
    const m2 = busMessage(undefined, undefined, null);
    sink.offer(m1, summary({ text: "1" }), { settle: (o) => outcomes.push(o) });
    sink.offer(m2, summary({ text: "2" }), { settle: (o) => outcomes.push(o) });
    const [t1, t2] = got as [Ticket, Ticket];
    t1.written?.();
    assert.equal(
      store.isDone(sentMark(m1.topic.full, m1.id) as string, "irc"),
      true,
      "known sent from the moment the line is in the socket",
    );
    t1.settle("sent");
    t2.written?.();
    t2.settle("dropped", "shutdown");
    assert.equal(
      store.isDone(sentMark(m2.topic.full, m2.id) as string, "irc"),
      false,
      "a written line whose message was dropped must be shown again",
    );
    assert.deepEqual(outcomes, ["sent", "dropped"]);
  });

  it("a sink whose destinations fold their names (IRC channels) finds a mark written under another spelling", () => {
    const metrics = new Metrics();
    const store = new SentStore({ redis: null, keyPrefix: "", scope: "q", ttlS: 60, log: silentLogger(), metrics });
    const memory = new SinkMemory(store, metrics);
    let marks: SentMarks | undefined;
    const inner: Sink = {
      name: "irc",
      wantsTopic: () => true,
      offer: () => undefined,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      destinations: { label: "channel", names: ["#Fedora"], fold: (n) => n.toLowerCase() },
      useMarks: (m) => (marks = m),
    };
    memory.wrap(inner);
    assert.deepEqual(memory.destinations, [destinationKey("irc", "#fedora")]);
    const msg = busMessage();
    store.markDone(sentMark(msg.topic.full, msg.id), destinationKey("irc", "#fedora"));
    const outcomes: string[] = [];
    assert.equal(marks?.track(msg, "#Fedora", { settle: (o) => outcomes.push(o) }), null, "already shown in that channel");
    assert.deepEqual(outcomes, ["sent"]);
    assert.equal(metrics.get("sink_already_sent", { sink: "irc", channel: "#Fedora" }), 1);
  });
});
