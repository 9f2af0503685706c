import { strict as assert } from "node:assert";
import { Dedupe, dedupeKey } from "../../bots/dedupe.js";
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

  it("keys on topic and id together, with no split of one into the other colliding", () => {
    const d = new Dedupe(10);
    assert.equal(d.firstTime(dedupeKey("a.b", "1")), true);
    assert.equal(d.firstTime(dedupeKey("a.c", "1")), true, "another topic, same id: not a duplicate");
    assert.equal(d.firstTime(dedupeKey("a.b", "1")), false, "same topic and id: a duplicate");
    assert.equal(d.firstTime(dedupeKey("a.b1", "")), true);
    assert.equal(d.firstTime(dedupeKey("a.b", "1")), false);
    assert.equal(dedupeKey("a.b", null), null);
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

describe("dedupe against a model", () => {
  /** The contract written plainly: the `capacity` most recently added ids still held, oldest first out. */
  class Model {
    readonly held: string[] = [];
    constructor(readonly capacity: number) {}
    firstTime(id: string): boolean {
      if (this.held.includes(id)) return false;
      this.held.push(id);
      if (this.held.length > this.capacity) this.held.shift();
      return true;
    }
    forget(id: string): void {
      const i = this.held.indexOf(id);
      if (i >= 0) this.held.splice(i, 1);
    }
  }

  it("agrees on every verdict over long runs of repeats, evictions and forgotten ids (past many rehashes of its set)", () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (const capacity of [1, 2, 5, 64, 1000]) {
      const d = new Dedupe(capacity);
      const m = new Model(capacity);
      const ids = capacity * 3;
      for (let step = 0; step < 20_000; step++) {
        const id = `id-${next(ids)}`;
        if (next(10) === 0) {
          d.forget(id);
          m.forget(id);
        } else assert.equal(d.firstTime(id), m.firstTime(id), `capacity ${capacity}, step ${step}, ${id}`);
      }
      // What it holds now: exactly the model's ids (each answers "seen"), and an evicted one is new again.
      for (const id of m.held) assert.equal(d.firstTime(id), false, `capacity ${capacity}: ${id} still held`);
    }
  });
});
