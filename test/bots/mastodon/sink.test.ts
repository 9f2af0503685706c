import { strict as assert } from "node:assert";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { idempotencyKey } from "../../../bots/mastodon/sink.js";
import { MastodonDouble } from "../../mastodon/double.js";
import { buildSink, message, summary } from "../../mastodon/helpers.js";
import { waitFor } from "../../helpers/collect.js";

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
    const { sink, metrics } = buildSink(double.url, {
      hashtags: { buildsys: ["koji"] },
      content_warnings: [{ topic: "org.fedoraproject.*.buildsys.build.state.change", text: "build noise" }],
    }, clock);
    await sink.start();
    sink.offer(message(), summary("rpm built"));
    sink.offer(message("org.fedoraproject.prod.bodhi.update.comment"), summary("a comment", "https://bodhi.fedoraproject.org/updates/FEDORA-2026-1"));
    await waitFor(() => metrics.total("lines_sent") === 2, "two posts");
    await sink.stop(1000);
    const [a, b] = double.statuses;
    assert.equal(a?.visibility, "unlisted");
    assert.equal(a?.language, "en");
    assert.equal(a?.spoilerText, "build noise");
    assert.deepEqual(a?.tags, ["koji"]);
    assert.equal(a?.text, "rpm built\nhttps://koji.fedoraproject.org/koji/taskinfo?taskID=123\n#koji");
    assert.equal(b?.spoilerText, "");
    assert.deepEqual(b?.tags, []);
  });

  it("posts with the configured visibility and language", async () => {
    const { sink, metrics } = buildSink(double.url, { visibility: "public", language: "de" }, clock);
    await sink.start();
    sink.offer(message(), summary("gebaut"));
    await waitFor(() => metrics.total("lines_sent") === 1, "the post");
    await sink.stop(1000);
    assert.equal(double.statuses[0]?.visibility, "public");
    assert.equal(double.statuses[0]?.language, "de");
  });

  it("never notifies anyone or creates a hashtag from payload text", async () => {
    const { sink, metrics } = buildSink(double.url, {}, clock);
    await sink.start();
    sink.offer(message(), summary("@someone@example.org commented on #fedora: ping @admin (cc ＠x) https://pagure.io/@user/repo#c1"));
    await waitFor(() => metrics.total("lines_sent") === 1, "the post");
    await sink.stop(1000);
    const s = double.statuses[0];
    assert.deepEqual(s?.mentions, []);
    assert.deepEqual(s?.tags, []);
    assert.ok(s?.text.includes("https://pagure.io/@user/repo#c1"));
  });

  it("filters on people and packages before posting", async () => {
    const { sink, metrics } = buildSink(double.url, { filters: { users: { deny: ["bot"] } } }, clock);
    await sink.start();
    sink.offer(message(), summary("by a bot", null, { usernames: ["bot"] }));
    sink.offer(message(), summary("by a person", null, { usernames: ["alice"] }));
    await waitFor(() => metrics.total("lines_sent") === 1, "the post");
    await sink.stop(1000);
    assert.equal(metrics.get("filtered", { sink: sink.name }), 1);
    assert.deepEqual(double.statuses.map((s) => s.text), ["by a person"]);
  });

  it("keeps the Idempotency-Key of a message across restarts, and apart between sinks", async () => {
    const msg = message();
    const sum = summary("once only");
    for (const name of ["fedora", "fedora", "other"]) {
      const { sink, metrics } = buildSink(double.url, { name }, clock);
      await sink.start();
      sink.offer(msg, sum);
      await waitFor(() => metrics.total("lines_sent") === 1, "the post");
      await sink.stop(1000);
    }
    assert.equal(double.statuses.length, 2, "the restarted sink got its earlier status back");
    assert.notEqual(idempotencyKey("fedora", msg, sum), idempotencyKey("other", msg, sum));
    assert.equal(idempotencyKey("fedora", message("a.b", null), sum), idempotencyKey("fedora", message("a.b", null), sum));
  });

  it("drops the oldest waiting statuses beyond queue_max and counts them", async () => {
    const dropped: string[] = [];
    const { sink, metrics } = buildSink(double.url, { queue_max: 3 }, clock);
    (sink as unknown as { opts: { onDrop: (p: { summary: { text: string } }) => void } }).opts.onDrop = (p) => dropped.push(p.summary.text);
    for (let i = 0; i < 6; i++) sink.offer(message(), summary(`s${i}`, null));
    await sink.start();
    await waitFor(() => metrics.total("lines_sent") === 3, "three posts");
    await sink.stop(1000);
    assert.deepEqual(dropped, ["s0", "s1", "s2"]);
    assert.deepEqual(double.statuses.map((s) => s.text), ["s3", "s4", "s5"]);
    assert.equal(metrics.get("mastodon_dropped", { sink: sink.name, reason: "queue_full" }), 3);
  });

  it("reads the instance's limits again after instance_refresh_s", async () => {
    const { sink, metrics } = buildSink(double.url, { instance_refresh_s: 600 }, clock);
    await sink.start();
    sink.offer(message(), summary("long ".repeat(200), null));
    await waitFor(() => metrics.total("lines_sent") === 1, "the first post");
    double.setLimits({ maxCharacters: 120 });
    clock.advance(601_000);
    sink.offer(message(), summary("long ".repeat(200), null));
    await waitFor(() => metrics.total("lines_sent") === 2, "the second post");
    await sink.stop(1000);
    assert.deepEqual(double.statuses.map((s) => s.length), [500, 120]);
    assert.equal(double.requests.filter((r) => r.path === "/api/v2/instance").length, 2);
  });

  it("after a 429 too long to wait, drops that status and holds the next one until the reset", async () => {
    const { sink, metrics } = buildSink(double.url, { retry: { max_wait_ms: 60_000 } }, clock);
    await sink.start();
    const t0 = clock.now();
    double.fault("POST /api/v1/statuses", { kind: "rate-limit", resetInMs: 600_000 });
    sink.offer(message(), summary("first", null));
    await waitFor(() => metrics.total("lines_dropped") === 1, "the drop");
    sink.offer(message(), summary("second", null));
    await waitFor(() => metrics.total("lines_sent") === 1, "the second post");
    await sink.stop(1000);
    assert.deepEqual(double.statuses.map((s) => s.text), ["second"]);
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
    for (let i = 0; i < 3; i++) sink.offer(message(), summary(`s${i}`));
    await waitFor(() => metrics.total("lines_sent") === 1, "the first post");
    await sink.stop(300);
    assert.equal(sink.wantsTopic("org.fedoraproject.prod.buildsys.build.state.change"), false);
    sink.offer(message(), summary("late"));
    assert.equal(double.statuses.length, 1);
    assert.equal(metrics.get("mastodon_dropped", { sink: sink.name, reason: "shutdown" }), 2);
    assert.equal(sink.queued(), 0);
  });

  it("abandons a hanging request at the deadline", async () => {
    const { sink, metrics } = buildSink(double.url, { request_timeout_ms: 60_000 });
    await sink.start();
    double.fault("POST /api/v1/statuses", { kind: "hang" });
    sink.offer(message(), summary("stuck"));
    await waitFor(() => double.requests.some((r) => r.fault === "hang"), "the hanging request");
    await sink.stop(200);
    assert.equal(metrics.get("mastodon_dropped", { sink: sink.name, reason: "shutdown" }), 1);
    assert.equal(double.statuses.length, 0);
  });
});
