/**
 * Formatter throughput in process: every message of the corpora, all fields
 * (formatTrace builds the whole Summary), round-robin as mixed bus traffic would
 * come. Messages are decoded once up front. The machines are shared and noisy, so
 * it runs several rounds and prints the median and the range, on one core, both
 * per second of wall time and per second of this process's CPU time (the CPU figure
 * moves less when other work competes for the cores).
 *
 * The rounds measure the steady state: V8 optimizes each handler once it has run often enough,
 * and the corpus has a few hundred handlers, most met once per pass, so the JIT is still at work
 * (on a background thread, whose CPU time counts here) long after the first passes. With
 * --trace-opt after the 20 passes this bench used to warm up with, 88, 64, 63, 51, 55, 59, 49,
 * 43 and 33 functions were optimized in the first nine 1 s rounds, 5 to 28 in each of the next
 * six (some 2 million messages in all), and one or two later: so the warm-up formats
 * WARMUP_MESSAGES first, and prints how long that took.
 *
 * Fedora's own Python formatters are run beside it, on the same messages, when
 * bench/python-reference/prepare.py has laid them out (see bench/python-reference/README.md);
 * otherwise the last ratio measured that way is printed with its date.
 *
 *   npm run build && npx tsx bench/format.ts [rounds] [seconds-per-round]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The built library (npm run build), as a user of the package gets it. Not by the package's
// name: under tsx, tsconfig's `paths` would map that to the TypeScript sources.
import { decodeMessage, formatTrace, type Message } from "../formatters/dist/index.js";
import { fmt, median, range } from "./stats.js";
import { benchMessages, corpusFiles } from "./corpus.js";

/** Issue 13's goal: format() at 50 times the Python rate. */
const TARGET_RATIO = 50;
/**
 * The last comparison with the Python formatters run beside this bench (bench/python-reference),
 * printed when they are not laid out on this machine. Both rates are per CPU-second, on the same
 * 478 messages, in one run; "as called" is the mix the goal is measured against (see below).
 */
const LAST_MEASURED = {
  date: "2026-12-01",
  commit: "9301955",
  python: 14_404,
  format: 407_775,
} as const;

const rounds = Number(process.argv[2] ?? 7);
const seconds = Number(process.argv[3] ?? 2);
const load = loadavg()[0] ?? 0;

// --- Fedora's Python formatters, first, so that both sides run on the same machine state.
interface Era<Modes extends string> {
  kept: number[];
  leftOut: Record<string, string>;
  matches: number;
  rates: Record<Modes, number>;
}
interface PythonRun {
  python: string;
  fedmsgMeta: Era<"api" | "lean"> & { processors: number };
  fedoraMessaging: Era<"api" | "receipt">;
  /** Both eras in one pass (fedmsg.meta's messages, then fedora-messaging's), as format() is timed. */
  mixed: Record<"asCalled" | "lean" | "onReceipt", number>;
}
const referenceDir = process.env.FEDMSG_ECHO_PYTHON_REFERENCE ?? join(homedir(), ".cache/fedmsg-echo/python-reference");
const files = corpusFiles();
const referenceLaidOut = existsSync(join(referenceDir, "reference.json"));
const python = files.length === 2 && referenceLaidOut ? runPython() : null;

function runPython(): PythonRun | null {
  const config = join(referenceDir, "reference.json");
  const ref = JSON.parse(readFileSync(config, "utf8")) as { python: string; pythonpath: string[]; cwd: string };
  const script = fileURLToPath(new URL("python-reference/format_reference.py", import.meta.url));
  const args = [script, String(Math.max(3, seconds * 2)), ...files.map((f) => f.path)];
  console.log(`format: running Fedora's Python formatters from ${referenceDir} (about a minute)`);
  const r = spawnSync(ref.python, args, {
    cwd: ref.cwd,
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: ref.pythonpath.join(":") },
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) {
    console.log(`format: the Python reference failed (exit ${r.status}); stderr ends:\n${r.stderr.slice(-2000)}`);
    process.exitCode = 1;
    return null;
  }
  return JSON.parse(r.stdout) as PythonRun;
}

// --- format(): the whole corpus, or the messages the Python side formatted too.
const { source, messages } = python
  ? {
      source: files.map((f) => f.path).join(", "),
      messages: [...python.fedmsgMeta.kept.map((i) => caseAt(0, i)), ...python.fedoraMessaging.kept.map((i) => caseAt(1, i))],
    }
  : benchMessages();
const decoded: Message[] = messages.map((m) => decodeMessage(m));

/** The message of case `i` of corpus file `f`, as the Python side numbered it: a gap means the two sides read different files. */
function caseAt(f: number, i: number): Record<string, unknown> {
  const m = files[f]?.messages[i];
  if (m === undefined) throw new Error(`the Python reference kept case ${i} of ${files[f]?.path ?? "?"}, which this bench does not have`);
  return m;
}
const fedmsgCount = python ? python.fedmsgMeta.kept.length : 0;

