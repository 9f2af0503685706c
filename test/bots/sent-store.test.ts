/**
 * The shared memory of ids sent (issue 10, item 2) on the real Redis, with a key
 * prefix unique to each test; Redis "going down" is a loopback proxy cut.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { connectRedis } from "../../bots/redis.js";
import { SentStore } from "../../bots/sent-store.js";
import { redisSchema } from "../../config/schema.js";
import { waitFor } from "../helpers/collect.js";
import { sleep } from "../helpers/irc/harness.js";
import { tcpProxy } from "../helpers/tcp-proxy.js";

describe("sent store (Redis) @integration", function () {
  this.timeout(15_000);
  const prefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
  const admin = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });
  const opened: Redis[] = [];

  after(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    for (const r of opened) r.disconnect();
    admin.disconnect();
  });

  function store(url: string, metrics = new Metrics(), scope = "q1") {
    const redis = connectRedis(redisSchema.parse({ url }), silentLogger(), metrics);
    opened.push(redis);
    return { store: new SentStore({ redis, keyPrefix: prefix, scope, ttlS: 3600, log: silentLogger(), metrics }), redis, metrics };
  }

  it("keeps two deployments on one Redis (same key prefix, same sink names, own queues) apart", async () => {
    const a = store("redis://127.0.0.1:6379", new Metrics(), "deployment-a");
    const b = store("redis://127.0.0.1:6379", new Metrics(), "deployment-b");
    await waitFor(() => a.redis.status === "ready" && b.redis.status === "ready", "both connected");
    a.store.markDone("id-9", "irc:irc.libera.chat:6697");
    await sleep(100); // the write goes out in the background
    assert.equal(await admin.get(`${prefix}sent:deployment-a:irc:irc.libera.chat:6697:id-9`), "1");
    // Deployment B shows it in its own channel: A's line is no reason to ack it unseen.
    assert.deepEqual([...(await b.store.lookup("id-9", ["irc:irc.libera.chat:6697"]))], []);
  });

  it("tells a replica (or the next run) which sinks already sent a message, with a TTL", async () => {
    const a = store("redis://127.0.0.1:6379");
    const b = store("redis://127.0.0.1:6379");
    await waitFor(() => a.redis.status === "ready" && b.redis.status === "ready", "both connected");
    a.store.markDone("id-1", "irc:a");
    await sleep(100); // the write goes out in the background
    assert.deepEqual([...(await b.store.lookup("id-1", ["irc:a", "irc:b"]))], ["irc:a"]);
    assert.equal(b.store.isDone("id-1", "irc:a"), true, "the answer is kept in process");
    assert.equal(b.store.isDone("id-1", "irc:b"), false);
    const ttl = await admin.ttl(`${prefix}sent:q1:irc:a:id-1`);
    assert.ok(ttl > 3500 && ttl <= 3600, `TTL ${ttl}`);
  });

  it("goes on in process memory while Redis is down, counts the failures, and uses Redis again once it is back", async () => {
    const proxy = await tcpProxy(6379);
    try {
      const { store: s, redis, metrics } = store(`redis://127.0.0.1:${proxy.port}`);
      await waitFor(() => redis.status === "ready", "connected");
      proxy.down();
      proxy.cut();
      await waitFor(() => metrics.get("redis_connected") === 0, "Redis seen down");
      s.markDone("id-2", "irc:a");
      assert.deepEqual([...(await s.lookup("id-2", ["irc:a"]))], ["irc:a"], "remembered in process");
      assert.deepEqual([...(await s.lookup("id-3", ["irc:a"]))], []);
      assert.ok(metrics.total("redis_errors") >= 1);
      proxy.up();
      await waitFor(() => redis.status === "ready", "reconnected", 10_000);
      s.markDone("id-4", "irc:a");
      await sleep(100); // the write goes out in the background
      assert.equal(await admin.get(`${prefix}sent:q1:irc:a:id-4`), "1");
    } finally {
      await proxy.close();
    }
  });
});
