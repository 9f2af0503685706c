/**
 * A Redis that stops answering while its connection stays open (the process frozen by SIGSTOP, a
 * host swapping): every command times out, and `redis_connected` must say 0 then, not only when
 * the TCP connection ends; 1 again once a command succeeds. On a redis-server of this test's own,
 * on a free port (the shared one is never stopped).
 */
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { closeRedis, connectRedis, redisStartWait } from "../../bots/redis.js";
import { SentStore } from "../../bots/sent-store.js";
import { redisSchema } from "../../config/schema.js";
import { freePort, waitFor } from "../helpers/collect.js";

describe("Redis that stops answering @integration", function () {
  this.timeout(20_000);
  let server: ChildProcess | undefined;

  afterEach(async () => {
    const s = server;
    server = undefined;
    if (!s || s.exitCode !== null) return;
    s.kill("SIGCONT");
    const exited = new Promise((resolve) => s.once("exit", resolve));
    s.kill("SIGTERM");
    await exited;
  });

  it("shows redis_connected 0 while its commands time out, and 1 again once one succeeds", async () => {
    const port = await freePort();
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const metrics = new Metrics();
    const redis = connectRedis(redisSchema.parse({ url: `redis://127.0.0.1:${port}` }), silentLogger(), metrics);
    try {
      assert.equal(await redisStartWait(redis, 10_000), true);
      const store = new SentStore({ redis, keyPrefix: "stall-test:", scope: "q", ttlS: 60, log: silentLogger(), metrics });
      assert.equal(metrics.get("redis_connected"), 1);

      server.kill("SIGSTOP");
      assert.deepEqual([...(await store.lookup("id-1", ["irc:a"]))], [], "a lookup that times out answers from memory");
      store.markDone("id-1", "irc:a");
      await waitFor(() => metrics.get("redis_errors", { op: "write" }) >= 1, "the write timed out");
      assert.ok(metrics.get("redis_errors", { op: "read" }) >= 1);
      assert.equal(redis.status, "ready", "the connection itself stays open");
      assert.equal(metrics.get("redis_connected"), 0, "commands fail: not connected in any way that helps");

      server.kill("SIGCONT");
      // The next lookup (the frozen ones may still time out first) goes through, and says so.
      for (let i = 0; i < 20 && metrics.get("redis_connected") !== 1; i++) await store.lookup(`probe-${i}`, ["irc:a"]);
      assert.equal(metrics.get("redis_connected"), 1);
      store.markDone("id-2", "irc:a");
      // One connection: the GET is answered after the SET.
      assert.equal(await redis.get("stall-test:sent:q:irc:a:id-2"), "1");
    } finally {
      await closeRedis(redis);
    }
  });
});
