import { strict as assert } from "node:assert";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { MastodonDouble } from "./double.js";
import { buildSink, maxInSlidingWindow, message, summary, until, ticket } from "./helpers.js";

const HOUR_MS = 3600_000;
/** Real time the saturated bus may take for its 7 virtual hours (about 15 s on 2 cores). */
const SATURATED_RUN_MS = 100_000;
/** The sink's shutdown deadline after it (real time at most). */
const SATURATED_STOP_MS = 10_000;
/** The double's and the account's start, and the checks. */
const SETUP_MS = 10_000;

/**
 * Offer one message every `everyMs` of virtual time, as a busy bus would. Time moves
 * when the sink sleeps; when it has nothing queued (so nothing sleeps), the bus moves it.
 */
export function feed(
  clock: VirtualClock,
  offer: () => void,
  everyMs: number,
  idle: () => boolean,
): { offered: () => number; stop: () => void } {
  let next = clock.now();
  let n = 0;
  const tick = (now: number): void => {
    for (; next <= now; next += everyMs, n++) offer();
  };
  clock.onAdvance(tick);
  tick(clock.now());
  const pump = setInterval(() => {
    if (idle()) clock.advance(everyMs);
  }, 1);
  return { offered: () => n, stop: () => clearInterval(pump) };
}

