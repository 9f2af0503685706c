/**
 * Two `fedmsg-echo mastodon` processes posting as one account (issue 10): they
 * compete on one AMQP queue and share one budget through Redis (the flow layer's
 * clustered pacer, keyed by instance and token). Together they stay within the
 * budget, and followers (the Mastodon double) see no status twice.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { MastodonDouble } from "./mastodon/double.js";
import { AMQP_URL, calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../helpers/amqp.js";
import { startBotProcess } from "../helpers/bot-process.js";
import { waitFor } from "../helpers/collect.js";
import { silentLogger } from "../../bots/log.js";
import { createMastodonAccountSinks } from "../../bots/mastodon/main.js";
import { Metrics } from "../../bots/metrics.js";
import { parseConfig } from "../../config/load.js";

describe("two Mastodon replicas as one account @integration", function () {
  this.timeout(90_000);
  let broker: TestBroker;
  let double: MastodonDouble;
  let prefix: string;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare();
    double = await new MastodonDouble().start();
    prefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    await double.close();
    await broker.close();
    const redis = new Redis("redis://127.0.0.1:6379");
    const keys = [...(await redis.keys(`${prefix}*`)), ...(await redis.keys(`b_${prefix}*`))];
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("share one pace in Redis: what one replica spends, the other cannot", async () => {
    const config = parseConfig({
      redis: { url: "redis://127.0.0.1:6379", key_prefix: prefix },
      mastodon: [
        { instance: double.url, access_token: "good-token", budget: { statuses: 4, window_s: 180, burst: 2, min_interval_ms: 0 } },
      ],
    });
    const other = parseConfig({
      ...config,
      mastodon: [
        { instance: double.url, access_token: "other-token", budget: { statuses: 4, window_s: 180, burst: 2, min_interval_ms: 0 } },
      ],
    });
    const deps = { log: silentLogger(), metrics: new Metrics() };
    // Two replicas of the one account, and a third sink posting as another account.
    const [a] = createMastodonAccountSinks(config, deps);
    const [b] = createMastodonAccountSinks(config, deps);
    const [c] = createMastodonAccountSinks(other, deps);
    assert.ok(a && b && c);
    try {
      await a.pacer.acquire();
      await a.pacer.acquire();
      const later = (p: Promise<void>) =>
        Promise.race([p.then(() => "got a token"), new Promise((r) => setTimeout(() => r("waiting"), 1500))]);
      assert.equal(await later(b.pacer.acquire()), "waiting", "the burst is spent for the whole account");
      assert.equal(await later(c.pacer.acquire()), "got a token", "another account has its own budget");
    } finally {
      for (const s of [a, b, c]) await s.stop(0).catch(() => undefined);
    }
  });

  it("post within the budget, no message in two statuses", async () => {
    // 4 statuses per 3 minutes (Mastodon's 300 per 3 hours allows no more), a burst of 2: one budget lets out 2 at once,
    // then one more within the next 45 s; two budgets would let out 4 at once.
    const config = {
      stats_interval_s: 0,
      log: { level: "warn" },
      shutdown_deadline_ms: 2000,
      amqp: { url: AMQP_URL, routing_keys: [`${broker.prefix}.#`], queue: broker.queue, prefetch: 5 },
      redis: { url: "redis://127.0.0.1:6379", key_prefix: prefix },
      mastodon: [
        {
          instance: double.url,
          access_token: "good-token",
          budget: { statuses: 4, window_s: 180, burst: 2, min_interval_ms: 0 },
          queue_max: 5,
        },
      ],
    };
    const a = startBotProcess("mastodon", config);
    const b = startBotProcess("mastodon", config);
    cleanups.push(a.cleanup, b.cleanup);
    // Both replicas ready (account checked) before the burst, so each has its share of the queue.
    await waitFor(
      () => double.requests.filter((r) => r.path.startsWith("/api/v1/accounts/verify_credentials")).length >= 2,
      "both accounts checked",
      30_000,
      50,
    );
    await new Promise((r) => setTimeout(r, 1000));
    // One message every 400 ms: the replicas take turns, and each would post its own burst of 2 at once.
    const start = Date.now();
    for (let i = 0; i < 20; i++) {
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), { messageId: `m-${i}`, headers: FEDOCAL_HEADERS });
      await new Promise((r) => setTimeout(r, 400));
    }
    const elapsedS = (Date.now() - start) / 1000;
    const posted = double.statuses.length;
    // One budget: its burst, then 4 per 180 s (the test above shows the budget is shared; here the processes and the queue).
    const allowed = 2 + Math.ceil(elapsedS * (4 / 180));
    assert.ok(posted >= 2, `${posted} statuses: the budget's burst was used`);
    assert.ok(posted <= allowed, `${posted} statuses in ${elapsedS.toFixed(1)} s; one shared budget allows ${allowed}`);
    const texts = double.statuses.map((s) => s.text);
    const own = texts.flatMap((t) => [...t.matchAll(/calendar Cal-(\d+)/g)].map((m) => m[1]));
    assert.equal(new Set(own).size, own.length, "no message in two statuses");
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    assert.equal(await a.exited(), 0, a.stderr());
    assert.equal(await b.exited(), 0, b.stderr());
  });
});
