import { strict as assert } from "node:assert";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { idempotencyKey } from "../../../bots/mastodon/sink.js";
import { MastodonDouble } from "./double.js";
import { Tickets } from "../../helpers/flow.js";
import { buildSink, message, summary, until, ticket } from "./helpers.js";

describe("mastodon sink @integration", () => {
  let double: MastodonDouble;
  let clock: VirtualClock;
  beforeEach(async () => {
    clock = new VirtualClock();
    double = await new MastodonDouble({ now: () => clock.now() }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  it("posts unlisted in English by default, with the service's hashtags and the topic's content warning", async () => {
    const { sink, metrics } = buildSink(
      double.url,
      {
        hashtags: { buildsys: ["koji"] },
        content_warnings: [{ topic: "org.fedoraproject.*.buildsys.build.state.change", text: "build noise" }],
      },
      clock,
    );
    await sink.start();
    sink.offer(message(), summary("rpm built"), ticket());
    sink.offer(
      message("org.fedoraproject.prod.bodhi.update.comment"),
      summary("a comment", "https://bodhi.fedoraproject.org/updates/FEDORA-2026-1"),
      ticket(),
    );
    await until(() => metrics.total("lines_sent") === 2, "two posts");
    await sink.stop(1000);
    const [a, b] = double.statuses;
    assert.equal(a?.visibility, "unlisted");
    assert.equal(a.language, "en");
    assert.equal(a.spoilerText, "build noise");
    assert.deepEqual(a.tags, ["koji"]);
    assert.equal(a.text, "rpm built\nhttps://koji.fedoraproject.org/koji/taskinfo?taskID=123\n#koji");
    assert.equal(b?.spoilerText, "");
    assert.deepEqual(b.tags, []);
  });

  it("posts with the configured visibility and language", async () => {
    const { sink, metrics } = buildSink(double.url, { visibility: "public", language: "de" }, clock);
    await sink.start();
    sink.offer(message(), summary("gebaut"), ticket());
    await until(() => metrics.total("lines_sent") === 1, "the post");
    await sink.stop(1000);
    assert.equal(double.statuses[0]?.visibility, "public");
    assert.equal(double.statuses[0].language, "de");
  });

  it("never notifies anyone or creates a hashtag from payload text", async () => {
    const { sink, metrics } = buildSink(double.url, {}, clock);
    await sink.start();
    sink.offer(
      message(),
      summary("@someone@example.org commented on #fedora: ping @admin (cc ＠x) https://pagure.io/@user/repo#c1"),
      ticket(),
    );
    await until(() => metrics.total("lines_sent") === 1, "the post");
    await sink.stop(1000);
    const s = double.statuses[0];
    assert.deepEqual(s?.mentions, []);
    assert.deepEqual(s.tags, []);
    assert.ok(s.text.includes("https://pagure.io/@user/repo#c1"));
  });

  it("filters on people and packages before posting", async () => {
    const { sink, metrics } = buildSink(double.url, { filters: { users: { deny: ["bot"] } } }, clock);
    await sink.start();
    sink.offer(message(), summary("by a bot", null, { usernames: ["bot"] }), ticket());
    sink.offer(message(), summary("by a person", null, { usernames: ["alice"] }), ticket());
    await until(() => metrics.total("lines_sent") === 1, "the post");
    await sink.stop(1000);
    assert.equal(metrics.get("sink_messages", { sink: sink.name, outcome: "filtered" }), 1);
    assert.deepEqual(
      double.statuses.map((s) => s.text),
      ["by a person"],
    );
  });

  it("keeps the Idempotency-Key of a message across restarts, and apart between sinks", async () => {
    const msg = message();
    const sum = summary("once only");
    for (const name of ["fedora", "fedora", "other"]) {
      const { sink, metrics } = buildSink(double.url, { name }, clock);
      await sink.start();
      sink.offer(msg, sum, ticket());
      await until(() => metrics.total("lines_sent") === 1, "the post");
      await sink.stop(1000);
    }
    assert.equal(double.statuses.length, 2, "the restarted sink got its earlier status back");
    assert.notEqual(idempotencyKey("fedora", msg, sum), idempotencyKey("other", msg, sum));
    assert.equal(idempotencyKey("fedora", message("a.b", null), sum), idempotencyKey("fedora", message("a.b", null), sum));
  });

  it("folds the statuses waiting beyond queue_max into a digest status instead of dropping them", async () => {
    const { sink, metrics } = buildSink(double.url, { queue_max: 3, budget: { burst: 3 } }, clock);
    const mine = new Tickets();
    for (let i = 0; i < 6; i++) sink.offer(message(), summary(`s${i}`, null, { packages: [`pkg${i}`] }), mine.make());
    await sink.start();
    await until(() => mine.outcomes.size === 6, "every message settled");
    await sink.stop(1000);
    assert.equal(mine.count("dropped"), 0);
    const digested = mine.count("digested");
    const sent = mine.count("sent");
    assert.ok(digested >= 3 && sent >= 1 && digested + sent === 6, `${sent} sent, ${digested} digested`);
    // The oldest went into one digest status (with a datagrepper link); the newest kept their own.
    const texts = double.statuses.map((s) => s.text.split("\n")[0]);
    assert.deepEqual(texts, [
      `buildsys: ${digested} build state changes (pkg0, pkg1, pkg2 and ${digested - 3} more)`.replace(" and 0 more", ""),
      ...Array.from({ length: sent }, (_, i) => `s${6 - sent + i}`),
    ]);
    assert.match(double.statuses[0]?.text ?? "", /datagrepper\/v2\/search\?topic=org\.fedoraproject\.prod\.buildsys\.build\.state\.change/);
    assert.equal(metrics.get("sink_messages", { sink: sink.name, outcome: "digested" }), digested);
  });

  it("reads the instance's limits again after instance_refresh_s", async () => {
    const { sink, metrics } = buildSink(double.url, { instance_refresh_s: 600 }, clock);
    await sink.start();
    sink.offer(message(), summary("long ".repeat(200), null), ticket());
    await until(() => metrics.total("lines_sent") === 1, "the first post");
    double.setLimits({ maxCharacters: 120 });
    clock.advance(601_000);
    sink.offer(message(), summary("long ".repeat(200), null), ticket());
    await until(() => metrics.total("lines_sent") === 2, "the second post");
    await sink.stop(1000);
    assert.deepEqual(
      double.statuses.map((s) => s.length),
      [500, 120],
    );
    assert.equal(double.requests.filter((r) => r.path === "/api/v2/instance").length, 2);
  });

  it("after a 429 too long to wait, drops that status and holds the next one until the reset", async () => {
    const { sink, metrics } = buildSink(double.url, { retry: { max_wait_ms: 60_000 } }, clock);
    await sink.start();
    const t0 = clock.now();
    double.fault("POST /api/v1/statuses", { kind: "rate-limit", resetInMs: 600_000 });
    sink.offer(message(), summary("first", null), ticket());
    await until(() => metrics.total("sink_dropped") === 1, "the drop");
    sink.offer(message(), summary("second", null), ticket());
    await until(() => metrics.total("lines_sent") === 1, "the second post");
    await sink.stop(1000);
    // The wait for the reset made it late: it says so.
    assert.deepEqual(
      double.statuses.map((s) => s.text),
      ["second (10 min ago)"],
    );
    assert.ok((double.statuses[0]?.createdAt ?? 0) >= t0 + 600_000);
  });
});

describe("mastodon shutdown @integration", () => {
  let double: MastodonDouble;
  beforeEach(async () => {
    double = await new MastodonDouble().start();
  });
  afterEach(async () => {
    await double.close();
  });

  it("stops taking messages, posts what is due before the deadline and drops the rest", async () => {
    // The real clock: a 60 s spacing cannot be met before a 300 ms deadline.
    const { sink, metrics } = buildSink(double.url, { budget: { min_interval_ms: 60_000 } });
    await sink.start();
    for (let i = 0; i < 3; i++) sink.offer(message(), summary(`s${i}`), ticket());
    await until(() => metrics.total("lines_sent") === 1, "the first post");
    await sink.stop(300);
    assert.equal(sink.wantsTopic("org.fedoraproject.prod.buildsys.build.state.change"), false);
    assert.equal(
      metrics.get("sink_dropped", { sink: sink.name, reason: "shutdown" }),
      2,
      "the two still waiting at the deadline, with their reason",
    );
    sink.offer(message(), summary("late"), ticket());
    assert.equal(double.statuses.length, 1);
    assert.equal(
      metrics.get("sink_dropped", { sink: sink.name, reason: "shutdown" }),
      3,
      "a message after the stop is dropped and counted, not kept",
    );
    assert.equal(sink.queued(), 0);
  });

  it("abandons a hanging request at the deadline", async () => {
    const { sink, metrics } = buildSink(double.url, { request_timeout_ms: 60_000 });
    await sink.start();
    double.fault("POST /api/v1/statuses", { kind: "hang" });
    sink.offer(message(), summary("stuck"), ticket());
    await until(() => double.requests.some((r) => r.fault === "hang"), "the hanging request");
    await sink.stop(200);
    assert.equal(metrics.get("sink_dropped", { sink: sink.name, reason: "shutdown" }), 1);
    assert.equal(double.statuses.length, 0);
  });
});
