/**
 * Memory of a bot process, measured from outside (/proc/PID/status) as an operator sees it:
 *
 * 1. idle: `fedmsg-echo tail` subscribed to a ZeroMQ endpoint where nothing is published yet,
 *    after it has settled (VmRSS);
 * 2. burst: a publisher here then sends 100,000 messages (the corpus over and over, each under
 *    an id of its own, as `fedmsg-echo replay` would wrap them) as fast as ZeroMQ takes them,
 *    and the same tail process takes every one through decode, dedupe, filter, format and its
 *    terminal line. The publisher outruns the tail, so the tail's ZeroMQ queue fills up to
 *    `zmq.rcvhwm` messages and the rest waits in the publisher's queue (its high-water mark is
 *    above the burst: nothing is dropped on the way). The peak (VmHWM) is read once the tail has
 *    printed the last message, so it covers the whole burst, queue drained; VmRSS a few seconds
 *    later.
 *
 * (`fedmsg-echo replay` is not the publisher here: it closes its socket when it has sent the
 * file, with a linger of 2 s, and what the tail has not taken by then is lost.)
 *
 * Issue 13's goals: idle RSS <= 80 MB, <= 200 MB under a 100,000-message burst. Figures only.
 *
 *   npm run build && npx tsx bench/memory.ts [burst-messages]
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { XPublisher } from "zeromq";
import { toEnvelope } from "../bots/replay.js";
import { freePort } from "../test/helpers/collect.js";
import { benchMessages } from "./corpus.js";

const BURST = Number(process.argv[2] ?? 100_000);
/** Time a fresh process gets to finish loading and settle before its idle RSS is read. */
const SETTLE_MS = 5_000;
/** The burst must be through within this, or the bench says so and stops. */
const BURST_TIMEOUT_MS = 300_000;
/** Once everything is published, a tail that prints nothing for this long has printed all it will. */
const STALLED_AFTER_MS = 5_000;
const CLI = fileURLToPath(new URL("../dist/bots/cli.js", import.meta.url));

const { messages: all } = benchMessages();
const messages = all.filter((m) => typeof m.topic === "string" && m.topic !== "");

/** Message `i` of the burst as a fedmsg publisher sends it: `[topic, envelope]`, under an id of its own. */
function burstFrames(i: number): [string, string] {
  const m = messages[i % messages.length] ?? {};
  const id = `burst-${i}`;
  // A fedmsg envelope is sent as it is (with its id replaced); a fedora-messaging message is wrapped as the bridge does.
  const env = "msg" in m ? { ...m, msg_id: id } : toEnvelope({ ...m, id }, i + 1, false);
  return [String(env.topic), JSON.stringify(env)];
}

/** A size in MiB written also in MB (the goals are in MB). */
const mib = (x: number) => `${x.toFixed(0)} MiB (${((x * 1048576) / 1e6).toFixed(0)} MB)`;

/** VmRSS and VmHWM of a process, in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const addr = `tcp://127.0.0.1:${await freePort()}`;
const tail = spawn(process.execPath, [CLI, "tail", "--endpoint", addr], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, NO_COLOR: "1" },
});
let lines = 0;
let stderr = "";
/** Whether the tail has ended: a function, read anew at each call (a variable would be narrowed once and for all). */
const tailExited = (): boolean => tail.exitCode !== null || tail.signalCode !== null;
const closed = new Promise((r) => tail.once("close", r));
tail.stdout.on("data", (d: Buffer) => {
  for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
});
tail.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
const pub = new XPublisher({ sendHighWaterMark: BURST + 1000, linger: 0 });
try {
  await sleep(SETTLE_MS);
  if (tailExited()) throw new Error(`tail exited early: ${stderr}`);
  const idle = memoryOf(tail.pid ?? 0);
  console.log(
    `memory: idle \`fedmsg-echo tail\` (one ZeroMQ endpoint, nothing published) after ${SETTLE_MS / 1000} s: RSS ${mib(idle.rss)}; goal <= 80 MB`,
  );

  // The tail is dialling this address already; publish once its subscription has arrived (PUB drops what comes before).
  await pub.bind(addr);
  for await (const [sub] of pub) if (sub?.[0] === 1) break;
  const start = Date.now();
  let published = 0;
  const publishing = (async () => {
    for (; published < BURST; published++) await pub.send(burstFrames(published));
  })();
  let last = { lines: 0, at: start };
  for (;;) {
    const now = Date.now();
    if (lines !== last.lines) last = { lines, at: now };
    if (lines >= BURST) break;
    if (now - start > BURST_TIMEOUT_MS) throw new Error(`only ${lines} of ${BURST} messages in ${BURST_TIMEOUT_MS / 1000} s`);
    if (tailExited()) throw new Error(`tail exited during the burst: ${stderr}`);
    if (published >= BURST && now - last.at > STALLED_AFTER_MS) break;
    await sleep(50);
  }
  await publishing;
  const secs = (last.at - start) / 1000;
  const burst = memoryOf(tail.pid ?? 0);
  await sleep(SETTLE_MS);
  const after = memoryOf(tail.pid ?? 0);
  const missing = BURST - lines;
  console.log(
    `memory: burst of ${BURST.toLocaleString("en")} messages (published as fast as ZeroMQ takes them; ${Math.round(lines / secs).toLocaleString("en")} lines/s printed` +
      `${missing > 0 ? `; ${missing.toLocaleString("en")} NOT printed` : ""}): ` +
      `peak RSS ${mib(burst.peak)} over the whole burst, RSS ${mib(after.rss)} ${SETTLE_MS / 1000} s after; goal <= 200 MB`,
  );
} finally {
  pub.close();
  tail.kill("SIGTERM");
  await closed;
}
