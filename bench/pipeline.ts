/**
 * Pipeline throughput, in two parts.
 *
 * 1. Ingest in process: the stage chain decode -> dedupe -> filter (topic) -> format -> filter
 *    (people, packages) over ZeroMQ-shaped frames, called directly (no ZeroMQ, no sink), every
 *    message with a fresh msg_id so that dedupe does its real work. Rendering is measured apart:
 *    a real sink renders only what it sends (an IRC channel takes about a line a second), so
 *    rendering every message would measure work the bots never do.
 * 2. Over loopback ZeroMQ: `fedmsg-echo replay` (a separate process, as fast as it can, in a
 *    loop) publishes the corpus messages; this process subscribes and runs the pipeline into a
 *    sink that keeps what passes its filter and renders nothing. Prints messages per second
 *    received and ingested, the share the publisher sent that was lost (PUB/SUB drops when the
 *    subscriber falls behind), and the peak RSS.
 *
 * The machine is shared and noisy: part 1 prints the median and range of several rounds, per
 * second of wall time and per CPU-second of this process.
 *
 *   npm run build && npx tsx bench/pipeline.ts [seconds]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The built code (npm run build), as the bots run it: no TypeScript transform in the loop.
import { decodeInput } from "../dist/bots/decode.js";
import { Dedupe, dedupeKey } from "../dist/bots/dedupe.js";
import { Filter } from "../dist/bots/filter.js";
import { silentLogger } from "../dist/bots/log.js";
import { Metrics } from "../dist/bots/metrics.js";
import { Pipeline } from "../dist/bots/pipeline.js";
import type { Sink } from "../dist/bots/sink.js";
import type { SourceInput } from "../dist/bots/sources/source.js";
import { ZmqSource } from "../dist/bots/sources/zmq.js";
import { filtersSchema } from "../dist/config/common.js";
import { zmqSchema } from "../dist/config/schema.js";
import { formatTrace, ircTextBudget, renderIrc, renderMastodon, type Summary } from "../dist/formatters/index.js";
import { freePort } from "../test/helpers/collect.js";
import { benchMessages } from "./corpus.js";
import { fmt, median, range } from "./stats.js";

const seconds = Number(process.argv[2] ?? 10);
const CLI = fileURLToPath(new URL("../dist/bots/cli.js", import.meta.url));
/** Ingest rounds (part 1); the median is printed. */
const INGEST_ROUNDS = 7;
/** Messages formatted before the ingest rounds: as many as bench/format.ts warms up on (see there). */
const WARMUP_FORMAT_MESSAGES = 2_000_000;
/**
 * Then messages through the whole chain: decode, dedupe and filter are a few functions met on every
 * message, so far fewer passes warm them (running all 2 million through the chain would take a minute).
 */
const WARMUP_INGEST_MESSAGES = 200_000;
/** Ids kept by dedupe, as a bot runs it (config `dedupe_size` default order of magnitude). */
const DEDUPE_SIZE = 10_000;

// Messages with an empty topic (some webhook-relay classes) exist only on AMQP: fedmsg frames need a topic.
const { source, messages: all } = benchMessages();
const messages = all.filter((m) => typeof m.topic === "string" && m.topic !== "");
const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-bench-"));
const file = join(dir, "messages.jsonl");
writeFileSync(file, messages.map((m) => JSON.stringify(m)).join("\n"));

/** The Mastodon example's filter (config/example.yaml): two exclude globs, as a sink has. */
const filter = new Filter(filtersSchema.parse({ exclude: ["**.buildsys.task.state.change", "**.buildsys.repo.*"] }));

// Envelope JSON with a placeholder id, so that each pass can have fresh ids without re-serialising.
const ID_MARK = "@@BENCH-ID@@";
const templates = messages.map((m) => {
  const env =
    "body" in m ? { topic: m.topic, msg: m.body, msg_id: ID_MARK, headers: m.headers, username: "amqp-bridge" } : { ...m, msg_id: ID_MARK };
  return { topic: Buffer.from(String(m.topic)), json: JSON.stringify(env) };
});
let pass = 0;
function framesWithFreshIds(): SourceInput[] {
  pass++;
  return templates.map((t, i) => ({
    kind: "frames",
    origin: "bench",
    frames: [t.topic, Buffer.from(t.json.replace(ID_MARK, `bench-${pass}-${i}`))],
  }));
}

