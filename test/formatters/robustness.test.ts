/**
 * Untrusted payloads: every formatter must give a line for any shape of payload, never
 * throw, and never leak `undefined`, `[object Object]` or `NaN` into the text. Deterministic
 * mutations (fields dropped, values replaced by nulls, numbers, lists, objects, hostile
 * strings) of the demo's sample messages, which span both eras and many services.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { decodeMessage, formatTrace } from "../../formatters/index.js";

const SAMPLES = readFileSync(new URL("../../config/demo/messages.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => JSON.parse(l) as Record<string, unknown>);

const ODD: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  "",
  " ",
  "constructor",
  "__proto__",
  "toString",
  [],
  {},
  true,
  "日本語🎉",
  "x".repeat(500),
  "@someone@example.org #tag",
];

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function mutate(v: unknown, rnd: () => number): unknown {
  if (Array.isArray(v)) return v.map((x) => mutate(x, rnd));
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (rnd() > 0.08) out[k] = mutate(x, rnd);
    return out;
  }
  return rnd() < 0.2 ? ODD[Math.floor(rnd() * ODD.length)] : v;
}

describe("formatters on mutated payloads", () => {
  it("give a clean one-line text for 100 mutations of every sample, without a handler error", () => {
    const rnd = rng(20261128);
    let checked = 0;
    for (const sample of SAMPLES) {
      for (let i = 0; i < 100; i++) {
        const raw: Record<string, unknown> = { ...sample };
        if ("msg" in raw) raw.msg = mutate(raw.msg, rnd);
        else raw.body = mutate(raw.body, rnd);
        const t = formatTrace(decodeMessage(raw));
        assert.deepEqual(
          t.errors.map((e) => `${e.service}:${e.key}: ${String(e.error)}`),
          [],
          String(sample.topic),
        );
        const s = t.summary;
        assert.ok(s.text.trim() !== "", `${String(sample.topic)}: empty text`);
        assert.doesNotMatch(s.text, /undefined|\[object |NaN|[\r\n]/, `${String(sample.topic)}: ${s.text}`);
        for (const list of [s.usernames, s.packages, s.objects, s.groups]) assert.ok(list.every((x) => typeof x === "string" && x !== ""));
        checked++;
      }
    }
    assert.ok(checked >= 3000);
  });
});
