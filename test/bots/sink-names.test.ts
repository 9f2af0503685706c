import { strict as assert } from "node:assert";
import { uniqueSinkNames } from "../../bots/sink-names.js";

describe("bots/sink-names", () => {
  it("the first of a name as is, the next ones numbered from #2, each base counted apart", () => {
    const name = uniqueSinkNames();
    assert.deepEqual(["irc:a:6697", "irc:a:6697", "irc:b:6697", "irc:a:6697"].map(name), [
      "irc:a:6697",
      "irc:a:6697#2",
      "irc:b:6697",
      "irc:a:6697#3",
    ]);
    assert.equal(uniqueSinkNames()("irc:a:6697"), "irc:a:6697", "a new namer starts afresh");
  });
});
