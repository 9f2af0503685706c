import { strict as assert } from "node:assert";
import { Dedupe } from "../../bots/dedupe.js";
import { DEDUPE_SIZE_MAX } from "../../config/schema.js";

describe("dedupe", () => {
  it("drops an id seen before and forgets the oldest past its capacity", () => {
    const d = new Dedupe(2);
    assert.deepEqual(
      ["a", "b", "a", "c", "a"].map((id) => d.firstTime(id)),
      [true, true, false, true, true],
    );
    assert.equal(d.firstTime(null), true);
    assert.equal(d.firstTime(null), true, "messages without an id always pass");
  });

  it("clamps a capacity past what a Set can hold, so a huge dedupe_size cannot throw later", () => {
    assert.equal(new Dedupe(20_000_000).capacity, DEDUPE_SIZE_MAX);
    assert.ok(DEDUPE_SIZE_MAX < 2 ** 24);
  });

  it("lets a forgotten id through again (a message given back to its source for another try)", () => {
    const d = new Dedupe(10);
    assert.equal(d.firstTime("a"), true);
    d.forget("a");
    d.forget(null);
    assert.equal(d.firstTime("a"), true);
    assert.equal(d.firstTime("a"), false);
  });
});
