import { strict as assert } from "node:assert";
import { Budget } from "../../../bots/mastodon/budget.js";
import { VirtualClock } from "../../../bots/mastodon/clock.js";

describe("mastodon budget: the server's block", () => {
  it("a reset far in the future (X-RateLimit-Reset: 2100) blocks no longer than Mastodon's longest window", () => {
    const clock = new VirtualClock();
    const windowMs = 3 * 3600_000;
    const budget = new Budget({ statuses: 250, windowMs, minIntervalMs: 0, requests: 250, requestWindowMs: 300_000 }, clock);
    budget.blockUntil(Date.UTC(2100, 0, 1));
    assert.equal(budget.statusDelay(), windowMs);
    assert.equal(budget.requestDelay(), windowMs);
    clock.advance(windowMs);
    assert.equal(budget.statusDelay(), 0, "statuses flow again after the window");
  });
});
