import { strict as assert } from "node:assert";
import { FAULT_CASE_MAX_WAIT_MS, FAULT_CASES, runFaultCase } from "./faults.js";

// runFaultCase waits up to FAULT_CASE_MAX_WAIT_MS (the outcome, then the stop): the tests' own timeout is
// longer by the setup's share (the double and the account's start), so a case that hangs fails with what
// it waited for rather than with mocha's bare timeout.
const FAULT_CASE_TIMEOUT_MS = FAULT_CASE_MAX_WAIT_MS + 10_000;

describe("mastodon delivery under faults @integration", function () {
  this.timeout(FAULT_CASE_TIMEOUT_MS);
  for (const c of FAULT_CASES) {
    it(`${c.name}: ${c.expect === "posted" ? "posted exactly once" : c.expect === "rejected" ? "dropped with its reason, no retry" : "dropped after bounded tries, nothing posted"}`, async () => {
      const r = await runFaultCase(c);
      assert.equal(r.outcome, c.expect);
      assert.equal(r.stored, c.expect === "posted" ? 1 : 0, `statuses stored for "${c.name}"`);
      if (c.expect === "posted") assert.equal(r.attempts, c.faults.length + 1, "one attempt per fault, then the success");
      if (c.expect === "rejected") {
        assert.equal(r.attempts, 1);
        const line = r.logs.find((l) => /refused the status \(422\)/.test(String(l.msg)));
        assert.match(String(line?.reason), /character limit of 500 exceeded/);
      }
      if (c.expect === "gave_up") assert.ok(r.attempts <= 6, `bounded attempts, got ${r.attempts}`);
      // A 429 is honoured: the next attempt is not before the reset the server named.
      if (r.resetAt !== null && c.expect === "posted")
        assert.ok(r.lastAttemptAt >= r.resetAt, `retried at ${r.lastAttemptAt}, reset at ${r.resetAt}`);
    });
  }
});

describe("mastodon delivery and the Idempotency-Key's hour @integration", function () {
  this.timeout(FAULT_CASE_TIMEOUT_MS);
  it("never retries after Mastodon may have forgotten the key: a stored status is not posted twice", async () => {
    // The first attempt is stored but its answer lost; then 429s, each within max_wait_ms, add up to more than an hour.
    const r = await runFaultCase({
      name: "reset after store, then 429s for over an hour",
      faults: [{ kind: "reset" }, ...Array.from({ length: 5 }, () => ({ kind: "rate-limit", resetInMs: 14 * 60_000 }) as const)],
      expect: "gave_up",
    });
    assert.equal(r.stored, 1, "the status was stored once and never again");
    assert.ok(r.spanMs < 3600_000, `last retry ${r.spanMs} ms after the first`);
  });
});
