import { strict as assert } from "node:assert";
import { Budget } from "../../../bots/mastodon/budget.js";
import { systemClock } from "../../../bots/mastodon/clock.js";

describe("mastodon clock", () => {
  it("never goes back when the wall clock is stepped back, so the budget is not held for the step", () => {
    const realNow = Date.now;
    try {
      const budget = new Budget(
        { statuses: 250, windowMs: 3 * 3600_000, minIntervalMs: 5000, requests: 250, requestWindowMs: 300_000 },
        systemClock,
      );
      const before = systemClock.now();
      budget.recordStatus();
      Date.now = () => realNow() - 3600_000; // NTP steps the clock back an hour
      assert.ok(systemClock.now() >= before);
      assert.ok(budget.statusDelay() <= 5000, `held for ${budget.statusDelay()} ms: only the minimum spacing`);
      assert.ok(Math.abs(systemClock.wall() - (realNow() - 3600_000)) < 1000, "what people read follows the wall clock");
    } finally {
      Date.now = realNow;
    }
  });
});
