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
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { flowConfig, limit, RecordingTransport, Tickets } from "../../helpers/flow.js";
import { busMessage, summary } from "../../helpers/builders.js";

function harness(unavailableAfterS: number | null) {
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
    log: silentLogger(),
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
    assert.equal(h.metrics.readiness.state().components.length, 0);

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

  it("null waits for ever", async () => {
    const h = harness(null);
    h.offer("#bad", 2);
    await h.clock.advance(120_000, 1);
    assert.equal(h.flow.counts("#bad").queued, 2);
    await h.flow.stop(0);
    h.balanced();
  });
});
