import { strict as assert } from "node:assert";
import { ManualClock } from "../../../bots/flow/clock.js";
import { Flow } from "../../../bots/flow/flow.js";
import { Pacer } from "../../../bots/flow/pacer.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { busMessage, summary } from "../../helpers/builders.js";
import { flowConfig, limit, RecordingTransport, Tickets } from "../../helpers/flow.js";

const SERVICES = ["buildsys", "bodhi", "copr", "pagure", "git", "fas", "ci", "pungi"];
const EVENTS = [
  "build.state.change",
  "update.comment",
  "build.end",
  "pull-request.new",
  "receive",
  "user.update",
  "test.complete",
  "compose.status.change",
];

function harness(
  opts: { rate?: number; burst?: number; queueMax?: number; flow?: Record<string, unknown>; lanes?: string[]; laneLabel?: string } = {},
) {
  const clock = new ManualClock();
  const metrics = new Metrics();
  const pacer = new Pacer({ rate: opts.rate ?? 1, burst: opts.burst ?? 4, clock });
  const transport = new RecordingTransport(clock);
  const tickets = new Tickets();
  const flow = new Flow({
    name: "test",
    lanes: opts.lanes ?? ["main"],
    ...(opts.laneLabel ? { laneLabel: opts.laneLabel } : {}),
    limit: limit({ rate: opts.rate ?? 1, burst: opts.burst ?? 4, queue_max: opts.queueMax ?? 100 }),
    flow: flowConfig(opts.flow),
    transport,
    pacer,
    clock,
    log: silentLogger(),
    metrics,
  });
  flow.start();
  /** The invariant, checked at any moment. */
  const balanced = (): void => {
    const c = flow.counts();
    assert.equal(c.taken, c.sent + c.digested + c.filtered + c.dropped + c.queued, `taken ${c.taken} != ${JSON.stringify(c)}`);
    assert.equal(tickets.outcomes.size, c.sent + c.digested + c.filtered + c.dropped, "every final outcome is settled on its ticket");
    assert.equal(tickets.extra, 0, "no ticket settled twice");
  };
  const offer = (i: number, lane = "main", topicOverride?: string) => {
    const s = i % SERVICES.length;
    const topic = topicOverride ?? `org.fedoraproject.prod.${SERVICES[s]}.${EVENTS[s]}`;
    flow.offer(lane, busMessage(topic), summary({ text: `message ${i}`, packages: [`pkg-${i}`] }), tickets.make());
  };
  return { clock, metrics, pacer, transport, tickets, flow, balanced, offer };
}

