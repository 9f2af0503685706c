import { strict as assert } from "node:assert";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { MastodonDouble } from "./double.js";
import { hashtagsIn, mentionsIn, statusLength } from "./double-text.js";

describe("the Mastodon API double @integration", () => {
  let clock: VirtualClock;
  let double: MastodonDouble;
  beforeEach(async () => {
    clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 30));
    double = await new MastodonDouble({
      now: () => clock.now(),
      tokens: { t: { scopes: ["read", "write"], username: "u" }, r: { scopes: ["read"] } },
    }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  const post = (body: Record<string, unknown>, headers: Record<string, string> = {}, token = "t") =>
    fetch(`${double.url}/api/v1/statuses`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("answers 401 for a bad token and 403 for a missing scope", async () => {
    assert.equal((await post({ status: "x" }, {}, "nope")).status, 401);
    const r = await post({ status: "x" }, {}, "r");
    assert.equal(r.status, 403);
    assert.match(((await r.json()) as { error: string }).error, /outside the authorized scopes/);
  });

  it("returns the same status for the same Idempotency-Key within the hour, a new one after", async () => {
    const a = (await (await post({ status: "x" }, { "Idempotency-Key": "k" })).json()) as { id: string };
    const b = (await (await post({ status: "x" }, { "Idempotency-Key": "k" })).json()) as { id: string };
    assert.equal(a.id, b.id);
    clock.advance(3600_001);
    const c = (await (await post({ status: "x" }, { "Idempotency-Key": "k" })).json()) as { id: string };
    assert.notEqual(a.id, c.id);
    assert.equal(double.statuses.length, 2);
  });

  it("validates the length as Mastodon counts it (422 past the limit)", async () => {
    const url = "https://example.org/" + "p".repeat(100);
    const exactly = "🇫🇷".repeat(500 - 23 - 1 - 4) + " " + url;
    assert.equal((await post({ status: exactly, spoiler_text: "warn" })).status, 200);
    const r = await post({ status: exactly + "!", spoiler_text: "warn" });
    assert.equal(r.status, 422);
    assert.match(((await r.json()) as { error: string }).error, /character limit of 500 exceeded/);
    assert.equal((await post({ status: "   " })).status, 422);
  });

  it("limits statuses per epoch-aligned 3-hour window with X-RateLimit headers and 429", async () => {
    await double.close();
    double = await new MastodonDouble({ now: () => clock.now(), statusLimit: 2, tokens: { t: { scopes: ["write"] } } }).start();
    const first = await post({ status: "1" });
    assert.equal(first.headers.get("x-ratelimit-remaining"), "1");
    assert.equal(first.headers.get("x-ratelimit-reset"), "2026-01-01T03:00:00.000000Z");
    await post({ status: "2" });
    const third = await post({ status: "3" });
    assert.equal(third.status, 429);
    clock.advance(3 * 3600_000);
    assert.equal((await post({ status: "4" })).status, 200);
    assert.equal(double.stats().maxStatusesPerWindow, 2);
  });

  it("limits requests per 5-minute window", async () => {
    await double.close();
    double = await new MastodonDouble({ now: () => clock.now(), requestLimit: 3, resetFormat: "epoch" }).start();
    const get = () => fetch(`${double.url}/api/v2/instance`);
    for (let i = 0; i < 3; i++) assert.equal((await get()).status, 200);
    const over = await get();
    assert.equal(over.status, 429);
    assert.equal(over.headers.get("x-ratelimit-reset"), String(Date.UTC(2026, 0, 1, 0, 35) / 1000));
  });

  it("serves faults: HTML pages, and a reset after the status was stored", async () => {
    double.fault("POST /api/v1/statuses", { kind: "error", status: 502, body: "html" }, { kind: "reset" });
    const r = await post({ status: "x" });
    assert.equal(r.status, 502);
    assert.match(r.headers.get("content-type") ?? "", /text\/html/);
    await assert.rejects(post({ status: "y" }));
    assert.deepEqual(
      double.statuses.map((s) => s.text),
      ["y"],
    );
  });
});

describe("the Mastodon API double's reading of status text", () => {
  it("finds hashtags and mentions where Mastodon's Tag::HASHTAG_RE and Account::MENTION_RE do", () => {
    // Ruby's \w before '#' is ASCII only: a hashtag after a non-ASCII letter is still one.
    assert.deepEqual(hashtagsIn("café#fedora 日本#タグ"), ["fedora", "タグ"]);
    // A separator stands in for the letter a hashtag needs.
    assert.deepEqual(hashtagsIn("#1_2 #12·3"), ["1_2", "12·3"]);
    assert.deepEqual(hashtagsIn("a#no _#no /#no )#no #1234 #1_"), []);
    // [[:word:]] holds decimal digits, not other numbers.
    assert.deepEqual(mentionsIn("²@alice é@bob 1@carol x=@dave /@eve"), ["alice"]);
    assert.deepEqual(mentionsIn("@fed@social.example.org"), ["fed@social.example.org"]);
  });

  it("counts a URL on a TLD twitter-text does not know at its full length", () => {
    assert.equal(statusLength("https://koji.fedoraproject.org/koji/taskinfo?taskID=1", "", 23), 23);
    assert.equal(statusLength("https://builder.lan/logs/build.log", "", 23), "https://builder.lan/logs/build.log".length);
  });
});
