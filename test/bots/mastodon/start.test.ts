import { strict as assert } from "node:assert";
import { MastodonAuthError, MastodonScopeError, MastodonStartError } from "../../../bots/mastodon/main.js";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { MastodonDouble } from "./double.js";
import { buildSink, message, summary, until, ticket } from "./helpers.js";

describe("mastodon start @integration", () => {
  let double: MastodonDouble;
  const clock = new VirtualClock();
  const tokens = {
    "good-token": { scopes: ["read", "write"], username: "fedora-firehose" },
    "read-only": { scopes: ["read"], username: "reader" },
    "post-only": { scopes: ["write:statuses"], username: "poster" },
  };
  beforeEach(async () => {
    double = await new MastodonDouble({ now: () => clock.now(), tokens, maxCharacters: 200, urlWeight: 30 }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  it("stops with a clear error naming the instance when the token is invalid (401)", async () => {
    const { sink } = buildSink(double.url, { access_token: "wrong" }, clock);
    await assert.rejects(sink.start(), (err: unknown) => {
      assert.ok(err instanceof MastodonAuthError);
      assert.ok(err.message.includes(double.url), err.message);
      assert.match(err.message, /access token is invalid/);
      return true;
    });
    await sink.stop(0);
  });

  it("stops naming the missing write:statuses scope (403)", async () => {
    const { sink } = buildSink(double.url, { access_token: "read-only" }, clock);
    await assert.rejects(sink.start(), (err: unknown) => {
      assert.ok(err instanceof MastodonScopeError);
      assert.equal(err.scope, "write:statuses");
      assert.match(err.message, /lacks the write:statuses scope/);
      assert.ok(err.message.includes(double.url));
      return true;
    });
    // The probe posted nothing.
    assert.equal(double.statuses.length, 0);
    await sink.stop(0);
  });

  it("accepts a token with only write:statuses, warning that it cannot read the account", async () => {
    const { sink, logs, metrics } = buildSink(double.url, { access_token: "post-only" }, clock);
    await sink.start();
    assert.ok(logs.find(/cannot read its account/));
    sink.offer(message(), summary("posted with write:statuses only"), ticket());
    await until(() => metrics.get("lines_sent", { sink: sink.name }) === 1, "the post");
    await sink.stop(1000);
    assert.equal(double.statuses[0]?.account, "poster");
  });

  it("reads max_characters and the URL weight of the instance and renders within them", async () => {
    const { sink, logs, metrics } = buildSink(double.url, {}, clock);
    await sink.start();
    assert.equal(logs.find(/account ready/)?.max_characters, 200);
    assert.equal(logs.find(/account ready/)?.url_weight, 30);
    sink.offer(message(), summary("long ".repeat(100)), ticket());
    await until(() => metrics.get("lines_sent", { sink: sink.name }) === 1, "the post");
    await sink.stop(1000);
    const s = double.statuses[0];
    assert.ok(s && s.length <= 200 && s.length >= 190, String(s?.length));
  });

  it("falls back to /api/v1/instance on servers without v2", async () => {
    await double.close();
    double = await new MastodonDouble({ now: () => clock.now(), v2Instance: false, maxCharacters: 1000 }).start();
    const { sink, logs } = buildSink(double.url, {}, clock);
    await sink.start();
    assert.equal(logs.find(/account ready/)?.max_characters, 1000);
    await sink.stop(0);
  });

  it("sets the bot flag once when asked, and not when it is already set", async () => {
    const first = buildSink(double.url, { set_bot_flag: true }, clock);
    await first.sink.start();
    await first.sink.stop(0);
    assert.equal(double.bots.get("fedora-firehose"), true);
    const second = buildSink(double.url, { set_bot_flag: true }, clock);
    await second.sink.start();
    await second.sink.stop(0);
    assert.equal(double.requests.filter((r) => r.path.endsWith("update_credentials")).length, 1);
  });

  it("retries a start through a 503 and gives up with a typed error when the instance stays down", async () => {
    double.fault("GET /api/v1/accounts/verify_credentials", { kind: "error", status: 503, body: "html" });
    const ok = buildSink(double.url, {}, clock);
    await ok.sink.start();
    await ok.sink.stop(0);
    const down = { kind: "error", status: 502, body: "json" } as const;
    double.fault("GET /api/v1/accounts/verify_credentials", down, down, down);
    const { sink } = buildSink(double.url, { retry: { max_attempts: 3 } }, clock);
    await assert.rejects(
      sink.start(),
      (err: unknown) => err instanceof MastodonStartError && /after 3 attempts/.test(err.message) && !(err instanceof MastodonAuthError),
    );
    await sink.stop(0);
  });
});
