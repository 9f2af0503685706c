import { strict as assert } from "node:assert";
import { accountBudgetId } from "../../bots/redis.js";

describe("shared budget ids", () => {
  it("are one per account (instance and token), never hold the token, and carry the key prefix", () => {
    const a = accountBudgetId("fe:", "https://Social.Example/", "secret-token");
    assert.equal(a, accountBudgetId("fe:", "https://social.example", "secret-token"), "the same account from two replicas");
    assert.notEqual(a, accountBudgetId("fe:", "https://social.example", "other-token"));
    assert.notEqual(a, accountBudgetId("fe:", "https://other.example", "secret-token"));
    assert.ok(a.startsWith("fe:budget:mastodon:social.example:"));
    assert.doesNotMatch(a, /secret/);
  });
});
