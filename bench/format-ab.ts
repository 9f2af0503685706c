/**
 * Compare two builds of the formatter library on this machine, which is shared and noisy (its
 * speed moves by a factor of two over minutes, so runs made one after the other tell nothing
 * about a 5 % change). Both builds are loaded in one process, warmed up, and then take turns
 * every pass over the corpora (about 2 ms each), so that both meet the same machine; the ratio
 * of their total times is the figure. Measured with one build loaded twice: within ±2 %.
 *
 *   npx tsx bench/format-ab.ts BUILD_A BUILD_B [passes] [repeats]
 *
 * A build is a folder holding the library's index.js: `formatters/dist` of this checkout after
 * `npm run build`, or of a git worktree of another commit. Run it with A and B swapped too: the
 * second one loaded has been seen 1-2 % slower.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Library from "../formatters/index.js";
import { benchMessages } from "./corpus.js";
import { median } from "./stats.js";

const [dirA, dirB, passesArg, repeatsArg] = process.argv.slice(2);
if (dirA === undefined || dirB === undefined) {
  console.error("usage: tsx bench/format-ab.ts BUILD_A BUILD_B [passes] [repeats]   (a build: a folder with the library's index.js)");
  process.exit(2);
}
const passes = Number(passesArg ?? 1000);
const repeats = Number(repeatsArg ?? 4);
/** Messages each build formats before the turns: V8 has optimized what it will (see bench/format.ts). */
const WARMUP_MESSAGES = 1_500_000;

const load = async (dir: string) => (await import(pathToFileURL(resolve(dir, "index.js")).href)) as typeof Library;
const builds = [await load(dirA), await load(dirB)] as const;
const { source, messages } = benchMessages();
const [decodedA, decodedB] = builds.map((lib) => messages.map((m) => lib.decodeMessage(m))) as [Library.Message[], Library.Message[]];
const [formatA, formatB] = [builds[0].formatTrace, builds[1].formatTrace];

let sink = 0;
for (let n = 0; n < WARMUP_MESSAGES; n += messages.length) for (const m of decodedA) sink += formatA(m).summary.text.length;
for (let n = 0; n < WARMUP_MESSAGES; n += messages.length) for (const m of decodedB) sink += formatB(m).summary.text.length;

console.log(`format-ab: A = ${dirA}, B = ${dirB}; ${messages.length} messages from ${source}; turns of one pass each`);
const perSecond = (n: number, ns: bigint) => Math.round(n / (Number(ns) / 1e9)).toLocaleString("en");
const ratios: number[] = [];
for (let r = 0; r < repeats; r++) {
  let nsA = 0n;
  let nsB = 0n;
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    for (const m of decodedA) sink += formatA(m).summary.text.length;
    const t1 = process.hrtime.bigint();
    for (const m of decodedB) sink += formatB(m).summary.text.length;
    const t2 = process.hrtime.bigint();
    nsA += t1 - t0;
    nsB += t2 - t1;
  }
  const n = passes * messages.length;
  ratios.push(Number(nsA) / Number(nsB));
  console.log(`format-ab: A ${perSecond(n, nsA)}/s, B ${perSecond(n, nsB)}/s, B faster by x${(ratios.at(-1) ?? 0).toFixed(3)}`);
}
console.log(`format-ab: median x${median(ratios).toFixed(3)} (B's rate over A's; checksum ${sink})`);
