/**
 * cleanText's fast path (printable ASCII, plus `\n` in multiline mode, returned as is) must give
 * exactly what the full cleaning gives: the speed work may not move a byte of any Summary.
 * The reference below is the cleaning written out step by step, without the fast path.
 */
import { strict as assert } from "node:assert";
import { boundClusters, cleanText } from "../../../formatters/util/text.js";

function reference(s: string, multiline: boolean): string {
  const out = s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/\r\n|[\n\r\v\f\x85\u2028\u2029]/g, multiline ? "\n" : " ")
    .replace(/\t/g, " ")
    .replace(/[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, "");
  return boundClusters(out);
}

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Characters near the fast path's edges: the ASCII controls, DEL, C1, line breaks, a surrogate, a mark. */
const EDGES = [
  "\n",
  "\r",
  "\t",
  "\v",
  "\f",
  "\x00",
  "\x1b",
  "\x1f",
  "\x7f",
  "\x80",
  "\x85",
  "\x9f",
  " ",
  "~",
  "\u2028",
  "\u202e",
  "\uD800",
  "\u0301",
  "é",
  "0",
];

describe("cleanText fast path", () => {
  it("agrees with the full cleaning on ASCII, ASCII with line breaks, and text near the edges", () => {
    const next = rng(0x5eed);
    for (let i = 0; i < 5000; i++) {
      const len = Math.floor(next() * 40);
      let s = "";
      for (let j = 0; j < len; j++) {
        const r = next();
        s += r < 0.7 ? String.fromCharCode(0x20 + Math.floor(next() * 95)) : (EDGES[Math.floor(next() * EDGES.length)] ?? "");
      }
      for (const multiline of [false, true]) {
        assert.equal(cleanText(s, multiline), reference(s, multiline), `${JSON.stringify(s)} multiline=${multiline}`);
      }
    }
  });

  it("agrees with the full cleaning on long text too (titles are short, long forms run to hundreds of characters)", () => {
    const next = rng(0x10ca1);
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(next() * 300);
      const chars: string[] = [];
      for (let j = 0; j < len; j++) chars.push(String.fromCharCode(0x20 + Math.floor(next() * 95)));
      // None, one or two characters from the edges, anywhere, the first and last places included.
      for (let k = Math.floor(next() * 3); k > 0 && len > 0; k--) {
        const at = next() < 0.3 ? (next() < 0.5 ? 0 : len - 1) : Math.floor(next() * len);
        chars[at] = EDGES[Math.floor(next() * EDGES.length)] ?? "";
      }
      const s = chars.join("");
      for (const multiline of [false, true]) {
        assert.equal(cleanText(s, multiline), reference(s, multiline), `${JSON.stringify(s)} multiline=${multiline}`);
      }
    }
  });

  it("returns printable ASCII itself, and keeps \\n only in multiline mode", () => {
    const digits = "1234567890".repeat(5); // a run the long-cluster hint matches
    assert.equal(cleanText(digits), digits);
    assert.equal(cleanText("a\nb", true), "a\nb");
    assert.equal(cleanText("a\nb"), "a b");
  });
});
