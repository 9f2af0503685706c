import { strict as assert } from "node:assert";
import { MastoHttpError, MastoTimeoutError } from "masto";
import { Budget } from "../../../bots/mastodon/budget.js";
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { classify, resetTime } from "../../../bots/mastodon/retry.js";
import { parseConfig } from "../../../config/load.js";
import { ConfigError } from "../../../config/errors.js";
import { maxInSlidingWindow } from "./helpers.js";

const HOUR_MS = 3600_000;
const opts = { statuses: 250, windowMs: 3 * HOUR_MS, minIntervalMs: 5000, requests: 250, requestWindowMs: 300_000 };

async function postMany(budget: Budget, clock: VirtualClock, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await budget.acquireStatus();
    await budget.acquireRequest();
    budget.recordStatus();
    times.push(clock.now());
  }
  return times;
}

describe("mastodon budget", () => {
  it("keeps no pace of its own: the burst and the steady rate are the pacer's (pacing.test.ts), only the spacing is here", async () => {
    const clock = new VirtualClock();
    const budget = new Budget(opts, clock);
    const times = await postMany(budget, clock, 40);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    assert.deepEqual(gaps, Array(39).fill(5000));
  });

  it("never lets more than the share into any sliding window, whatever the pace", async () => {
    const clock = new VirtualClock();
    const budget = new Budget({ ...opts, minIntervalMs: 0 }, clock);
    const times = await postMany(budget, clock, 800);
    assert.equal(maxInSlidingWindow(times, 3 * HOUR_MS), 250);
  });

  it("paces requests under their own window", async () => {
    const clock = new VirtualClock();
    const budget = new Budget({ ...opts, requests: 30 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      await budget.acquireRequest();
      times.push(clock.now());
    }
    assert.equal(maxInSlidingWindow(times, 300_000), 30);
    assert.ok(budget.usage().requests <= 30);
  });

  it("holds everything until a reset the server named", async () => {
    const clock = new VirtualClock();
    const budget = new Budget(opts, clock);
    budget.blockUntil(clock.now() + 90_000);
    assert.equal(budget.statusDelay(), 90_000);
    assert.equal(budget.requestDelay(), 90_000);
    await budget.acquireRequest();
    assert.equal(budget.requestDelay(), 0);
  });
});

describe("mastodon errors", () => {
  const now = Date.UTC(2026, 0, 1);
  it("reads X-RateLimit-Reset as ISO-8601 (with microseconds), epoch seconds or seconds from now, and Retry-After", () => {
    assert.equal(resetTime(new Headers({ "X-RateLimit-Reset": "2026-01-01T03:00:00.000000Z" }), now), Date.UTC(2026, 0, 1, 3));
    assert.equal(resetTime(new Headers({ "X-RateLimit-Reset": String(now / 1000 + 60) }), now), now + 60_000);
    assert.equal(resetTime(new Headers({ "X-RateLimit-Reset": "30" }), now), now + 30_000);
    assert.equal(resetTime(new Headers({ "Retry-After": "120" }), now), now + 120_000);
    assert.equal(resetTime(new Headers({ "Retry-After": "Thu, 01 Jan 2026 00:05:00 GMT" }), now), now + 300_000);
    assert.equal(resetTime(new Headers({ "X-RateLimit-Reset": "soon" }), now), null);
  });

  it("sorts masto's errors into retry, wait and reject", () => {
    const http = (statusCode: number): MastoHttpError =>
      new MastoHttpError(
        { statusCode, message: "x" },
        { cause: new Response("{}", { status: statusCode, headers: { "X-RateLimit-Reset": "2026-01-01T00:01:00Z" } }) },
      );
    assert.equal(classify(http(503), now).kind, "retry");
    const maintenance = new MastoHttpError(
      { statusCode: 503, message: "x" },
      { cause: new Response("{}", { status: 503, headers: { "Retry-After": "120" } }) },
    );
    assert.deepEqual(classify(maintenance, now), {
      kind: "retry",
      reason: "HTTP 503: x",
      status: 503,
      category: "server",
      notBeforeMs: now + 120_000,
    });
    assert.equal(classify(http(422), now).kind, "reject");
    assert.deepEqual(classify(http(429), now), { kind: "rate-limited", resetAtMs: now + 60_000, reason: "HTTP 429: x" });
    assert.equal(classify(new MastoTimeoutError("t"), now).kind, "retry");
    const html = classify(new TypeError("Cannot destructure property 'error' of 'data' as it is undefined."), now);
    assert.ok(html.kind === "retry" && html.category === "html");
    assert.equal(classify(new RangeError("bug"), now).kind, "reject");
  });
});

describe("mastodon config", () => {
  const account = (extra: Record<string, unknown> = {}) =>
    parseConfig({ mastodon: [{ instance: "https://fosstodon.org/", access_token: "t", ...extra }] }).mastodon[0];
  it("has safe defaults", () => {
    const a = account();
    assert.equal(a?.instance, "https://fosstodon.org");
    assert.equal(a.visibility, "unlisted");
    assert.equal(a.language, "en");
    assert.deepEqual(a.budget, {
      statuses: 250,
      window_s: 10_800,
      burst: 10,
      min_interval_ms: 5000,
      requests: 250,
      requests_window_s: 300,
    });
    assert.equal(a.retry.max_attempts, 6);
  });
  it("refuses shorter windows whose share could still overfill one of Mastodon's windows", () => {
    // A 5-minute window holds two whole 200 s windows (and part of a third): up to 400 requests.
    assert.throws(() => account({ budget: { requests: 200, requests_window_s: 200 } }), ConfigError);
    // A 3-hour window meets two 7000 s windows: up to 388 statuses.
    assert.throws(() => account({ budget: { statuses: 194, window_s: 7000 } }), ConfigError);
    assert.doesNotThrow(() => account({ budget: { statuses: 100, window_s: 3600, requests: 150, requests_window_s: 150 } }));
  });
  it("refuses budgets over Mastodon's limits, bad templates and hashtags, unknown keys", () => {
    for (const bad of [
      { budget: { statuses: 301 } },
      { budget: { statuses: 250, window_s: 3600 } },
      { budget: { requests: 100, requests_window_s: 60 } },
      { template: "{text} {url}" },
      { template: "{link}" },
      { hashtags: { koji: ["#koji"] } },
      { visibility: "everyone" },
      { toot: true },
    ])
      assert.throws(() => account(bad), ConfigError, JSON.stringify(bad));
  });
});