// Part 1: ingest, the stage chain called directly.
{
  const dedupe = new Dedupe(DEDUPE_SIZE);
  let kept = 0;
  const summaries: Summary[] = [];
  const ingest = (inputs: readonly SourceInput[]): void => {
    for (const input of inputs) {
      const msg = decodeInput(input);
      if (!dedupe.firstTime(dedupeKey(msg.topic.full, msg.id)) || !filter.acceptsTopic(msg.topic.full)) continue;
      const s = formatTrace(msg).summary;
      if (filter.acceptsSummary(s)) {
        kept++;
        if (summaries.length < templates.length) summaries.push(s);
      }
    }
  };
  // Warm-up, as bench/format.ts does and for the same reason (V8 goes on optimizing the formatter's
  // few hundred handlers, each met once per pass, for some 2 million messages; with the 20 passes
  // this bench used to warm up with, the JIT was still at work during the measured rounds). The
  // formatter is warmed on messages decoded once, as there; then the whole chain, with fresh ids.
  const warmStart = process.hrtime.bigint();
  const decoded = templates.map((t) => decodeInput({ kind: "frames", origin: "bench", frames: [t.topic, Buffer.from(t.json)] }));
  for (let n = 0; n < WARMUP_FORMAT_MESSAGES; n += decoded.length) for (const m of decoded) formatTrace(m);
  for (let n = 0; n < WARMUP_INGEST_MESSAGES; n += templates.length) ingest(framesWithFreshIds());
  const warmSeconds = Number(process.hrtime.bigint() - warmStart) / 1e9;
  kept = 0; // counted over the measured rounds only
  const wall: number[] = [];
  const cpu: number[] = [];
  const load = loadavg()[0] ?? 0;
  const roundNs = (Math.min(seconds, 10) / INGEST_ROUNDS) * 1e9;
  for (let r = 0; r < INGEST_ROUNDS; r++) {
    let n = 0;
    let wallNs = 0;
    let cpuUs = 0;
    while (wallNs < roundNs) {
      const inputs = framesWithFreshIds(); // untimed: building the input is the source's work
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      ingest(inputs);
      wallNs += Number(process.hrtime.bigint() - t0);
      const c = process.cpuUsage(c0);
      cpuUs += c.user + c.system;
      n += inputs.length;
    }
    wall.push(n / (wallNs / 1e9));
    cpu.push(n / (cpuUs / 1e6));
  }
  console.log(
    `ingest (in process): ${templates.length} distinct messages, fresh msg_ids, dedupe of ${fmt(DEDUPE_SIZE)}, the Mastodon example's filter; ${fmt(kept)} kept in the rounds; ` +
      `warm-up ${fmt(WARMUP_FORMAT_MESSAGES)} messages formatted and ${fmt(WARMUP_INGEST_MESSAGES)} ingested in ${warmSeconds.toFixed(1)} s`,
  );
  console.log(
    `ingest (in process): median ${fmt(median(wall))} messages/s wall time through decode, dedupe, filter, format, range ${range(wall)} over ${INGEST_ROUNDS} rounds; goal 50,000`,
  );
  console.log(
    `ingest (in process): median ${fmt(median(cpu))} messages per CPU-second, range ${range(cpu)} (machine shared and noisy: 1-minute load average ${load.toFixed(1)})`,
  );

  // Rendering, apart: what a sink pays per line it sends.
  const budget = ircTextBudget("fedmsg-echo!~fedmsg@192.0.2.1", "PRIVMSG", "#fedora-fedmsg");
  let bytes = 0;
  let rendered = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  while (process.hrtime.bigint() - t0 < 1e9) {
    for (const s of summaries) {
      bytes += renderIrc(s, { maxBytes: budget }).length + renderMastodon(s).status.length;
      rendered++;
    }
  }
  const c = process.cpuUsage(c0);
  const usWall = Number(process.hrtime.bigint() - t0) / 1e3 / rendered;
  console.log(
    `render (apart): ${usWall.toFixed(1)} µs wall, ${((c.user + c.system) / rendered).toFixed(1)} µs CPU per message for the IRC line + Mastodon status (paid only for what a sink sends; checksum ${bytes})`,
  );
}

let ingested = 0;
const sink: Sink = {
  name: "discard",
  wantsTopic: (t) => filter.acceptsTopic(t),
  offer: (_msg, s) => {
    if (filter.acceptsSummary(s)) ingested++;
  },
  start: () => Promise.resolve(),
  stop: () => Promise.resolve(),
};
const log = silentLogger();

const metrics = new Metrics();
const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 10_000 });
const addr = `tcp://127.0.0.1:${await freePort()}`;
const sub = new ZmqSource({ endpoints: { bench: [addr] }, zmq: zmqSchema.parse({ rcvhwm: 10_000 }), log, metrics });
await sub.start(pipeline.accept);

const replayer = spawn(process.execPath, [CLI, "replay", file, "--bind", addr, "--loop", "--wait-subscribers", "1", "--delay", "300"], {
  stdio: ["ignore", "ignore", "pipe"],
});
let replayOut = "";
replayer.stderr.on("data", (d: Buffer) => (replayOut += d.toString()));

// Measure from the first message on, for `seconds`.
const waitStart = Date.now();
while (metrics.total("received") === 0) {
  if (Date.now() - waitStart > 20_000) throw new Error(`no message from the replayer in 20 s: ${replayOut}`);
  await new Promise((r) => setTimeout(r, 10));
}
const r0 = metrics.total("received");
const f0 = ingested;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const received = metrics.total("received") - r0;
const done = ingested - f0;
replayer.kill("SIGTERM");
await new Promise((r) => replayer.on("close", r));
await sub.stop();
rmSync(dir, { recursive: true, force: true });

const published = Number(/published (\d+)/.exec(replayOut)?.[1] ?? NaN);
const total = metrics.total("received");
console.log(`pipeline: ${messages.length} distinct messages from ${source}, replayed in a loop over ${addr}`);
console.log(
  `pipeline: ${Math.round(received / elapsed).toLocaleString("en")} messages/s received, ${Math.round(done / elapsed).toLocaleString("en")} /s through decode, dedupe, filter, format (no rendering) over ${elapsed.toFixed(1)} s`,
);
console.log(
  `pipeline: publisher sent ${published.toLocaleString("en")}, subscriber received ${total.toLocaleString("en")} (${(100 * (1 - total / published)).toFixed(1)}% lost in PUB/SUB), malformed ${metrics.total("malformed")}, duplicates ${metrics.total("duplicates")}`,
);
const cpuPerMsgUs = (cpu.user + cpu.system) / Math.max(1, received);
console.log(
  `pipeline: subscriber CPU ${cpuPerMsgUs.toFixed(1)} µs per message (user+system, ZeroMQ receive included) = ${Math.round(1e6 / cpuPerMsgUs).toLocaleString("en")} messages/s per core; the 2-core machine also runs the publisher`,
);
console.log(`pipeline: peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
