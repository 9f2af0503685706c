/** The sent store's in-process memory alone (no Redis): bounded, oldest (least recently marked) out first. */
import { strict as assert } from "node:assert";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { SentStore, sentMark } from "../../bots/sent-store.js";

describe("sent marks: a message's identity in the store", () => {
  it("is its topic and id together: another topic reusing the id is another message", () => {
    const real = sentMark("org.fedoraproject.prod.bodhi.update.comment", "2024-abc");
    assert.equal(real, sentMark("org.fedoraproject.prod.bodhi.update.comment", "2024-abc"), "the same message, the same mark");
    assert.notEqual(real, sentMark("org.fedoraproject.prod.spoof.update.comment", "2024-abc"));
    assert.notEqual(real, sentMark("org.fedoraproject.prod.bodhi.update.comment", "2024-abd"));
    // No split of one text into topic and id stands for another.
    assert.notEqual(sentMark("a.b", "c"), sentMark("a.", "bc"));
    assert.equal(sentMark("a.b", null), null, "no id: nothing to remember");
  });

  it("is bounded in length whatever the topic and id (a Redis key and an entry per destination and message)", () => {
    const long = sentMark("t".repeat(100_000), "i".repeat(1_000_000));
    assert.equal(long?.length, 32);
    assert.match(long, /^[0-9a-f]{32}$/);
    assert.equal(sentMark("", "")?.length, 32);
  });
});

describe("sent store, in-process memory", () => {
  const local = (capacity: number) =>
    new SentStore({
      redis: null,
      keyPrefix: "x:",
      scope: "q",
      ttlS: 3600,
      localCapacity: capacity,
      log: silentLogger(),
      metrics: new Metrics(),
    });

  it("agrees with a plain model over long runs of marks, re-marks and evictions (past many rehashes of its map)", () => {
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (const capacity of [1, 3, 50, 2000]) {
      const store = local(capacity);
      // The model: keys in the order they were last marked; past the capacity the first goes.
      const held: string[] = [];
      for (let step = 0; step < 20_000; step++) {
        const id = `id-${next(capacity * 3)}`;
        const sink = next(2) === 0 ? "irc" : "web";
        if (next(3) === 0) {
          assert.equal(store.isDone(id, sink), held.includes(`${sink}\0${id}`), `capacity ${capacity}, step ${step}`);
          continue;
        }
        store.markDone(id, sink);
        const key = `${sink}\0${id}`;
        const i = held.indexOf(key);
        if (i >= 0) held.splice(i, 1);
        held.push(key);
        if (held.length > capacity) held.shift();
      }
    }
  });
});
