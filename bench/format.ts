/**
 * Formatter throughput in process: every message of the corpora, all fields
 * (formatTrace builds the whole Summary). Messages are decoded once up front;
 * the figure is summaries per second on one core.
 *
 *   npx tsx bench/format.ts [seconds]
 */
// The built library (npm run build), as a user of the package gets it: no TypeScript transform in the loop.
import { decodeMessage, formatTrace, type Message } from "fedmsg-echo/formatters";
import { benchMessages } from "./corpus.js";

const seconds = Number(process.argv[2] ?? 5);
const { source, messages } = benchMessages();
const decoded: Message[] = messages.map((m) => decodeMessage(m));

// Warm-up: let the JIT settle before measuring.
for (let i = 0; i < 3; i++) for (const m of decoded) formatTrace(m);

let n = 0;
let sink = 0;
const start = process.hrtime.bigint();
const until = start + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < until) {
  for (const m of decoded) {
    sink += formatTrace(m).summary.text.length;
    n++;
  }
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`format: ${decoded.length} distinct messages from ${source}`);
console.log(`format: ${n} summaries in ${elapsed.toFixed(2)} s = ${Math.round(n / elapsed).toLocaleString("en")} messages/s (all fields); peak RSS ${rss.toFixed(0)} MiB; checksum ${sink}`);
