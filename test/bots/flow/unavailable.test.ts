/**
 * A lane that never becomes available (an IRC channel that refuses our JOIN) must
 * not hold its messages for ever: with AMQP they hold the prefetch and stall every
 * sink. After `unavailable_after_s` on end, what it holds and what it gets is
 * dropped ("unavailable"), counted, and shown in /readyz; once available, it is
 * served again.
 */
import { strict as assert } from "node:assert";
import { ManualClock } from "../../../bots/flow/clock.js";
import { Flow } from "../../../bots/flow/flow.js";
import { Pacer } from "../../../bots/flow/pacer.js";
import { PassThrough } from "node:stream";
import { createLogger, silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { flowConfig, limit, RecordingTransport, Tickets } from "../../helpers/flow.js";
import { busMessage, summary } from "../../helpers/builders.js";

function harness(unavailableAfterS: number | null, log = silentLogger()) {
  const clock = new ManualClock();
  const metrics = new Metrics();
  const transport = new RecordingTransport(clock);
  let badUp = false;
  const up = (lane: string) => lane !== "#bad" || badUp;
  transport.readyLanes = up;
  const withAvailable = Object.assign(transport, { available: up });
  const tickets = new Tickets();
  const flow = new Flow({
    name: "irc:test",
    lanes: ["#good", "#bad"],
    laneLabel: "channel",
    limit: limit({ rate: 10, burst: 10, queue_max: 1000 }),
    flow: flowConfig({ unavailable_after_s: unavailableAfterS, max_behind_s: 600 }),
    transport: withAvailable,
    pacer: new Pacer({ rate: 10, burst: 10, clock }),
    clock,
    log,
    metrics,
  });
  flow.start();
  const offer = (lane: string, n: number) => {
    for (let i = 0; i < n; i++)
      flow.offer(
        lane,
        busMessage("org.fedoraproject.prod.bodhi.update.comment", undefined, null),
        summary({ text: `${lane} ${i}` }),
        tickets.make(),
      );
  };
  const balanced = () => {
    const c = flow.counts();
    assert.equal(c.taken, c.sent + c.digested + c.filtered + c.dropped + c.queued, JSON.stringify(c));
    assert.equal(tickets.outcomes.size, c.sent + c.digested + c.filtered + c.dropped);
    assert.equal(tickets.extra, 0);
  };
  return { clock, metrics, transport, tickets, flow, offer, balanced, setBadUp: (v: boolean) => (badUp = v) };
}

describe("flow: a lane unavailable for too long", () => {
  it("drops what the lane holds and gets while unavailable, serves the others all along, and serves it again once back", async () => {
    const h = harness(30);
    h.offer("#good", 5);
    h.offer("#bad", 5);
    await h.clock.runUntil(() => h.flow.counts("#good").queued === 0, 10_000);
    h.balanced();
    assert.equal(h.flow.counts("#good").sent, 5);
    assert.equal(h.flow.counts("#bad").queued, 5, "held while it may still come back");
    // Held, but not hidden: /readyz names it from the start (see the test below).
    assert.equal(h.metrics.readiness.state().ready, false);
    assert.match(h.metrics.readiness.state().components[0]?.detail ?? "", /#bad unavailable since .*holding 5 messages/);

    // Unavailable on end for longer than the setting (30 s here; 600 s by default).
    await h.clock.advance(32_000, 1);
    h.balanced();
    assert.equal(h.flow.unavailable("#bad"), true);
    assert.equal(h.flow.counts("#bad").queued, 0, "nothing held for ever");
    assert.equal(h.tickets.count("dropped", "unavailable"), 5);
    assert.equal(h.metrics.get("sink_dropped", { sink: "irc:test", channel: "#bad", reason: "unavailable" }), 5);
    const state = h.metrics.readiness.state();
    assert.equal(state.ready, false);
    assert.match(state.components[0]?.detail ?? "", /#bad unavailable/);

    // Meanwhile: what it gets is dropped at once, the good lane is served.
    h.offer("#bad", 3);
    h.offer("#good", 3);
    assert.equal(h.tickets.count("dropped", "unavailable"), 8);
    await h.clock.runUntil(() => h.flow.counts("#good").queued === 0, 10_000);
    assert.equal(h.flow.counts("#good").sent, 8);

    // Back: served again, /readyz no longer names it.
    h.setBadUp(true);
    await h.clock.advance(2000);
    assert.equal(h.flow.unavailable("#bad"), false);
    h.offer("#bad", 2);
    await h.clock.runUntil(() => h.flow.counts("#bad").queued === 0, 10_000);
    assert.equal(h.flow.counts("#bad").sent, 2);
    assert.equal(h.metrics.readiness.state().components.length, 0);
    h.balanced();
    const c = h.flow.counts();
    assert.equal(c.taken, 18);
    assert.equal(c.sent + c.dropped, 18, "every message sent or dropped for a stated reason");
    await h.flow.stop(0);
    h.balanced();
  });

  it("a lane unavailable for less than the setting keeps its messages, and sends them once it is back", async () => {
    const h = harness(30);
    h.offer("#bad", 4);
    await h.clock.advance(29_000, 1);
    h.setBadUp(true);
    await h.clock.runUntil(() => h.flow.counts("#bad").queued === 0, 20_000);
    assert.equal(h.tickets.count("dropped"), 0);
    assert.equal(h.flow.counts("#bad").sent + h.flow.counts("#bad").digested, 4);
    // Unavailable again: the clock starts over.
    h.setBadUp(false);
    h.offer("#bad", 1);
    await h.clock.advance(29_000, 1);
    assert.equal(h.flow.counts("#bad").queued, 1);
    await h.flow.stop(0);
    h.balanced();
  });

  it("while a lane holds its messages (not given up yet), /readyz and the log say which, since when, how many, and when it will be given up", async () => {
    const lines: string[] = [];
    const out = new PassThrough();
    out.on("data", (d: Buffer) => lines.push(d.toString()));
    const h = harness(600, createLogger("warn", out));
    const start = h.clock.wall();
    h.offer("#good", 3);
    h.offer("#bad", 4);
    await h.clock.runUntil(() => h.flow.counts("#good").queued === 0, 10_000);
    await h.clock.advance(60_000, 1);
    assert.equal(h.flow.unavailable("#bad"), false, "not given up yet");
    const state = h.metrics.readiness.state();
    assert.equal(state.ready, false, "/readyz answers 503 while a destination holds the bot's messages");
    const bad = state.components.find((c) => c.name === "irc:test #bad");
    assert.ok(bad, JSON.stringify(state));
    assert.match(bad.detail ?? "", /^#bad unavailable since \S+Z: holding 4 messages/);
    const givenUpAt = /given up at (\S+) \(in (\d+) s\)/.exec(bad.detail ?? "");
    assert.ok(givenUpAt, bad.detail);
    const at = Date.parse(givenUpAt[1] ?? "");
    assert.ok(Math.abs(at - (start + 600_000)) < 2000, `given up about 600 s after it became unavailable: ${givenUpAt[1]}`);
    assert.ok(Math.abs(Number(givenUpAt[2]) - 540) <= 2, bad.detail);
    // One warning when it starts holding, not one per turn.
    const warned = lines.filter((l) => l.includes("lane unavailable (a JOIN refused?"));
    assert.equal(warned.length, 1, lines.join(""));
    assert.match(warned[0] ?? "", /"lane":"#bad"/);
    assert.match(warned[0] ?? "", /"given_up_at":"/);
    assert.equal(h.metrics.get("ready", { kind: "sink", name: "irc:test #bad" }), 0, "the gauge too");

    // Back before it was given up: out of /readyz, said in the log, its messages sent.
    h.setBadUp(true);
    await h.clock.runUntil(() => h.flow.counts("#bad").queued === 0, 20_000);
    assert.equal(h.metrics.readiness.state().components.length, 0);
    assert.ok(lines.some((l) => l.includes("lane available again before it was given up")));
    await h.flow.stop(0);
    h.balanced();
  });

  it("null waits for ever", async () => {
    const h = harness(null);
    h.offer("#bad", 2);
    await h.clock.advance(120_000, 1);
    assert.equal(h.flow.counts("#bad").queued, 2);
    await h.flow.stop(0);
    h.balanced();
  });
});
