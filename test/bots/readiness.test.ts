import { strict as assert } from "node:assert";
import { Publisher } from "zeromq";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { Readiness } from "../../bots/readiness.js";
import { ZmqSource } from "../../bots/sources/zmq.js";
import { zmqSchema } from "../../config/schema.js";
import { freePort, waitFor } from "../helpers/collect.js";

describe("readiness", () => {
  it("is ready only when something registered and everything registered is ready", () => {
    const changes: string[] = [];
    const r = new Readiness((kind, name, ready) => changes.push(`${kind}:${name}=${ready}`));
    assert.equal(r.state().ready, false);
    const a = r.register("source", "zmq");
    const again = r.register("source", "zmq");
    a.set(true);
    assert.equal(r.state().ready, true);
    again.set(false, "lost");
    assert.deepEqual(
      r.state().components.map((c) => [c.name, c.ready, c.detail]),
      [["zmq", false, "lost"]],
    );
    assert.deepEqual(changes, ["source:zmq=false", "source:zmq=true", "source:zmq=false"]);
  });

  it("a removed component leaves /readyz and its gauge series (no ready 0 left behind)", async () => {
    const metrics = new Metrics();
    const lane = metrics.readiness.register("sink", "irc:net #chan");
    const conn = metrics.readiness.register("sink", "irc:net");
    conn.set(true);
    lane.set(false, "#chan unavailable since ...: holding 3 messages");
    assert.match(await metrics.prometheus(), /^fedmsg_echo_ready\{kind="sink",name="irc:net #chan"\} 0$/m);
    lane.remove();
    assert.equal(metrics.readiness.state().ready, true);
    const text = await metrics.prometheus();
    assert.doesNotMatch(text, /irc:net #chan/, text);
    assert.match(text, /^fedmsg_echo_ready\{kind="sink",name="irc:net"\} 1$/m);
    assert.deepEqual(Object.keys(metrics.snapshot()), ["ready{kind=sink,name=irc:net}"]);
    // Registered again (held again later): back in both.
    metrics.readiness.register("sink", "irc:net #chan").set(false, "again");
    assert.match(await metrics.prometheus(), /^fedmsg_echo_ready\{kind="sink",name="irc:net #chan"\} 0$/m);
  });

  it("follows a real ZeroMQ publisher going up and down @integration", async function () {
    this.timeout(20_000);
    const addr = `tcp://127.0.0.1:${await freePort()}`;
    const metrics = new Metrics();
    const zmq = zmqSchema.parse({ reconnect_ms: 50, reconnect_max_ms: 200, heartbeat_interval_ms: 200, heartbeat_timeout_ms: 1000 });
    const source = new ZmqSource({ endpoints: { test: [addr] }, zmq, log: silentLogger(), metrics });
    await source.start(() => undefined);
    const pub = new Publisher({ linger: 0 });
    try {
      assert.equal(metrics.readiness.state().ready, false);
      await pub.bind(addr);
      await waitFor(() => metrics.readiness.state().ready, "the source to report ready");
      assert.equal(metrics.readiness.state().components[0]?.detail, "1 of 1 publishers connected");
      assert.equal(metrics.get("ready", { kind: "source", name: "zmq" }), 1);
      pub.close();
      await waitFor(() => !metrics.readiness.state().ready, "the source to report not ready");
    } finally {
      if (!pub.closed) pub.close();
      await source.stop();
    }
  });
});
