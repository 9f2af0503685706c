/**
 * The names of a summary (usernames, packages, objects, groups) leave as clean text. A list of
 * several names is checked in one scan of them joined (speed, issue 13): one unclean name in a
 * long list must still be cleaned, and the clean ones kept as they are.
 */
import { strict as assert } from "node:assert";
import { format } from "../../formatters/format.js";
import type { Summary } from "../../formatters/types.js";
import { cleanText, isCleanText } from "../../formatters/util/text.js";

/** A Bodhi masher message: its packages are the names of the updates it lists. */
function mash(updates: unknown[]): Summary {
  const s = format({ topic: "org.fedoraproject.prod.bodhi.masher.start", msg: { agent: "ralph", updates } });
  assert.ok(s !== undefined);
  return s;
}

describe("names of a summary", () => {
  it("a long list of printable names is kept as it is, sorted", () => {
    const s = mash(["zeta-1-1.fc40", "alpha-2-1.fc40", "mid-3-1.fc40", "beta-1-1.fc40", "alpha-2-1.fc40"]);
    assert.deepEqual(s.packages, ["alpha", "beta", "mid", "zeta"]);
  });

  it("one unclean name in a long list is cleaned, the others kept", () => {
    const hostile = ["b\u202eevil", "c\u0007bell", "d\ud800lone", "e\u0085nel", "tab\there"];
    for (const bad of hostile) {
      const s = mash(["alpha-1-1.fc40", "beta-1-1.fc40", `${bad}-1-1.fc40`, "gamma-1-1.fc40", "delta-1-1.fc40"]);
      const want = ["alpha", "beta", "delta", "gamma", cleanText(bad)].sort();
      assert.deepEqual(s.packages, want, JSON.stringify(bad));
      for (const list of [s.packages, s.objects]) for (const n of list) assert.ok(isCleanText(n), JSON.stringify(n));
    }
  });

  it("a list with values that are not strings skips them and still cleans the names", () => {
    const s = mash(["alpha-1-1.fc40", 7, null, { name: "x" }, "b\u202eevil-1-1.fc40", "gamma-1-1.fc40", "delta-1-1.fc40"]);
    assert.deepEqual(s.packages, ["alpha", "bevil", "delta", "gamma"]);
  });

  it("a list longer than 16 (sorted whole, then its repeats dropped) gives each name once, in code-unit order", () => {
    const names = ["zeta", "Alpha", "alpha", "b\u202eevil", "\u00e9clair", "mid", "a", "a-b", "a_b", "Z"];
    const updates: unknown[] = [];
    for (let i = 0; i < 40; i++) updates.push(`${names[(i * 7) % names.length] ?? ""}-1-1.fc40`, null);
    const s = mash(updates);
    const want = [...new Set(names.map((n) => cleanText(n)))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    assert.deepEqual(s.packages, want);
    assert.deepEqual(s.objects, want.map((p) => `packages/${p}`).sort());
  });
});
