import { strict as assert } from "node:assert";
import type { InputResult } from "../../../bots/flow/outcome.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { Pipeline } from "../../../bots/pipeline.js";
import type { Sink } from "../../../bots/sink.js";
import type { SourceInput } from "../../../bots/sources/source.js";
import { CollectingSink } from "../../helpers/collect.js";

const json = (topic: string, id: string): string => JSON.stringify({ topic, msg: {}, msg_id: id });

function input(text: string, results: InputResult[]): SourceInput {
  return { kind: "json", origin: "test", text, settle: (r) => results.push(r) };
}

function pipeline(sinks: Sink[], over: Partial<ConstructorParameters<typeof Pipeline>[0]> = {}) {
  const metrics = new Metrics();
  return { metrics, p: new Pipeline({ sinks, log: silentLogger(), metrics, dedupeSize: 10, ...over }) };
}

describe("pipeline tickets", () => {
  it("settles the input once, and only when every sink that took the message has settled", () => {
    const a = new CollectingSink(null);
    const b = new CollectingSink(null);
    const { p } = pipeline([a, b]);
    const results: InputResult[] = [];
    p.accept(input(json("org.fedoraproject.prod.buildsys.tag", "1"), results));
    assert.deepEqual(results, []);
    a.got[0]?.ticket.settle("sent");
    assert.deepEqual(results, [], "one sink is still holding it");
    b.got[0]?.ticket.settle("digested");
    assert.deepEqual(results, ["done"]);
    b.got[0]?.ticket.settle("dropped", "shutdown");
    assert.deepEqual(results, ["done"], "a second settle changes nothing");
  });

  it("settles at once when no sink takes the message: a duplicate, a topic nobody wants", () => {
    const picky: Sink = {
      name: "picky",
      wantsTopic: (t) => t.endsWith(".wanted"),
      offer: (_m, _s, t) => t.settle("sent"),
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const { p, metrics } = pipeline([picky]);
    const results: InputResult[] = [];
    p.accept(input(json("org.fedoraproject.prod.x.unwanted", "1"), results));
    assert.deepEqual(results, ["done"]);
    p.accept(input(json("org.fedoraproject.prod.x.wanted", "2"), results));
    p.accept(input(json("org.fedoraproject.prod.x.wanted", "2"), results));
    assert.deepEqual(results, ["done", "done", "done"]);
    assert.equal(metrics.total("duplicates"), 1);
  });

  it("settles malformed inputs and bad signatures as malformed", () => {
    const sink = new CollectingSink();
    const { p } = pipeline([sink], { verify: (m) => (m.topic.full.includes("forged") ? { ok: false, reason: "bad" } : { ok: true }) });
    const results: InputResult[] = [];
    p.accept(input("{not json", results));
    p.accept(input(JSON.stringify({ nothing: 1 }), results));
    const forged = "org.fedoraproject.prod.a.forged";
    p.accept({
      kind: "frames",
      origin: "zmq",
      frames: [Buffer.from(forged), Buffer.from(json(forged, "9"))],
      settle: (r) => results.push(r),
    });
    assert.deepEqual(results, ["malformed", "malformed", "malformed"]);
    assert.equal(sink.got.length, 0);
  });

  it("a sink that throws in offer has its ticket settled as dropped (sink_error); the others are unaffected", () => {
    const ok = new CollectingSink(null);
    let seen: { outcome: string } | undefined;
    const thrower: Sink = {
      name: "thrower",
      wantsTopic: () => true,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      offer: (_m, _s, ticket) => {
        const orig = ticket.settle.bind(ticket);
        ticket.settle = (o, r) => {
          seen = { outcome: `${o}:${r ?? ""}` };
          orig(o, r);
        };
        throw new Error("boom");
      },
    };
    const { p, metrics } = pipeline([thrower, ok]);
    const results: InputResult[] = [];
    p.accept(input(json("org.fedoraproject.prod.x.y", "1"), results));
    assert.equal(seen?.outcome, "dropped:sink_error");
    assert.equal(metrics.total("sink_errors"), 1);
    assert.deepEqual(results, []);
    ok.got[0]?.ticket.settle("sent");
    assert.deepEqual(results, ["done"]);
  });

  it("counts a ticket settled twice as a bug", () => {
    const twice: Sink = {
      name: "twice",
      wantsTopic: () => true,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      offer: (_m, _s, t) => {
        t.settle("sent");
        t.settle("dropped", "gave_up");
      },
    };
    const { p, metrics } = pipeline([twice]);
    const results: InputResult[] = [];
    p.accept(input(json("org.fedoraproject.prod.x.y", "1"), results));
    assert.deepEqual(results, ["done"]);
    assert.equal(metrics.get("ticket_settled_twice", { sink: "twice" }), 1);
  });
});
