import { strict as assert } from "node:assert";
import { ManualClock } from "../../../bots/flow/clock.js";
import { decodeMessage } from "../../../formatters/index.js";
import type { MatrixSink } from "../../../bots/matrix/sink.js";
import { MatrixDouble } from "./double.js";
import { FAULT_CASES, runFaultCase } from "./faults.js";
import { BOT, buildSink, kojiBuild, maxInSlidingWindow, summary, Tickets, until } from "./helpers.js";

describe("matrix delivery on the flow layer @integration", function () {
  this.timeout(60_000);
  let double: MatrixDouble;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    double = await new MatrixDouble({ now: () => clock.now() }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  async function stop(sink: MatrixSink, deadlineMs = 1000): Promise<void> {
    const stopped = sink.stop(deadlineMs);
    await clock.runUntil(() => false, deadlineMs + 100);
    await stopped;
  }

  it("posts every message once, in order, as m.notice; a restart re-sending them posts nothing twice", async () => {
    // Real time: a virtual clock would run ahead of the real HTTP round trips and age the queue into digests.
    const live = await new MatrixDouble({ rateLimit: null }).start();
    try {
      const room = live.createRoom();
      const fast = { limit: { burst: 50, rate: 1000, queue_max: 100 } };
      const msgs = Array.from({ length: 20 }, () => kojiBuild());
      const first = buildSink(live.url, [room], fast);
      await first.sink.start();
      const tickets = new Tickets();
      msgs.forEach((m, i) => first.sink.offer(m, summary(`line ${i}`), tickets.make()));
      await until(() => tickets.count("sent") === 20, "20 events");
      await first.sink.stop(1000);
      assert.equal(tickets.extra, 0, "each ticket settled once");
      assert.deepEqual(
        live.events.map((e) => String(e.content.body).match(/line (\d+)/)?.[1]),
        msgs.map((_, i) => String(i)),
      );
      assert.ok(live.events.every((e) => e.content.msgtype === "m.notice" && e.sender === BOT));
      assert.equal(new Set(live.events.map((e) => e.txnId)).size, 20);
      assert.equal(first.metrics.get("sink_messages", { sink: first.sink.name, room, outcome: "sent" }), 20);
      // The same messages again (a restart replaying a durable queue): same transaction ids, nothing new stored.
      const again = buildSink(live.url, [room], fast);
      await again.sink.start();
      const more = new Tickets();
      msgs.forEach((m, i) => again.sink.offer(m, summary(`line ${i}`), more.make()));
      await until(() => more.count("sent") === 20, "20 answers");
      await again.sink.stop(1000);
      assert.equal(live.events.length, 20);
    } finally {
      await live.close();
    }
  });

  it("paces the account under Synapse's limit and folds a burst into digests: no 429, every message accounted", async () => {
    const room = double.createRoom();
    const { sink } = buildSink(double.url, [room], {}, clock);
    await sink.start();
    const tickets = new Tickets();
    for (let i = 0; i < 300; i++) sink.offer(kojiBuild(`pkg${i % 7}`), summary(`burst ${i}`), tickets.make());
    await clock.runUntil(() => tickets.outcomes.size === 300, 600_000);
    await stop(sink);
    assert.equal(
      tickets.count("sent") + tickets.count("digested"),
      300,
      JSON.stringify({ sent: tickets.count("sent"), digested: tickets.count("digested"), dropped: tickets.count("dropped") }),
    );
    assert.ok(tickets.count("digested") > 0, "the backlog became digests");
    assert.equal(tickets.extra, 0);
    assert.equal(double.rateLimited(), 0, "no 429 from the homeserver");
    const times = double.events.map((e) => e.at);
    assert.ok(maxInSlidingWindow(times, 50_000) <= 10 + 10, "a burst of 10, then one every 5 s");
    const digests = double.events.filter((e) => /\d+ /.test(String(e.content.body)) && !/burst \d+$/.test(String(e.content.body)));
    assert.ok(digests.length > 0);
    assert.equal(new Set(double.events.map((e) => e.txnId)).size, double.events.length, "no event twice");
    const [first] = times;
    const last = times.at(-1);
    assert.ok(first !== undefined && last !== undefined);
    assert.ok(last - first <= 120_000, `current within two minutes (took ${last - first} ms)`);
  });

  it("lets a priority topic jump the queue of a burst, on its own line, never digested", async () => {
    const room = double.createRoom();
    const { sink } = buildSink(double.url, [room], { flow: { priority: ["org.fedoraproject.*.announce.**"] } }, clock);
    await sink.start();
    const tickets = new Tickets();
    for (let i = 0; i < 200; i++) sink.offer(kojiBuild(), summary(`build ${i}`), tickets.make());
    const announce = decodeMessage({
      topic: "org.fedoraproject.prod.announce.announcement",
      msg: { message: "Fedora 45 is out" },
      msg_id: "2026-announce",
    });
    const t = tickets.make();
    sink.offer(announce, summary("Fedora 45 is out", null, { title: "announce.announcement" }), t);
    await clock.runUntil(() => tickets.outcomes.size === 201, 600_000);
    await stop(sink);
    assert.equal(tickets.outcomes.get(t.id)?.outcome, "sent");
    const at = double.events.findIndex((e) => String(e.content.body).includes("Fedora 45 is out"));
    assert.ok(at >= 0 && at <= 11, `the announcement went out with the first burst (event ${at})`);
    assert.equal(tickets.count("sent") + tickets.count("digested"), 201);
  });

  it("waits retry_after_ms when the homeserver limits harder than the pacing, and posts nothing twice", async () => {
    const room = double.createRoom();
    const { sink } = buildSink(double.url, [room], { limit: { burst: 50, rate: 10, queue_max: 100 } }, clock);
    await sink.start();
    const tickets = new Tickets();
    for (let i = 0; i < 25; i++) sink.offer(kojiBuild(), summary(`hurry ${i}`), tickets.make());
    await clock.runUntil(() => tickets.outcomes.size === 25, 600_000, 1000);
    await stop(sink);
    assert.ok(double.rateLimited() > 0, "the double's limit was hit");
    assert.equal(tickets.count("sent") + tickets.count("digested"), 25);
    assert.equal(new Set(double.events.map((e) => e.content.body)).size, double.events.length);
    const limited = double.requests.filter((r) => r.status === 429);
    for (const r of limited) {
      const next = double.requests.find((q) => q.route === "send" && q.at > r.at);
      assert.ok(
        next === undefined || next.at - r.at >= (r.retryAfterMs ?? 0),
        `the next attempt waited retry_after_ms (${r.retryAfterMs} ms): ${next ? next.at - r.at : 0} ms`,
      );
    }
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} -> ${c.expect}, stored ${c.expect === "sent" ? "once" : "never"}`, async () => {
      const r = await runFaultCase(c);
      assert.equal(r.outcome, c.expect);
      assert.equal(r.stored, c.expect === "sent" ? 1 : 0);
      if (c.faults[0]?.kind === "rate-limit" && c.expect === "sent")
        assert.ok(r.spanMs >= c.faults[0].retryAfterMs, `waited ${r.spanMs} ms`);
    });
  }

  it("401 M_UNKNOWN_TOKEN stops the sink loudly: waiting and later messages are dropped with the reason and counted", async () => {
    const room = double.createRoom();
    const { sink, metrics, logs } = buildSink(double.url, [room], {}, clock);
    await sink.start();
    double.revoke("good-token");
    const tickets = new Tickets();
    sink.offer(kojiBuild(), summary("refused"), tickets.make());
    sink.offer(kojiBuild(), summary("refused too"), tickets.make());
    await clock.runUntil(() => tickets.outcomes.size === 2, 600_000);
    sink.offer(kojiBuild(), summary("after the stop"), tickets.make());
    await clock.runUntil(() => tickets.outcomes.size === 3, 600_000);
    await stop(sink);
    assert.equal(tickets.count("dropped", "unauthorized"), 3);
    assert.equal(metrics.get("sink_dropped", { sink: sink.name, room, reason: "unauthorized" }), 3);
    assert.equal(double.events.length, 0);
    const loud = logs.lines.filter((l) => l.level === 50 && /refused the access token \(401\)/.test(String(l.msg)));
    assert.equal(loud.length, 1, "one error, not one per message");
    assert.match(String(loud[0]?.reason), /M_UNKNOWN_TOKEN/);
    assert.doesNotMatch(JSON.stringify(logs.lines), /good-token/);
  });

  it("403 pauses the room and retries slowly; the waiting messages go once it may post again", async () => {
    const room = double.createRoom();
    const { sink, metrics } = buildSink(
      double.url,
      [room],
      { forbidden_retry_ms: 10_000, limit: { burst: 10, rate: 10, queue_max: 10 }, flow: { max_behind_s: 600 } },
      clock,
    );
    await sink.start();
    double.mute(room, BOT);
    const tickets = new Tickets();
    sink.offer(kojiBuild(), summary("muted 1"), tickets.make());
    sink.offer(kojiBuild(), summary("muted 2"), tickets.make());
    await clock.runUntil(() => metrics.total("matrix_forbidden") >= 3, 600_000, 1000);
    assert.equal(tickets.outcomes.size, 0, "nothing given up while paused");
    double.mute(room, BOT, false);
    await clock.runUntil(() => tickets.count("sent") === 2, 600_000, 1000);
    await stop(sink);
    assert.deepEqual(
      double.events.map((e) => String(e.content.body).match(/muted \d/)?.[0]),
      ["muted 1", "muted 2"],
    );
    const refused = double.requests.filter((r) => r.status === 403).map((r) => r.at);
    for (let i = 1; i < refused.length; i++)
      assert.ok((refused[i] ?? 0) - (refused[i - 1] ?? 0) >= 10_000, "one try per forbidden_retry_ms");
  });

  it("a shutdown mid-backlog sends what it can as digests before the deadline and drops nothing silently", async () => {
    const room = double.createRoom();
    const { sink } = buildSink(double.url, [room], {}, clock);
    await sink.start();
    const tickets = new Tickets();
    for (let i = 0; i < 100; i++) sink.offer(kojiBuild(), summary(`late ${i}`), tickets.make());
    await clock.advance(1000);
    await stop(sink, 10_000);
    assert.equal(tickets.outcomes.size, 100, "every ticket settled");
    assert.equal(
      tickets.count("dropped"),
      0,
      JSON.stringify([...tickets.outcomes.values()].filter((o) => o.outcome === "dropped").slice(0, 3)),
    );
    assert.equal(tickets.count("sent") + tickets.count("digested"), 100);
  });
});
