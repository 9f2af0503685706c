/**
 * Every use of Redis reports into `redis_connected`, not only the sent store: a Mastodon account's
 * shared budget (bottleneck's clustering) and a Matrix account's thread roots, each on a connection
 * of its own. On a redis-server of this test's own, on a free port, frozen by SIGSTOP (its
 * connections stay open, nothing answers) and killed; the shared one is never touched.
 */
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { silentLogger } from "../../bots/log.js";
import { redisThreads } from "../../bots/matrix/main.js";
import { createMastodonAccountSinks } from "../../bots/mastodon/main.js";
import { Metrics } from "../../bots/metrics.js";
import { parseConfig } from "../../config/load.js";
import { freePort, waitFor } from "../helpers/collect.js";

describe("redis_connected hears every use of Redis @integration", function () {
  this.timeout(40_000);
  let server: ChildProcess | undefined;
  let port = 0;

  beforeEach(async () => {
    port = await freePort();
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
  });
  afterEach(async () => {
    const s = server;
    server = undefined;
    if (!s || s.exitCode !== null || s.signalCode !== null) return;
    s.kill("SIGCONT");
    const exited = new Promise((resolve) => s.once("exit", resolve));
    s.kill("SIGTERM");
    await exited;
  });

  /** Polls `poke` (a command of the use, when it has one) until the gauge reads `value`. */
  async function gaugeReaches(metrics: Metrics, value: number, poke: () => Promise<unknown>, what: string): Promise<void> {
    const end = Date.now() + 15_000;
    while (metrics.get("redis_connected") !== value) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await poke();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Frozen, then thawed, then killed: `redis_connected` follows (0, 1, 0). */
  async function outages(metrics: Metrics, poke: () => Promise<unknown>): Promise<void> {
    const s = server as ChildProcess;
    s.kill("SIGSTOP");
    await gaugeReaches(metrics, 0, poke, "redis_connected 0 while Redis is frozen");
    s.kill("SIGCONT");
    await gaugeReaches(metrics, 1, poke, "redis_connected 1 once it answers again");
    s.kill("SIGKILL");
    await gaugeReaches(metrics, 0, poke, "redis_connected 0 once it is gone");
  }

  it("a Mastodon account's shared budget", async () => {
    const metrics = new Metrics();
    const config = parseConfig({
      redis: { url: `redis://127.0.0.1:${port}`, key_prefix: "redis-uses-test:" },
      mastodon: [{ instance: "https://social.example", access_token: "t" }],
    });
    const [sink] = createMastodonAccountSinks(config, { log: silentLogger(), metrics });
    assert.ok(sink);
    try {
      await waitFor(() => metrics.get("redis_connected") === 1, "redis_connected 1 once the budget's Redis is connected", 10_000, 50);
      await outages(metrics, () => Promise.resolve());
    } finally {
      await sink.stop(1000);
    }
  });

  it("a Matrix account's thread roots", async () => {
    const metrics = new Metrics();
    const threads = redisThreads(`redis://127.0.0.1:${port}`, 60_000, "matrix:test", { log: silentLogger(), metrics });
    // Each command's outcome reports; a failed one is not the caller's problem (events go outside threads).
    const poke = () => threads.store.get("!room:x", "k").catch(() => undefined);
    try {
      await threads.start();
      // The server may still be starting: ioredis retries in the background.
      await gaugeReaches(metrics, 1, poke, "redis_connected 1 once a thread root is read");
      await outages(metrics, poke);
    } finally {
      await threads.close();
    }
  });
});
