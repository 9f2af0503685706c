import { strict as assert } from "node:assert";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { Pipeline } from "../../bots/pipeline.js";
import type { Sink } from "../../bots/sink.js";
import { CollectingSink } from "../helpers/collect.js";

const frames = (topic: string, msg: unknown, id: string) => [Buffer.from(topic), Buffer.from(JSON.stringify({ topic, msg, msg_id: id }))];

describe("pipeline", () => {
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
});
