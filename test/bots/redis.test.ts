import { PassThrough } from "node:stream";
import { strict as assert } from "node:assert";
import { createLogger, silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { accountBudgetId, closeRedis, connectRedis, REDIS_COMMAND_TIMEOUT_MS, redisStartWait } from "../../bots/redis.js";
import { tcpProxy } from "../helpers/tcp-proxy.js";

describe("shared budget ids", () => {
  it("are one per account (instance and token), never hold the token, and carry the key prefix", () => {
    const a = accountBudgetId("fe:", "https://Social.Example/", "secret-token");
    assert.equal(a, accountBudgetId("fe:", "https://social.example", "secret-token"), "the same account from two replicas");
    assert.notEqual(a, accountBudgetId("fe:", "https://social.example", "other-token"));
    assert.notEqual(a, accountBudgetId("fe:", "https://other.example", "secret-token"));
    assert.ok(a.startsWith("fe:budget:mastodon:social.example:"));
    assert.doesNotMatch(a, /secret/);
  });
});

describe("Redis at a bot's start @integration", function () {
  this.timeout(15_000);
  const log = silentLogger();

  it("is waited for while it is slow to answer its handshake (over the command timeout), so the first lookups already see what other runs sent", async () => {
    const proxy = await tcpProxy(6379);
    proxy.delay(1000);
    const redis = connectRedis(
      { url: `redis://127.0.0.1:${proxy.port}`, key_prefix: "fedmsg-echo-test:", sent_ttl_s: 60 },
      log,
      new Metrics(),
    );
    try {
      assert.notEqual(redis.status, "ready", "still connecting through the slow proxy");
      assert.equal(await redisStartWait(redis, 10_000), true);
      assert.equal(redis.status, "ready");
      assert.equal(redis.options.commandTimeout, REDIS_COMMAND_TIMEOUT_MS, "commands in use are bounded again");
    } finally {
      await closeRedis(redis);
      await proxy.close();
    }
  });

  it("is waited for no longer than the wait when it refuses: the bot goes on with its in-process memory", async () => {
    const proxy = await tcpProxy(6379);
    proxy.down();
    const redis = connectRedis(
      { url: `redis://127.0.0.1:${proxy.port}`, key_prefix: "fedmsg-echo-test:", sent_ttl_s: 60 },
      log,
      new Metrics(),
    );
    try {
      assert.equal(await redisStartWait(redis, 500), false);
      assert.notEqual(redis.status, "ready");
    } finally {
      await closeRedis(redis);
      await proxy.close();
    }
  });

  it("says nothing of an outage when the bot closes it on purpose", async () => {
    const lines: string[] = [];
    const out = new PassThrough();
    out.on("data", (d: Buffer) => lines.push(d.toString()));
    const redis = connectRedis(
      { url: "redis://127.0.0.1:6379", key_prefix: "fedmsg-echo-test:", sent_ttl_s: 60 },
      createLogger("info", out),
      new Metrics(),
    );
    assert.equal(await redisStartWait(redis), true);
    await closeRedis(redis);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(
      lines.some((l) => l.includes("Redis connected")),
      lines.join(""),
    );
    assert.ok(!lines.some((l) => l.includes("unreachable")), lines.join(""));
  });
});
