/**
 * End-to-end throughput: `fedmsg-echo replay` (a separate process, as fast as it
 * can, in a loop) publishes the corpus messages over loopback ZeroMQ; this process
 * subscribes and runs decode -> dedupe -> filter -> format -> render (IRC line and
 * Mastodon status) with the output discarded. Prints messages per second received
 * and formatted, the share the publisher sent that was lost (PUB/SUB drops when
 * the subscriber falls behind), and the peak RSS.
 *
 *   npm run build && npx tsx bench/pipeline.ts [seconds]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The built code (npm run build), as the bots run it: no TypeScript transform in the loop.
import { Filter } from "../dist/bots/filter.js";
import { silentLogger } from "../dist/bots/log.js";
import { Metrics } from "../dist/bots/metrics.js";
import { Pipeline } from "../dist/bots/pipeline.js";
import type { Sink } from "../dist/bots/sink.js";
import { ZmqSource } from "../dist/bots/sources/zmq.js";
import { zmqSchema } from "../dist/config/schema.js";
import { ircTextBudget, renderIrc, renderMastodon } from "../dist/formatters/index.js";
import { freePort } from "../test/helpers/collect.js";
import { benchMessages } from "./corpus.js";

const seconds = Number(process.argv[2] ?? 10);
const CLI = fileURLToPath(new URL("../dist/bots/cli.js", import.meta.url));

// Messages with an empty topic (some webhook-relay classes) exist only on AMQP: fedmsg frames need a topic.
const { source, messages: all } = benchMessages();
const messages = all.filter((m) => typeof m.topic === "string" && m.topic !== "");
const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-bench-"));
const file = join(dir, "messages.jsonl");
writeFileSync(file, messages.map((m) => JSON.stringify(m)).join("\n"));

let rendered = 0;
let bytes = 0;
const filter = Filter.all();
const budget = ircTextBudget("fedmsg-echo!~fedmsg@192.0.2.1", "PRIVMSG", "#fedora-fedmsg");
const sink: Sink = {
  name: "discard",
  wantsTopic: (t) => filter.acceptsTopic(t),
  offer: (_msg, s) => {
    if (!filter.acceptsSummary(s)) return;
    bytes += renderIrc(s, { maxBytes: budget }).length + renderMastodon(s).status.length;
    rendered++;
  },
  start: async () => undefined,
  stop: async () => undefined,
};

const log = silentLogger();

// Phase 1, in process: the same frames handed straight to the pipeline (no ZeroMQ), to separate
// the pipeline's own cost from the transport's.
{
  const frames = messages.map((m, i) => {
    const env = "body" in m ? { topic: m.topic, msg: m.body, msg_id: `bench-${i}`, headers: m.headers, username: "amqp-bridge" } : { ...m, msg_id: `bench-${i}` };
    return [Buffer.from(String(m.topic)), Buffer.from(JSON.stringify(env))];
  });
  const p = new Pipeline({ sinks: [sink], log, metrics: new Metrics(), dedupeSize: 0 });
  for (const f of frames) p.accept({ kind: "frames", origin: "bench", frames: f });
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(Math.min(seconds, 5) * 1e9));
  while (process.hrtime.bigint() < until) {
    for (const f of frames) p.accept({ kind: "frames", origin: "bench", frames: f });
    n += frames.length;
  }
  const s2 = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`pipeline (in process, no ZeroMQ): ${Math.round(n / s2).toLocaleString("en")} messages/s through decode, filter, format, render (IRC + Mastodon), output discarded`);
}

const metrics = new Metrics();
const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 10_000 });
const addr = `tcp://127.0.0.1:${await freePort()}`;
const sub = new ZmqSource({ endpoints: { bench: [addr] }, zmq: zmqSchema.parse({ rcvhwm: 10_000 }), log, metrics });
await sub.start(pipeline.accept);

const replayer = spawn(process.execPath, [CLI, "replay", file, "--bind", addr, "--loop", "--wait-subscribers", "1", "--delay", "300"], { stdio: ["ignore", "ignore", "pipe"] });
let replayOut = "";
replayer.stderr.on("data", (d: Buffer) => (replayOut += d.toString()));

// Measure from the first message on, for `seconds`.
const waitStart = Date.now();
while (metrics.total("received") === 0) {
  if (Date.now() - waitStart > 20_000) throw new Error(`no message from the replayer in 20 s: ${replayOut}`);
  await new Promise((r) => setTimeout(r, 10));
}
const r0 = metrics.total("received");
const f0 = rendered;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const received = metrics.total("received") - r0;
const done = rendered - f0;
replayer.kill("SIGTERM");
await new Promise((r) => replayer.on("close", r));
await sub.stop();
rmSync(dir, { recursive: true, force: true });

const published = Number(/published (\d+)/.exec(replayOut)?.[1] ?? NaN);
const total = metrics.total("received");
console.log(`pipeline: ${messages.length} distinct messages from ${source}, replayed in a loop over ${addr}`);
console.log(`pipeline: ${Math.round(received / elapsed).toLocaleString("en")} messages/s received, ${Math.round(done / elapsed).toLocaleString("en")} /s through decode, dedupe, filter, format, render (IRC + Mastodon) over ${elapsed.toFixed(1)} s`);
console.log(`pipeline: publisher sent ${published.toLocaleString("en")}, subscriber received ${total.toLocaleString("en")} (${(100 * (1 - total / published)).toFixed(1)}% lost in PUB/SUB), malformed ${metrics.total("malformed")}, duplicates ${metrics.total("duplicates")}`);
const cpuPerMsgUs = (cpu.user + cpu.system) / Math.max(1, received);
console.log(`pipeline: subscriber CPU ${cpuPerMsgUs.toFixed(1)} µs per message (user+system, ZeroMQ receive included) = ${Math.round(1e6 / cpuPerMsgUs).toLocaleString("en")} messages/s per core; the 2-core machine also runs the publisher`);
console.log(`pipeline: peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (checksum ${bytes})`);
