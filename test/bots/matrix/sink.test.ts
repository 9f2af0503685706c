import { strict as assert } from "node:assert";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { MatrixDouble } from "./double.js";
import { FAULT_CASES, runFaultCase } from "./faults.js";
import { BOT, buildSink, kojiBuild, summary, until } from "./helpers.js";
import { maxInSlidingWindow } from "../../mastodon/helpers.js";

describe("matrix delivery @integration", function () {
  this.timeout(60_000);
  let double: MatrixDouble;
  let clock: VirtualClock;
  beforeEach(async () => {
    clock = new VirtualClock();
    double = await new MatrixDouble({ now: () => clock.now() }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  it("posts every message once, in order, as m.notice; a restart re-sending them posts nothing twice", async () => {
    const room = double.createRoom();
    const fast = { limit: { burst: 50, rate: 1000, queue_max: 100 } };
    const msgs = Array.from({ length: 20 }, () => kojiBuild());
    const first = buildSink(double.url, [room], fast, clock);
    await first.sink.start();
    msgs.forEach((m, i) => first.sink.offer(m, summary(`line ${i}`)));
    await until(() => first.metrics.total("lines_sent") === 20, "20 events");
    await first.sink.stop(1000);
    assert.deepEqual(double.events.map((e) => e.content.body).map((b) => String(b).split(" -- ")[1]?.split(" ")[1]), msgs.map((_, i) => String(i)));
    assert.ok(double.events.every((e) => e.content.msgtype === "m.notice" && e.sender === BOT));
    assert.equal(new Set(double.events.map((e) => e.txnId)).size, 20);
    // The same messages again (a restart replaying a durable queue): same transaction ids, nothing new stored.
    const again = buildSink(double.url, [room], fast, clock);
    await again.sink.start();
    msgs.forEach((m, i) => again.sink.offer(m, summary(`line ${i}`)));
    await until(() => again.metrics.total("lines_sent") === 20, "20 answers");
    await again.sink.stop(1000);
    assert.equal(double.events.length, 20);
  });

  it("paces the account under Synapse's default limit: a burst of 40 gets no 429", async () => {
    const room = double.createRoom();
    const { sink, metrics } = buildSink(double.url, [room], {}, clock);
    await sink.start();
    const t0 = clock.now();
    for (let i = 0; i < 40; i++) sink.offer(kojiBuild(), summary(`burst ${i}`));
    await until(() => metrics.total("lines_sent") === 40, "40 events", 30_000);
    await sink.stop(1000);
    assert.equal(double.rateLimited(), 0, "no 429 from the homeserver");
    const times = double.events.map((e) => e.at);
    assert.equal(maxInSlidingWindow(times, 50_000), 10 + 9, "a burst of 10, then one every 5 s");
    assert.ok((times.at(-1) ?? 0) - t0 >= 30 * 5000, "the 30 after the burst took 5 s each");
  });

  it("waits retry_after_ms when the homeserver limits harder than the pacing, and still posts each once", async () => {
    const room = double.createRoom();
    const { sink, metrics } = buildSink(double.url, [room], { limit: { burst: 50, rate: 1000, queue_max: 100 } }, clock);
    await sink.start();
    for (let i = 0; i < 25; i++) sink.offer(kojiBuild(), summary(`hurry ${i}`));
    await until(() => metrics.total("lines_sent") === 25, "25 events", 30_000);
    await sink.stop(1000);
    assert.ok(double.rateLimited() > 0, "the double's limit was hit");
    assert.equal(double.events.length, 25);
    assert.equal(new Set(double.events.map((e) => e.content.body)).size, 25);
    const limited = double.requests.filter((r) => r.status === 429);
    for (const r of limited) {
      const next = double.requests.find((q) => q.route === "send" && q.at > r.at);
      assert.ok(next === undefined || next.at - r.at >= 4000, "the next attempt waited retry_after_ms");
    }
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} -> ${c.expect}, stored ${c.expect === "sent" ? "once" : "never"}`, async () => {
      const r = await runFaultCase(c);
      assert.equal(r.outcome, c.expect);
      assert.equal(r.stored, c.expect === "sent" ? 1 : 0);
      if (c.faults[0]?.kind === "rate-limit" && c.expect === "sent") assert.ok(r.spanMs >= c.faults[0].retryAfterMs, `waited ${r.spanMs} ms`);
    });
  }

  it("401 M_UNKNOWN_TOKEN stops the sink loudly: waiting and later events are dropped with the reason and counted", async () => {
    const room = double.createRoom();
    const { sink, metrics, logs } = buildSink(double.url, [room], {}, clock);
    await sink.start();
    double.revoke("good-token");
    sink.offer(kojiBuild(), summary("refused"));
    sink.offer(kojiBuild(), summary("refused too"));
    await until(() => metrics.total("lines_dropped") === 2, "the drops");
    sink.offer(kojiBuild(), summary("after the stop"));
    await sink.stop(1000);
    assert.equal(metrics.get("matrix_dropped", { sink: sink.name, reason: "unauthorized" }), 3);
    assert.equal(double.events.length, 0);
    const loud = logs.lines.filter((l) => l.level === 50 && /refused the access token \(401\)/.test(String(l.msg)));
    assert.equal(loud.length, 1, "one error, not one per event");
    assert.match(String(loud[0]?.reason), /M_UNKNOWN_TOKEN/);
    assert.doesNotMatch(JSON.stringify(logs.lines), /good-token/);
  });

  it("403 pauses the room and retries slowly; the waiting events go once it may post again", async () => {
    const room = double.createRoom();
    const { sink, metrics } = buildSink(double.url, [room], { forbidden_retry_ms: 60_000, limit: { burst: 10, rate: 1000, queue_max: 10 } }, clock);
    await sink.start();
    double.mute(room, BOT);
    sink.offer(kojiBuild(), summary("muted 1"));
    sink.offer(kojiBuild(), summary("muted 2"));
    await until(() => metrics.total("matrix_forbidden") >= 3, "three refusals");
    double.mute(room, BOT, false);
    await until(() => metrics.total("lines_sent") === 2, "both events");
    await sink.stop(1000);
    assert.deepEqual(double.events.map((e) => String(e.content.body).includes("muted 1")), [true, false]);
    const refused = double.requests.filter((r) => r.status === 403).map((r) => r.at);
    for (let i = 1; i < refused.length; i++) assert.ok((refused[i] ?? 0) - (refused[i - 1] ?? 0) >= 60_000, "one try per forbidden_retry_ms");
    assert.equal(metrics.total("lines_dropped"), 0);
  });
});
