/**
 * Memory of a bot process, measured from outside (/proc/PID/status) as an operator sees it:
 *
 * 1. idle: `fedmsg-echo tail` subscribed to a ZeroMQ endpoint where nothing is published yet,
 *    after it has settled (VmRSS);
 * 2. burst: `fedmsg-echo replay --loop` then publishes the corpus as fast as it can (fresh ids
 *    from the second round on), and the same tail process takes 100,000 messages through
 *    decode, dedupe, filter, format and its terminal line (VmHWM, the peak, and VmRSS after).
 *
 * Issue 13's goals: idle RSS <= 80 MB, <= 200 MB under a 100,000-message burst. Figures only.
 *
 *   npm run build && npx tsx bench/memory.ts [burst-messages]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../test/helpers/collect.js";
import { benchMessages } from "./corpus.js";

const BURST = Number(process.argv[2] ?? 100_000);
/** Time a fresh process gets to finish loading and settle before its idle RSS is read. */
const SETTLE_MS = 5_000;
/** The burst must be through within this, or the bench says so and stops. */
const BURST_TIMEOUT_MS = 300_000;
const CLI = fileURLToPath(new URL("../dist/bots/cli.js", import.meta.url));

const { messages: all } = benchMessages();
const messages = all.filter((m) => typeof m.topic === "string" && m.topic !== "");
const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-memory-"));
const file = join(dir, "messages.jsonl");
writeFileSync(file, messages.map((m) => JSON.stringify(m)).join("\n"));

/** A size in MiB written also in MB (the goals are in MB). */
const mib = (x: number) => `${x.toFixed(0)} MiB (${((x * 1048576) / 1e6).toFixed(0)} MB)`;

/** VmRSS and VmHWM of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Whether the process has ended: read anew at each call (a field check would be narrowed once and for all). */
const hasExited = (p: ChildProcess): boolean => p.exitCode !== null;
const exited = (p: ChildProcess) => new Promise((r) => (p.exitCode !== null ? r(undefined) : p.once("close", r)));

const addr = `tcp://127.0.0.1:${await freePort()}`;
const tail = spawn(process.execPath, [CLI, "tail", "--endpoint", addr], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, NO_COLOR: "1" },
});
let lines = 0;
let stderr = "";
tail.stdout.on("data", (d: Buffer) => {
  for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
});
tail.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
let replayer: ChildProcess | undefined;
try {
  await sleep(SETTLE_MS);
  if (hasExited(tail)) throw new Error(`tail exited early: ${stderr}`);
  const idle = memoryOf(tail.pid ?? 0);
  console.log(
    `memory: idle \`fedmsg-echo tail\` (one ZeroMQ endpoint, nothing published) after ${SETTLE_MS / 1000} s: RSS ${mib(idle.rss)}; goal <= 80 MB`,
  );

  replayer = spawn(process.execPath, [CLI, "replay", file, "--bind", addr, "--loop", "--delay", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const start = Date.now();
  while (lines < BURST) {
    if (Date.now() - start > BURST_TIMEOUT_MS) throw new Error(`only ${lines} of ${BURST} messages in ${BURST_TIMEOUT_MS / 1000} s`);
    if (hasExited(tail)) throw new Error(`tail exited during the burst: ${stderr}`);
    await sleep(50);
  }
  const secs = (Date.now() - start) / 1000;
  replayer.kill("SIGTERM");
  await exited(replayer);
  const burst = memoryOf(tail.pid ?? 0);
  await sleep(SETTLE_MS);
  const after = memoryOf(tail.pid ?? 0);
  console.log(
    `memory: burst of ${BURST.toLocaleString("en")} messages (replay --loop as fast as it can, ${Math.round(lines / secs).toLocaleString("en")} lines/s printed): ` +
      `peak RSS ${mib(burst.peak)}, RSS ${mib(after.rss)} ${SETTLE_MS / 1000} s after; goal <= 200 MB`,
  );
} finally {
  replayer?.kill("SIGTERM");
  tail.kill("SIGTERM");
  await exited(tail);
  rmSync(dir, { recursive: true, force: true });
}