/** Messages formatted before the rounds: the JIT has optimized what it will (see above). */
const WARMUP_MESSAGES = 2_000_000;
const warmStart = process.hrtime.bigint();
for (let n = 0; n < WARMUP_MESSAGES;) {
  for (const m of decoded) formatTrace(m);
  n += decoded.length;
}
const warmSeconds = Number(process.hrtime.bigint() - warmStart) / 1e9;

let sink = 0;
/** Rounds over `set`: medians of messages per wall second and per CPU-second of this process. */
function measure(set: readonly Message[], count: number, perRound: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < count; r++) {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    const until = start + BigInt(Math.round(perRound * 1e9));
    while (process.hrtime.bigint() < until) {
      for (const m of set) {
        sink += formatTrace(m).summary.text.length;
        n++;
      }
    }
    wall.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
    const c = process.cpuUsage(cpu0);
    cpu.push(n / ((c.user + c.system) / 1e6));
  }
  return { wall, cpu };
}
const all = measure(decoded, rounds, seconds);
const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  `format: ${decoded.length} distinct messages from ${source}; warm-up ${WARMUP_MESSAGES.toLocaleString("en")} messages in ${warmSeconds.toFixed(1)} s`,
);
console.log(
  `format: median ${fmt(median(all.wall))} messages/s wall time (all fields), range ${range(all.wall)} over ${rounds} rounds of ${seconds} s; peak RSS ${rss.toFixed(0)} MiB; checksum ${sink}`,
);
console.log(`format: median ${fmt(median(all.cpu))} messages per CPU-second of this process, range ${range(all.cpu)}`);

if (python) report(python);
else if (referenceLaidOut && files.length === 2) {
  console.log(`format: the Python reference in ${referenceDir} failed (see above): no ratio in this run.`);
} else {
  const { date, commit, python: py, format: js } = LAST_MEASURED;
  console.log(
    `format: Fedora's Python formatters are not laid out here (bench/python-reference/README.md says how). Last measured ${date} at ${commit}, one run, per CPU-second: ` +
      `Python ${fmt(py)} messages/s "as called", format() ${fmt(js)}: ${(js / py).toFixed(1)}x (goal ${TARGET_RATIO}x). ` +
      `Python's rate moves with the machine: compare this run's format() figure with ${fmt(js)} before reading the ratio.`,
  );
}
console.log(
  `format: this machine is shared and noisy (1-minute load average ${load.toFixed(1)} at the start): compare medians of one run, not single rounds.`,
);

/** The table of rates and ratios, per era and for the mixed corpus, in three Python modes. */
function report(py: PythonRun): void {
  const fm = py.fedmsgMeta;
  const fmsg = py.fedoraMessaging;
  const eraRounds = Math.max(3, rounds >> 1);
  const jsFedmsg = median(measure(decoded.slice(0, fedmsgCount), eraRounds, seconds).cpu);
  const jsMessaging = median(measure(decoded.slice(fedmsgCount), eraRounds, seconds).cpu);
  const jsMixed = median(all.cpu);
  const n1 = fm.kept.length;
  const n2 = fmsg.kept.length;
  const leftOut = [
    ...Object.entries(fm.leftOut).map(([line, why]) => `fedmsg case ${line} (${why})`),
    ...Object.entries(fmsg.leftOut).map(([line, why]) => `fedora-messaging case ${line} (${why})`),
  ];
  console.log(
    `format: Python ${py.python}, fedmsg.meta with ${fm.processors} processors and the fedora-messaging schema classes, on the same ${n1} + ${n2} messages ` +
      `(their text equals the corpus's on ${fm.matches} and ${fmsg.matches}); left out of both sides (an error, or a try of the network; cases counted from 0): ${leftOut.join(", ") || "none"}`,
  );
  const rows: [string, number, number][] = [
    ["fedmsg.meta, api (msg2<field>, the processor found per field)", fm.rates.api, jsFedmsg],
    ["fedmsg.meta, lean (the processor found once per message)", fm.rates.lean, jsFedmsg],
    ["fedora-messaging, api (schema class, as received, and properties)", fmsg.rates.api, jsMessaging],
    ["fedora-messaging, receipt (api + JSON-schema validation)", fmsg.rates.receipt, jsMessaging],
    ["mixed, as called (fedmsg.meta api + fedora-messaging api): THE GOAL", py.mixed.asCalled, jsMixed],
    ["mixed, lean (fedmsg.meta lean + fedora-messaging api)", py.mixed.lean, jsMixed],
    ["mixed, on receipt (fedmsg.meta api + fedora-messaging receipt)", py.mixed.onReceipt, jsMixed],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`format: ${"per CPU-second".padEnd(width)}  ${"Python".padStart(9)}  ${"format()".padStart(9)}  ratio`);
  for (const [what, p, js] of rows) {
    console.log(`format: ${what.padEnd(width)}  ${fmt(p).padStart(9)}  ${fmt(js).padStart(9)}  ${(js / p).toFixed(1)}x`);
  }
  const goal = py.mixed.asCalled;
  const ratio = jsMixed / goal;
  console.log(
    `format: goal ${TARGET_RATIO}x the Python rate as called = ${fmt(goal * TARGET_RATIO)} messages/s: ${ratio >= TARGET_RATIO ? "met" : "NOT met"} (${ratio.toFixed(1)}x)`,
  );
}
