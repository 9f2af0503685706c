/**
 * Formatter throughput in process: every message of the corpora, all fields
 * (formatTrace builds the whole Summary), round-robin as mixed bus traffic would
 * come. Messages are decoded once up front. The machines are shared and noisy, so
 * it runs several rounds and prints the median and the range, on one core.
 *
 *   npm run build && npx tsx bench/format.ts [rounds] [seconds-per-round]
 */
// The built library (npm run build), as a user of the package gets it: no TypeScript transform in the loop.
import { decodeMessage, formatTrace, type Message } from "fedmsg-echo/formatters";
import { benchMessages } from "./corpus.js";

const rounds = Number(process.argv[2] ?? 7);
const seconds = Number(process.argv[3] ?? 2);
const { source, messages } = benchMessages();
const decoded: Message[] = messages.map((m) => decodeMessage(m));

// Warm-up: let the JIT settle before measuring.
for (let i = 0; i < 20; i++) for (const m of decoded) formatTrace(m);

let sink = 0;
const rates: number[] = [];
for (let r = 0; r < rounds; r++) {
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < until) {
    for (const m of decoded) {
      sink += formatTrace(m).summary.text.length;
      n++;
    }
  }
  rates.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
}
rates.sort((a, b) => a - b);
const fmt = (x: number) => Math.round(x).toLocaleString("en");
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`format: ${decoded.length} distinct messages from ${source}`);
console.log(
  `format: median ${fmt(rates[rates.length >> 1] ?? 0)} messages/s (all fields), range ${fmt(rates[0] ?? 0)}-${fmt(rates.at(-1) ?? 0)} over ${rounds} rounds of ${seconds} s; peak RSS ${rss.toFixed(0)} MiB; checksum ${sink}`,
);
