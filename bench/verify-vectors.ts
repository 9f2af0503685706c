/**
 * Agreement of the verify stage with fedmsg's own validator on the signed test
 * vectors in ../shared/signing (read at run time, never copied here).
 *
 *   npx tsx bench/verify-vectors.ts [DIR]     (DIR defaults to ../shared/signing)
 *
 * Prints, per case, how many verdicts agree with fedmsg's, and our reason for
 * every rejection; exits 1 on any disagreement.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { verifySchema } from "../config/verify.js";
import { decodeJson } from "../formatters/index.js";
import { parseJson } from "../bots/verify/canonical.js";
import { createVerifier } from "../bots/verify.js";

const dir = resolve(process.argv[2] ?? fileURLToPath(new URL("../../shared/signing/", import.meta.url)));
const verify = createVerifier(
  verifySchema.parse({
    validate_signatures: true,
    ca_cert_location: join(dir, "ca.crt"),
    crl_location: join(dir, "crl.pem"),
    routing_policy: JSON.parse(readFileSync(join(dir, "routing_policy.json"), "utf8")) as unknown,
    routing_nitpicky: false,
  }),
);

const tally = new Map<string, { agree: number; total: number }>();
const notes: string[] = [];
const lines = readFileSync(join(dir, "vectors.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");
for (const [n, line] of lines.entries()) {
  // The envelope's own text, byte for byte as it sits in the line (its float lexemes included).
  const top = parseJson(line);
  if (top.kind !== "object") throw new Error(`line ${n + 1}: not an object`);
  const env = top.members.get("envelope");
  const caseName = top.members.get("case");
  const verdict = top.members.get("verdict");
  if (!env || caseName?.kind !== "string" || verdict?.kind !== "literal") throw new Error(`line ${n + 1}: not a vector`);
  const rawText = line.slice(env.start, env.end);
  const result = verify(decodeJson(rawText), rawText);
  const expected = verdict.text === "true";
  const t = tally.get(caseName.value) ?? { agree: 0, total: 0 };
  t.total++;
  if (result.ok === expected) t.agree++;
  tally.set(caseName.value, t);
  const mark = result.ok === expected ? "   " : "XX ";
  notes.push(
    `${mark}line ${String(n + 1).padStart(2)} ${caseName.value.padEnd(18)} fedmsg ${String(expected).padEnd(5)} ours ${result.ok ? `valid, signer ${result.signer}` : result.reason}`,
  );
}

let agree = 0;
for (const [name, t] of tally) {
  agree += t.agree;
  console.log(`${name.padEnd(18)} ${t.agree}/${t.total}`);
}
console.log(`${"all".padEnd(18)} ${agree}/${lines.length}\n`);
for (const note of notes) console.log(note);
if (agree !== lines.length) process.exitCode = 1;
