/**
 * Formatter throughput in process: every message of the corpora, all fields
 * (formatTrace builds the whole Summary), round-robin as mixed bus traffic would
 * come. Messages are decoded once up front. The machines are shared and noisy, so
 * it runs several rounds and prints the median and the range, on one core, both
 * per second of wall time and per second of this process's CPU time (the CPU figure
 * moves less when other work competes for the cores).
 *
 *   npm run build && npx tsx bench/format.ts [rounds] [seconds-per-round]
 */
import { loadavg } from "node:os";
// The built library (npm run build), as a user of the package gets it: no TypeScript transform in the loop.
import { decodeMessage, formatTrace, type Message } from "fedmsg-echo/formatters";
import { benchMessages } from "./corpus.js";

/**
 * Fedora's Python formatters (fedmsg_meta_fedora_infrastructure for fedmsg envelopes, the
 * fedora-messaging schema classes for the rest) on the same mixed corpus, as recorded in issue 13.
 * They cannot be installed here (no PyPI), so the figure is a recorded one, not run by this bench.
 */
const PYTHON_REFERENCE = { messagesPerSecond: 4_900, measured: "2026-11", where: "a 2-core machine of this kind (issue 13)" } as const;
/** Issue 13's goal: format() at 50 times the Python rate. */
const TARGET_RATIO = 50;

const rounds = Number(process.argv[2] ?? 7);
const seconds = Number(process.argv[3] ?? 2);
const { source, messages } = benchMessages();
const decoded: Message[] = messages.map((m) => decodeMessage(m));

// Warm-up: let the JIT settle before measuring.
for (let i = 0; i < 20; i++) for (const m of decoded) formatTrace(m);

let sink = 0;
const wall: number[] = [];
const cpu: number[] = [];
const load = loadavg()[0] ?? 0;
for (let r = 0; r < rounds; r++) {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < until) {
    for (const m of decoded) {
      sink += formatTrace(m).summary.text.length;
      n++;
    }
  }
  wall.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
  const c = process.cpuUsage(cpu0);
  cpu.push(n / ((c.user + c.system) / 1e6));
}
const fmt = (x: number) => Math.round(x).toLocaleString("en");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const range = (xs: number[]) => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
const rss = process.resourceUsage().maxRSS / 1024;
const py = PYTHON_REFERENCE.messagesPerSecond;
console.log(`format: ${decoded.length} distinct messages from ${source}`);
console.log(
  `format: median ${fmt(median(wall))} messages/s wall time (all fields), range ${range(wall)} over ${rounds} rounds of ${seconds} s; peak RSS ${rss.toFixed(0)} MiB; checksum ${sink}`,
);
console.log(`format: median ${fmt(median(cpu))} messages per CPU-second of this process, range ${range(cpu)}`);
console.log(
  `format: ${(median(wall) / py).toFixed(1)}x (wall) / ${(median(cpu) / py).toFixed(1)}x (CPU) the Python formatters' ${fmt(py)} messages/s; goal ${TARGET_RATIO}x = ${fmt(py * TARGET_RATIO)} messages/s`,
);
console.log(
  `format: the Python figure is a RECORDED one (measured ${PYTHON_REFERENCE.measured} on ${PYTHON_REFERENCE.where}), not run here: PyPI is unreachable. ` +
    `This machine is shared and noisy (1-minute load average ${load.toFixed(1)} at the start): compare medians of one run, not single rounds.`,
);