describe("flow layer", () => {
  it("a burst of 5,000 into a one-line-per-second sink: every message sent or digested, current within the bound, memory bounded", async () => {
    const h = harness({ flow: { max_behind_s: 60 } });
    for (let i = 0; i < 5000; i++) h.offer(i);
    h.balanced();
    assert.ok(h.flow.counts().queued <= 5000);
    // Memory: no more singles kept than queue_max; the rest are folded into groups.
    const took = await h.clock.runUntil(() => h.flow.counts().queued === 0, 600_000, 500);
    h.balanced();
    assert.ok(took <= 60_000, `backlog drained in ${took} ms, over the 60 s bound`);
    const c = h.flow.counts();
    assert.equal(c.sent + c.digested, 5000);
    assert.equal(h.transport.messages, 5000, "the lines sent account for exactly 5,000 messages");
    assert.equal(c.dropped, 0);
    assert.ok(c.digestLines > 0 && c.digestLines < 60, `${c.digestLines} digest lines`);
    assert.ok(h.transport.maxInWindow(10_000) <= 4 + 10, "never faster than burst + rate");
    assert.equal(h.metrics.get("sink_messages", { sink: "test", outcome: "digested" }), c.digested);
    assert.equal(h.metrics.get("sink_queue_messages", { sink: "test" }), 0);
    // A message after the burst arrives within the bound, on its own line.
    h.offer(99_999, "main", "org.fedoraproject.prod.bodhi.update.comment");
    const after = await h.clock.runUntil(() => h.flow.counts().queued === 0, 120_000, 250);
    assert.ok(after <= 2000, `the next message took ${after} ms`);
    assert.equal(h.transport.sent.at(-1)?.out.kind, "single");
    await h.flow.stop(1000);
    h.balanced();
  });

  it("leaves no timer armed once stopped: a stopped bot lets its process exit", async () => {
    for (const deadline of [0, 1000]) {
      const h = harness({ rate: 1, burst: 4 });
      for (let i = 0; i < 20; i++) h.offer(i);
      await h.clock.advance(2000);
      let stopped = false;
      void h.flow.stop(deadline).then(() => (stopped = true));
      await h.clock.runUntil(() => stopped, 10_000, 50);
      assert.ok(stopped, `stop(${deadline}) returned`);
      assert.equal(h.clock.pending, 0, `timers still armed after stop(${deadline})`);
      h.balanced();
    }
  });

  it("a single message keeps its own line when the budget allows", async () => {
    const h = harness({ rate: 1, burst: 4 });
    for (let i = 0; i < 20; i++) h.offer(i);
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 100_000, 500);
    const c = h.flow.counts();
    assert.equal(c.sent, 20, "20 lines fit in 30 s of budget: no digest");
    assert.equal(c.digestLines, 0);
    await h.flow.stop(0);
    h.balanced();
  });

  it("a digest line's names and 'and N more' count distinct names, not messages", async () => {
    const h = harness({ rate: 1, burst: 1, queueMax: 10 });
    const topic = "org.fedoraproject.prod.fedocal.calendar.new";
    const names = (i: number) => (i < 200 ? ["planner"] : [`user-${i % 5}`]);
    for (let i = 0; i < 400; i++)
      h.flow.offer("main", busMessage(topic), summary({ text: `m ${i}`, usernames: names(i) }), h.tickets.make());
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 100_000, 500);
    const texts = h.transport.sent.filter((l) => l.out.kind === "digest").map((l) => l.out.summary.text);
    assert.ok(texts.length > 0, "some messages were digested");
    for (const t of texts) {
      const m = /\((.*?)(?: and (\d+) more)?\)$/.exec(t);
      assert.ok(m, t);
      const shown = (m[1] ?? "").split(", ").length;
      const total = shown + Number(m[2] ?? 0);
      assert.ok(total <= 6, `at most 6 distinct names (planner, user-0..4): ${t}`);
    }
    assert.ok(
      texts.some((t) => / \(planner, user-\d, user-\d and 3 more\)$/.test(t)),
      `a digest of six people's messages: ${JSON.stringify(texts)}`,
    );
    // One agent only: each digest names that agent, no "and N more".
    const before = h.transport.sent.length;
    for (let i = 0; i < 400; i++)
      h.flow.offer("main", busMessage(topic), summary({ text: `p ${i}`, usernames: ["planner"] }), h.tickets.make());
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 100_000, 500);
    const one = h.transport.sent
      .slice(before)
      .filter((l) => l.out.kind === "digest")
      .map((l) => l.out.summary.text);
    assert.ok(one.length > 0);
    for (const t of one) assert.match(t, /^fedocal: \d+ calendar new messages \(planner\)$/);
    await h.flow.stop(0);
    h.balanced();
  });

  it("digest lines group by topic, name a few packages and link to datagrepper", async () => {
    const h = harness({ rate: 1, burst: 1, queueMax: 10 });
    for (let i = 0; i < 400; i++)
      h.offer(i, "main", i % 2 ? "org.fedoraproject.prod.buildsys.build.state.change" : "org.fedoraproject.prod.copr.build.end");
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 100_000, 500);
    const digests = h.transport.sent.filter((l) => l.out.kind === "digest").map((l) => l.out.summary);
    const koji = digests.find((d) => d.text.startsWith("buildsys: "));
    assert.ok(koji, JSON.stringify(digests.map((d) => d.text)));
    assert.match(koji.text, /^buildsys: \d+ build state changes \(pkg-\d+, pkg-\d+, pkg-\d+ and \d+ more\)$/);
    assert.match(
      koji.link ?? "",
      /^https:\/\/apps\.fedoraproject\.org\/datagrepper\/v2\/search\?topic=org\.fedoraproject\.prod\.buildsys\.build\.state\.change&start=\d+&end=\d+$/,
    );
    assert.equal(h.transport.messages, 400);
    await h.flow.stop(0);
    h.balanced();
  });

  it("priority topics jump the queue and are never digested", async () => {
    const h = harness({ rate: 1, burst: 1, flow: { priority: ["org.fedoraproject.*.bodhi.update.complete.stable"] } });
    for (let i = 0; i < 300; i++) h.offer(i);
    for (let i = 0; i < 3; i++) h.offer(1000 + i, "main", "org.fedoraproject.prod.bodhi.update.complete.stable");
    await h.clock.advance(3500);
    const texts = h.transport.sent.map((l) => l.out.summary.text);
    assert.deepEqual(texts.slice(0, 3), ["message 1000", "message 1001", "message 1002"], texts.join(" | "));
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 100_000, 500);
    assert.ok(h.transport.sent.filter((l) => l.out.kind === "single" && l.out.topic?.endsWith("complete.stable")).length === 3);
    await h.flow.stop(0);
    h.balanced();
  });

  it("late lines say how late they are", async () => {
    const h = harness({ rate: 1, burst: 1, flow: { late_after_s: 120 } });
    h.transport.readyLanes = () => false;
    const t = (h.clock.wall() - 12 * 60_000) / 1000;
    h.flow.offer(
      "main",
      busMessage("org.fedoraproject.prod.bodhi.update.comment", undefined, t),
      summary({ text: "an old comment" }),
      h.tickets.make(),
    );
    h.flow.offer(
      "main",
      busMessage("org.fedoraproject.prod.bodhi.update.comment", undefined, h.clock.wall() / 1000),
      summary({ text: "a fresh comment" }),
      h.tickets.make(),
    );
    h.transport.readyLanes = () => true;
    h.flow.wake();
    await h.clock.advance(3000);
    assert.deepEqual(
      h.transport.sent.map((l) => l.out.summary.text),
      ["an old comment (12 min ago)", "a fresh comment"],
    );
    await h.flow.stop(0);
    h.balanced();
  });

  it("lines wait (and fold) until the transport is ready; nothing is lost meanwhile", async () => {
    const h = harness({ rate: 1, burst: 4 });
    h.transport.readyLanes = () => false;
    for (let i = 0; i < 200; i++) h.offer(i);
    await h.clock.advance(90_000);
    assert.equal(h.transport.sent.length, 0);
    h.transport.readyLanes = () => true;
    h.flow.wake();
    const took = await h.clock.runUntil(() => h.flow.counts().queued === 0, 120_000, 500);
    assert.ok(took <= 60_000, `${took} ms`);
    assert.equal(h.transport.messages, 200);
    await h.flow.stop(0);
    h.balanced();
  });

  it("SIGTERM mid-burst: what is queued is folded into digests and sent within the deadline", async () => {
    const h = harness({ rate: 1, burst: 4 });
    for (let i = 0; i < 3000; i++) h.offer(i);
    await h.clock.advance(5000);
    const stopping = h.flow.stop(10_000);
    await h.clock.advance(10_000);
    await stopping;
    const c = h.flow.counts();
    assert.equal(c.dropped, 0, JSON.stringify(c));
    assert.equal(h.transport.messages, 3000);
    h.balanced();
  });

  it("SIGTERM with a transport that never becomes ready: every message is dropped for a stated reason, none silently", async () => {
    const h = harness();
    h.transport.readyLanes = () => false;
    for (let i = 0; i < 50; i++) h.offer(i);
    const stopping = h.flow.stop(2000);
    await h.clock.advance(2000);
    await stopping;
    assert.equal(h.tickets.count("dropped", "shutdown"), 50);
    assert.equal(h.metrics.get("sink_dropped", { sink: "test", reason: "shutdown" }), 50);
    h.offer(51);
    assert.equal(h.tickets.count("dropped", "shutdown"), 51, "a message after stop is dropped, not kept");
    h.balanced();
  });

  it("only the hard memory bound drops while running, and says so", async () => {
    const h = harness({ flow: { hold_max: 100 } });
    h.transport.readyLanes = () => false;
    for (let i = 0; i < 150; i++) h.offer(i);
    assert.equal(h.tickets.count("dropped", "memory_bound"), 50);
    assert.equal(h.metrics.get("sink_messages", { sink: "test", outcome: "dropped" }), 50);
    h.balanced();
    await h.flow.stop(0);
    h.balanced();
  });

  it("keeps the books through filtered messages, refused lines, requeues and a throwing transport", async () => {
    const h = harness({ rate: 5, burst: 5 });
    let n = 0;
    h.transport.result = () => {
      n++;
      if (n % 7 === 0) return { dropped: "rejected" };
      if (n % 5 === 0) return "requeue";
      if (n % 11 === 0) throw new Error("bug");
      return "sent";
    };
    for (let i = 0; i < 500; i++) {
      if (i % 9 === 0) h.flow.filtered("main", h.tickets.make());
      else h.offer(i);
      if (i % 50 === 0) {
        await h.clock.advance(700);
        h.balanced();
      }
    }
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 300_000, 500);
    h.balanced();
    const c = h.flow.counts();
    assert.ok(c.dropped > 0 && c.filtered > 0 && c.sent > 0);
    assert.equal(h.tickets.count("dropped", "gave_up") > 0, true, "a throw counts as gave_up");
    await h.flow.stop(0);
  });

  it("lanes share one pace; one not ready does not hold up the others; metrics carry the lane label", async () => {
    const h = harness({ rate: 2, burst: 2, lanes: ["#a", "#b"], laneLabel: "channel" });
    h.transport.readyLanes = (l) => l === "#b";
    for (let i = 0; i < 10; i++) {
      h.offer(i, "#a");
      h.offer(i, "#b");
    }
    await h.clock.runUntil(() => h.flow.counts("#b").queued === 0, 60_000, 250);
    assert.equal(h.flow.counts("#b").sent, 10);
    assert.equal(h.flow.counts("#a").queued, 10);
    assert.equal(h.metrics.get("sink_messages", { sink: "test", channel: "#b", outcome: "sent" }), 10);
    h.transport.readyLanes = () => true;
    h.flow.wake();
    await h.clock.runUntil(() => h.flow.counts().queued === 0, 60_000, 250);
    assert.ok(h.transport.maxInWindow(5000) <= 2 + 10);
    await h.flow.stop(0);
    h.balanced();
  });

  it("a wall clock stepped back by an hour stalls no sink", async () => {
    const h = harness({ rate: 1, burst: 2 });
    const realNow = Date.now;
    try {
      for (let i = 0; i < 3; i++) h.offer(i, "main", "org.fedoraproject.prod.bodhi.update.comment");
      await h.clock.advance(3000);
      const before = h.transport.sent.length;
      // NTP steps the clock back: both bottleneck's Date.now and our wall clock.
      Date.now = () => realNow() - 3600_000;
      h.clock.stepWall(-3600_000);
      for (let i = 0; i < 3; i++) h.offer(10 + i, "main", "org.fedoraproject.prod.bodhi.update.comment");
      await h.clock.advance(5000);
      assert.ok(h.transport.sent.length >= before + 3, `${h.transport.sent.length - before} lines after the step`);
    } finally {
      Date.now = realNow;
    }
    await h.flow.stop(0);
    h.balanced();
  });

  it("sends a statistics line when asked", async () => {
    const h = harness({ rate: 1, burst: 4, flow: { stats_interval_s: 60 } });
    for (let i = 0; i < 3; i++) h.offer(i);
    await h.clock.advance(60_000 + 2000);
    const stats = h.transport.sent.filter((l) => l.out.kind === "stats");
    assert.equal(stats.length, 1);
    assert.equal(stats[0]?.out.summary.text, "last 1 min: 3 messages — bodhi 1, buildsys 1, copr 1");
    await h.flow.stop(0);
    h.balanced();
  });
});
