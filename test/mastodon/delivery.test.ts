import { strict as assert } from "node:assert";
import { FAULT_CASES, runFaultCase } from "./faults.js";

describe("mastodon delivery under faults @integration", () => {
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
      if (r.resetAt !== null && c.expect === "posted") assert.ok(r.lastAttemptAt >= r.resetAt, `retried at ${r.lastAttemptAt}, reset at ${r.resetAt}`);
    });
  }
});
