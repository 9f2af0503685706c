import { strict as assert } from "node:assert";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { Pipeline } from "../../bots/pipeline.js";
import type { Sink } from "../../bots/sink.js";
import type { Message } from "../../formatters/index.js";
import { CollectingSink, HoldingSink } from "../helpers/collect.js";

const frames = (topic: string, msg: unknown, id: string) => [Buffer.from(topic), Buffer.from(JSON.stringify({ topic, msg, msg_id: id }))];

describe("pipeline", () => {
  it("settles a copy that arrives while the first is in flight (ZeroMQ and AMQP) with the first: done once sent, given back if dropped at shutdown", () => {
    const holding = new HoldingSink("holding");
    const held = holding.held;
    const pipeline = new Pipeline({ sinks: [holding], log: silentLogger(), metrics: new Metrics(), dedupeSize: 10 });
    const results: string[] = [];
    const topic = "org.fedoraproject.prod.x.a";
    for (const [id, fate] of [
      ["sent-1", "sent"],
      ["dropped-1", "shutdown"],
    ] as const) {
      pipeline.accept({ kind: "frames", origin: "zmq", frames: frames(topic, {}, id), settle: (r) => results.push(`zmq ${id} ${r}`) });
      pipeline.accept({ kind: "frames", origin: "amqp", frames: frames(topic, {}, id), settle: (r) => results.push(`amqp ${id} ${r}`) });
      assert.deepEqual(results, [], "nothing settled while the first copy waits in the sink");
      const ticket = held.shift();
      assert.ok(ticket, "one copy offered to the sink");
      assert.equal(held.length, 0, "the second copy is not offered");
      if (fate === "sent") ticket.settle("sent");
      else ticket.settle("dropped", "shutdown");
      const r = fate === "sent" ? "done" : "requeue";
      assert.deepEqual(results.splice(0), [`zmq ${id} ${r}`, `amqp ${id} ${r}`]);
    }
    // Once the first copy is final, a later copy is a plain duplicate, settled at once.
    pipeline.accept({ kind: "frames", origin: "amqp", frames: frames(topic, {}, "sent-1"), settle: (r) => results.push(`late ${r}`) });
    assert.deepEqual(results, ["late done"]);
  });

  it("a copy waits for the first while any sink holds it, even when another sink settled it during offer", () => {
    const quick = new CollectingSink("sent");
    const holding = new HoldingSink("holding");
    const pipeline = new Pipeline({ sinks: [quick, holding], log: silentLogger(), metrics: new Metrics(), dedupeSize: 10 });
    const results: string[] = [];
    const topic = "org.fedoraproject.prod.x.a";
    pipeline.accept({ kind: "frames", origin: "zmq", frames: frames(topic, {}, "m-1"), settle: (r) => results.push(`zmq ${r}`) });
    pipeline.accept({ kind: "frames", origin: "amqp", frames: frames(topic, {}, "m-1"), settle: (r) => results.push(`amqp ${r}`) });
    assert.deepEqual(results, [], "the holding sink has not settled the first copy");
    holding.held.shift()?.settle("dropped", "shutdown");
    assert.deepEqual(results, ["zmq requeue", "amqp requeue"]);
    // Settled everywhere during offer: a later copy is a plain duplicate.
    const quickOnly = new Pipeline({ sinks: [quick], log: silentLogger(), metrics: new Metrics(), dedupeSize: 10 });
    const later: string[] = [];
    quickOnly.accept({ kind: "frames", origin: "zmq", frames: frames(topic, {}, "m-2"), settle: (r) => later.push(`zmq ${r}`) });
    quickOnly.accept({ kind: "frames", origin: "amqp", frames: frames(topic, {}, "m-2"), settle: (r) => later.push(`amqp ${r}`) });
    assert.deepEqual(later, ["zmq done", "amqp done"]);
  });

  it("skips and counts what the verify stage rejects, and hands it the JSON text", () => {
    const metrics = new Metrics();
    const sink = new CollectingSink();
    const texts: string[] = [];
    const pipeline = new Pipeline({
      sinks: [sink],
      log: silentLogger(),
      metrics,
      dedupeSize: 10,
      verify: (msg, raw) => {
        texts.push(raw);
        return msg.topic.full.includes("forged") ? { ok: false, reason: "signature does not match the message" } : { ok: true };
      },
    });
    pipeline.accept({ kind: "frames", origin: "zmq", frames: frames("org.fedoraproject.prod.a.forged", {}, "1") });
    pipeline.accept({ kind: "frames", origin: "zmq", frames: frames("org.fedoraproject.prod.a.real", { x: 1.0 }, "2") });
    assert.deepEqual(
      sink.got.map((g) => g.msg.id),
      ["2"],
    );
    assert.equal(metrics.total("invalid_signatures"), 1);
    assert.equal(texts[1], JSON.stringify({ topic: "org.fedoraproject.prod.a.real", msg: { x: 1.0 }, msg_id: "2" }));
  });

  it("dedupes by message id, filters by topic before formatting, and survives a failing sink", () => {
    const metrics = new Metrics();
    const ok = new CollectingSink();
    const picky: Sink = {
      name: "picky",
      wantsTopic: (t: string) => t.endsWith(".b"),
      offer: () => {
        throw new Error("boom");
      },
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const pipeline = new Pipeline({ sinks: [ok, picky], log: silentLogger(), metrics, dedupeSize: 10 });
    for (const [t, id] of [
      ["org.fedoraproject.prod.x.a", "1"],
      ["org.fedoraproject.prod.x.b", "2"],
      ["org.fedoraproject.prod.x.b", "2"],
    ] as const) {
      pipeline.accept({ kind: "frames", origin: "zmq", frames: frames(t, {}, id) });
    }
    assert.deepEqual(
      ok.got.map((g) => g.msg.id),
      ["1", "2"],
    );
    assert.equal(metrics.total("duplicates"), 1);
    assert.equal(metrics.total("sink_errors"), 1);
  });
  it("keys dedupe on topic and id: another topic reusing an id (an unsigned ZeroMQ spoof) does not suppress the real message", () => {
    const metrics = new Metrics();
    const got: Message[] = [];
    const picky: Sink = {
      name: "picky",
      wantsTopic: (t: string) => t.endsWith(".real"),
      offer: (msg, _summary, ticket) => {
        got.push(msg);
        ticket.settle("sent");
      },
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const pipeline = new Pipeline({ sinks: [picky], log: silentLogger(), metrics, dedupeSize: 10 });
    const results: string[] = [];
    pipeline.accept({
      kind: "frames",
      origin: "zmq",
      frames: frames("org.fedoraproject.prod.x.spoof", {}, "id-1"),
      settle: (r) => results.push(`zmq ${r}`),
    });
    pipeline.accept({
      kind: "frames",
      origin: "amqp",
      frames: frames("org.fedoraproject.prod.x.real", {}, "id-1"),
      settle: (r) => results.push(`amqp ${r}`),
    });
    assert.deepEqual(
      got.map((m) => `${m.topic.full} ${m.id}`),
      ["org.fedoraproject.prod.x.real id-1"],
    );
    assert.equal(metrics.total("duplicates"), 0);
    // A copy of the same message (same topic and id) over the other source is still one message.
    pipeline.accept({
      kind: "frames",
      origin: "zmq",
      frames: frames("org.fedoraproject.prod.x.real", {}, "id-1"),
      settle: (r) => results.push(`copy ${r}`),
    });
    assert.equal(got.length, 1);
    assert.equal(metrics.total("duplicates"), 1);
    assert.deepEqual(results, ["zmq done", "amqp done", "copy done"]);
  });

  it("settles an in-flight copy only with the same topic and id: another topic with that id goes its own way", () => {
    const holding = new HoldingSink("holding");
    const pipeline = new Pipeline({ sinks: [holding], log: silentLogger(), metrics: new Metrics(), dedupeSize: 10 });
    const results: string[] = [];
    pipeline.accept({
      kind: "frames",
      origin: "amqp",
      frames: frames("org.fedoraproject.prod.x.a", {}, "m-1"),
      settle: (r) => results.push(`a ${r}`),
    });
    pipeline.accept({
      kind: "frames",
      origin: "zmq",
      frames: frames("org.fedoraproject.prod.x.b", {}, "m-1"),
      settle: (r) => results.push(`b ${r}`),
    });
    assert.equal(holding.held.length, 2, "both messages offered to the sink");
    holding.held[1]?.settle("sent");
    assert.deepEqual(results, ["b done"]);
    pipeline.accept({
      kind: "frames",
      origin: "zmq",
      frames: frames("org.fedoraproject.prod.x.a", {}, "m-1"),
      settle: (r) => results.push(`a-copy ${r}`),
    });
    assert.deepEqual(results, ["b done"], "the copy of a waits for a");
    holding.held[0]?.settle("dropped", "shutdown");
    assert.deepEqual(results, ["b done", "a requeue", "a-copy requeue"]);
  });
});