describe("mastodon pacing @integration", () => {
  it("keeps 7 hours of a saturated bus within 250 statuses per 3 hours and Mastodon's windows", async function () {
    // About 600 statuses through the flow layer and the double, in virtual time: tens of seconds of real time.
    // Every wait inside is bounded, and their sum stays under the test's timeout: a stall fails naming what it waited for.
    this.timeout(SATURATED_RUN_MS + SATURATED_STOP_MS + SETUP_MS);
    const clock = new VirtualClock(Date.UTC(2026, 0, 1, 1, 17)); // not aligned to the server's windows
    const double = await new MastodonDouble({ now: () => clock.now() }).start();
    const { sink, metrics } = buildSink(double.url, {}, clock);
    try {
      await sink.start();
      const t0 = clock.now();
      const bus = feed(
        clock,
        () => sink.offer(message(), summary("a build finished"), ticket()),
        10_000,
        () => sink.queued() === 0,
      );
      await until(() => clock.now() - t0 >= 7 * HOUR_MS, "7 virtual hours", SATURATED_RUN_MS);
      bus.stop();
      // Not 0: a post aborted in flight may or may not be stored, which would blur the accounting below.
      await sink.stop(SATURATED_STOP_MS);
      const times = double.statuses.map((s) => s.createdAt);
      const stats = double.stats();
      assert.equal(stats.rateLimited, 0, "no 429");
      assert.ok(stats.maxStatusesPerWindow <= 300, `server window saw ${stats.maxStatusesPerWindow} statuses`);
      assert.ok(stats.maxRequestsPerWindow <= 300, `server window saw ${stats.maxRequestsPerWindow} requests`);
      assert.ok(maxInSlidingWindow(times, 3 * HOUR_MS) <= 250, "our share of 250 per 3 hours");
      assert.ok(
        maxInSlidingWindow(
          double.requests.map((r) => r.at),
          5 * 60_000,
        ) <= 250,
        "our share of 250 requests per 5 minutes",
      );
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      assert.ok(Math.min(...gaps) >= 5000, `minimum spacing, got ${Math.min(...gaps)} ms`);
      // The budget is used, not starved: the last 3 hours carry (nearly) the whole share.
      const lastWindow = times.filter((t) => t > clock.now() - 3 * HOUR_MS).length;
      assert.ok(lastWindow >= 240, `only ${lastWindow} statuses in the last 3 hours`);
      assert.equal(new Set(double.statuses.map((s) => s.idempotencyKey)).size, double.statuses.length, "no duplicates");
      // Everything offered is accounted for: posted on its own, counted in a digest status, or dropped for a reason.
      const n = (outcome: string): number => metrics.get("sink_messages", { sink: sink.name, outcome });
      assert.equal(bus.offered(), n("sent") + n("digested") + n("dropped") + sink.queued());
      assert.equal(metrics.total("lines_sent"), double.statuses.length);
      assert.ok(n("digested") > 1000, "the backlog went out as digests");
      assert.equal(metrics.get("sink_dropped", { sink: sink.name, reason: "memory_bound" }), 0, "nothing dropped for memory");
    } finally {
      await sink.stop(0);
      await double.close();
    }
  });

  it("has one owner of the account's pace, the pacer: a burst at the minimum spacing, then the share's rate", async () => {
    const clock = new VirtualClock();
    const double = await new MastodonDouble({ now: () => clock.now() }).start();
    // No digests here (a day behind is fine): forty statuses of their own, offered at once.
    const { sink, metrics } = buildSink(double.url, { queue_max: 100, flow: { max_behind_s: 86_400 } }, clock);
    try {
      await sink.start();
      for (let i = 0; i < 40; i++) sink.offer(message(), summary(`status ${i}`), ticket());
      await until(() => metrics.total("lines_sent") === 40, "forty statuses posted");
      const times = double.statuses.map((s) => s.createdAt);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      // The burst of 10 (budget.burst) goes out at the minimum spacing (budget.min_interval_ms)...
      assert.deepEqual(gaps.slice(0, 9), Array(9).fill(5000));
      // ...then the pacer lets one status out per 3 h / 250 = 43.2 s: a token bucket of 10, never more in
      // any stretch of time than the burst and the refill over it, and not much less either (the share is used).
      const perToken = (3 * HOUR_MS) / 250;
      for (let i = 0; i < times.length; i++)
        for (let j = i + 1; j < times.length; j++)
          assert.ok(j - i + 1 <= 10 + ((times[j] ?? 0) - (times[i] ?? 0)) / perToken, `statuses ${i} to ${j}: more than the bucket allows`);
      const steady = ((times[39] ?? 0) - (times[10] ?? 0)) / 29;
      assert.ok(steady <= perToken * 1.15, `${steady} ms per status after the burst`);
      assert.equal(gaps.filter((g) => g < 5000).length, 0, "the minimum spacing holds");
    } finally {
      await sink.stop(0);
      await double.close();
    }
  });

  it("posts with a burst of 1 (a smooth budget): one status per 3 h / 250, each token asked for once", async () => {
    const clock = new VirtualClock();
    const double = await new MastodonDouble({ now: () => clock.now() }).start();
    const { sink, metrics } = buildSink(
      double.url,
      { queue_max: 100, budget: { burst: 1, min_interval_ms: 0 }, flow: { max_behind_s: 86_400 } },
      clock,
    );
    try {
      await sink.start();
      for (let i = 0; i < 10; i++) sink.offer(message(), summary(`status ${i}`), ticket());
      await until(() => metrics.total("lines_sent") === 10, "ten statuses posted");
      const times = double.statuses.map((s) => s.createdAt);
      const perToken = (3 * HOUR_MS) / 250;
      for (let i = 1; i < times.length; i++)
        assert.ok((times[i] ?? 0) - (times[i - 1] ?? 0) >= perToken, `statuses ${i - 1} and ${i} closer than ${perToken} ms`);
      const steady = ((times[9] ?? 0) - (times[0] ?? 0)) / 9;
      assert.ok(steady <= perToken * 1.1, `${steady} ms per status: the share is used`);
    } finally {
      await sink.stop(0);
      await double.close();
    }
  });

  it("keeps retries within the request window of the server", async () => {
    const clock = new VirtualClock();
    const double = await new MastodonDouble({ now: () => clock.now(), requestLimit: 20 }).start();
    // No digests here (a day behind is fine): twelve statuses of their own, each retried.
    const { sink, metrics } = buildSink(
      double.url,
      { budget: { requests: 15, min_interval_ms: 0 }, retry: { backoff_ms: 200, backoff_max_ms: 1000 }, flow: { max_behind_s: 86_400 } },
      clock,
    );
    try {
      await sink.start();
      double.fault("POST /api/v1/statuses", ...Array.from({ length: 40 }, () => ({ kind: "error", status: 503, body: "json" }) as const));
      for (let i = 0; i < 12; i++) sink.offer(message(), summary(`status ${i}`), ticket());
      await until(() => metrics.total("lines_sent") + metrics.total("sink_dropped") === 12, "all 12 statuses settled");
      const stats = double.stats();
      assert.equal(stats.rateLimited, 0);
      assert.ok(stats.maxRequestsPerWindow <= 20, `server window saw ${stats.maxRequestsPerWindow}`);
      assert.ok(
        maxInSlidingWindow(
          double.requests.map((r) => r.at),
          5 * 60_000,
        ) <= 15,
      );
      assert.ok(double.requests.length > 40, "the request budget had to wait");
      assert.equal(double.statuses.length, metrics.total("lines_sent"));
    } finally {
      await sink.stop(0);
      await double.close();
    }
  });

  it("pauses the account until the reset when the server's statuses window is spent", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1, 2, 0));
    // The server counts 3 statuses per 3 hours (another client used the rest).
    const double = await new MastodonDouble({ now: () => clock.now(), statusLimit: 3 }).start();
    // No digests here (a day behind is fine): five statuses of their own.
    const { sink, metrics } = buildSink(double.url, { queue_max: 50, flow: { max_behind_s: 86_400 } }, clock);
    try {
      await sink.start();
      for (let i = 0; i < 5; i++) sink.offer(message(), summary(`status ${i}`), ticket());
      await until(() => metrics.total("lines_sent") === 5, "all five posted");
      const times = double.statuses.map((s) => s.createdAt);
      const reset = Date.UTC(2026, 0, 1, 3, 0);
      assert.ok((times[2] ?? Infinity) < reset && (times[3] ?? 0) >= reset, "the fourth waited for the window's reset");
      assert.equal(double.stats().rateLimited, 0, "Remaining: 0 was honoured without a 429");
    } finally {
      await sink.stop(0);
      await double.close();
    }
  });
});
