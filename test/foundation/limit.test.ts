import { strict as assert } from "node:assert";
import { Dedupe } from "../../bots/dedupe.js";
import { LineLimiter } from "../../bots/limit.js";
import { silentLogger } from "../../bots/log.js";

describe("rate limiter", () => {
  it("sends the burst at once, keeps at most queue_max waiting, drops the oldest, and never blocks submit", async () => {
    const delivered: number[] = [];
    const dropped: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const limiter = new LineLimiter<number>({
      name: "test",
      // A slow steady rate: after the burst nothing more is sent while we submit.
      limit: { burst: 3, rate: 0.001, queue_max: 5 },
      log: silentLogger(),
      deliver: async (n) => {
        delivered.push(n);
        if (delivered.length === 3) release();
      },
      onDrop: (n) => dropped.push(n),
    });
    const t0 = process.hrtime.bigint();
    for (let i = 1; i <= 100; i++) assert.equal(limiter.submit(i), true);
    const submitNs = process.hrtime.bigint() - t0;
    await gate;
    // bottleneck admits submissions asynchronously (a few per millisecond): wait until it has sorted them all.
    for (let i = 0; i < 200 && limiter.queued() > 5; i++) await new Promise((r) => setTimeout(r, 25));
    // submit() only enqueues: 100 calls return long before a single token would be refilled (1000 s here).
    assert.ok(submitNs < 1_000_000_000n);
    assert.equal(delivered.length, 3, "the burst");
    assert.ok(limiter.queued() <= 5, `queued ${limiter.queued()} > queue_max`);
    assert.equal(limiter.counts.submitted, 100);
    assert.equal(delivered.length + limiter.queued() + limiter.counts.dropped, 100, "every line is sent, waiting or counted as dropped");
    // The oldest were dropped: the newest lines are those still waiting.
    assert.ok(dropped.length >= 90);
    assert.ok(!dropped.includes(100));
    assert.ok(dropped.every((n, i) => i === 0 || n > (dropped[i - 1] ?? 0)), "dropped in arrival order");
    await limiter.drain(50);
    assert.equal(limiter.submit(101), false, "a drained limiter takes nothing more");
  });

  it("paces after the burst at the configured rate", async () => {
    const times: number[] = [];
    const limiter = new LineLimiter<number>({
      name: "pace",
      limit: { burst: 2, rate: 20, queue_max: 10 },
      log: silentLogger(),
      deliver: async () => {
        times.push(Date.now());
      },
    });
    for (let i = 0; i < 6; i++) limiter.submit(i);
    await limiter.drain(5000);
    assert.equal(times.length, 6);
    // 4 lines beyond the burst need 4 refills of 50 ms: at least ~150 ms in all, whatever the machine's speed.
    assert.ok((times[5] ?? 0) - (times[0] ?? 0) >= 150, `sent too fast: ${(times[5] ?? 0) - (times[0] ?? 0)} ms`);
  });

  it("counts a failed delivery and goes on with the next line", async () => {
    const sent: number[] = [];
    const limiter = new LineLimiter<number>({
      name: "fail",
      limit: { burst: 10, rate: 100, queue_max: 10 },
      log: silentLogger(),
      deliver: async (n) => {
        if (n === 2) throw new Error("transport down");
        sent.push(n);
      },
    });
    for (const n of [1, 2, 3]) limiter.submit(n);
    await limiter.drain(2000);
    assert.deepEqual(sent, [1, 3]);
    assert.equal(limiter.counts.failed, 1);
  });
});

describe("dedupe", () => {
  it("passes an id once and forgets the oldest beyond its capacity", () => {
    const d = new Dedupe(2);
    assert.ok(d.firstTime("a"));
    assert.ok(!d.firstTime("a"));
    assert.ok(d.firstTime("b"));
    assert.ok(d.firstTime("c")); // evicts "a"
    assert.ok(d.firstTime("a"));
    assert.ok(!d.firstTime("c"));
    assert.ok(d.firstTime(null) && d.firstTime(null), "messages without id always pass");
  });
});
