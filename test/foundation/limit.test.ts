import { strict as assert } from "node:assert";
import { Dedupe } from "../../bots/dedupe.js";

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
