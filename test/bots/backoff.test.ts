import { strict as assert } from "node:assert";
import { backoffMs } from "../../bots/backoff.js";

describe("backoff (the Mastodon and Matrix retry policies)", () => {
  it("waits between half and all of base * 2^(attempt-1), capped at the maximum", () => {
    for (let i = 0; i < 200; i++) {
      const first = backoffMs(1, 1000, 60_000);
      assert.ok(first >= 500 && first <= 1000, String(first));
      const third = backoffMs(3, 1000, 60_000);
      assert.ok(third >= 2000 && third <= 4000, String(third));
      const late = backoffMs(20, 1000, 60_000);
      assert.ok(late >= 30_000 && late <= 60_000, String(late));
    }
  });

  it("has jitter: retries of many clients do not land together", () => {
    assert.ok(new Set(Array.from({ length: 50 }, () => backoffMs(4, 1000, 60_000))).size > 10);
  });

  it("is 0 with a base of 0 (tests that retry at once)", () => {
    assert.equal(backoffMs(5, 0, 60_000), 0);
  });
});
