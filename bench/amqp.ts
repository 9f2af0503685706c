/**
 * AMQP throughput with acks: a durable queue on the local RabbitMQ is filled with
 * the corpus's fedora-messaging messages, then one consumer (or two, competing on
 * the same queue, each with its own pipeline) takes them through decode -> dedupe
 * -> format -> a console sink (IRC style, output discarded, unpaced) and acks each
 * once it is final in the sink. Prints messages per second from the first ack to
 * the last, and the peak RSS; the same with a null sink (settled at once)
 * separates the source, the pipeline and the acks from the flow layer.
 *
 * The console sink is given a pace that never waits: any real pace goes through
 * bottleneck, whose turns per slot (a few timers) cap a sink near 200 lines/s
 * whatever its `limit.rate`, and that, not the broker or the pipeline, is what a
 * paced console sink measured here. (Real sinks send a few lines per second.)
 * A last phase publishes one
 * 100 MB body to a consumer with the default max_message_bytes and prints the
 * RSS it cost (the body is refused before it is read).
 *
 *   npm run build && npx tsx bench/amqp.ts [messages]
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import amqp from "amqplib";
import { createConsoleSink } from "../dist/bots/console/sink.js";
import { systemFlowClock } from "../dist/bots/flow/clock.js";
import { Pacer } from "../dist/bots/flow/pacer.js";
import { silentLogger } from "../dist/bots/log.js";
import { Metrics } from "../dist/bots/metrics.js";
import { Pipeline } from "../dist/bots/pipeline.js";
import type { Sink } from "../dist/bots/sink.js";
import { AmqpSource } from "../dist/bots/sources/amqp.js";
import { amqpSchema, consoleSinkSchema } from "../dist/config/schema.js";
import { benchMessages } from "./corpus.js";

const total = process.argv[2] === "--consume" ? 0 : Number(process.argv[2] ?? 20_000);
const URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";
const log = silentLogger();

const { source, messages: all } = benchMessages();
const amqpMessages = all.filter((m) => "body" in m && typeof m.topic === "string" && m.topic !== "");
if (amqpMessages.length === 0) throw new Error(`no fedora-messaging messages in ${source}`);

const conn = await amqp.connect(URL);
const ch = await conn.createConfirmChannel();

async function fill(queue: string, n: number): Promise<void> {
  await ch.assertQueue(queue, { durable: true });
  for (let i = 0; i < n; i++) {
    const m = amqpMessages[i % amqpMessages.length] as { topic: string; headers: Record<string, unknown>; body: unknown };
    const ok = ch.sendToQueue(queue, Buffer.from(JSON.stringify(m.body)), {
      messageId: `bench-${i}`,
      headers: m.headers,
      contentType: "application/json",
      contentEncoding: "utf-8",
      persistent: true,
    });
    if (!ok) await new Promise((r) => ch.once("drain", r));
  }
  await ch.waitForConfirms();
}

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

/** A pace that never waits (see the module comment): the console sink is not what is measured. */
class Unpaced extends Pacer {
  constructor() {
    super({ rate: 1_000_000, burst: 1_000_000, clock: systemFlowClock });
  }
  override async acquire(): Promise<void> {}
  override linesWithin(): number {
    return Number.MAX_SAFE_INTEGER;
  }
}

/** One consumer process: its own source, pipeline and console sink; prints its ack count every 50 ms. */
async function consume(queue: string, kind: string): Promise<void> {
  const metrics = new Metrics();
  // "null": a sink that settles each message as sent at once, to measure the source, the pipeline and the acks alone.
  const nullSink: Sink = {
    name: "null",
    wantsTopic: () => true,
    offer: (_m, _s, t) => t.settle("sent"),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
  const sink =
    kind === "null"
      ? nullSink
      : createConsoleSink({
          name: "console",
          config: consoleSinkSchema.parse({ style: "irc", limit: { burst: 1_000_000, rate: 1_000_000, queue_max: 100_000 } }),
          log,
          metrics,
          out: discard(),
          pacer: new Unpaced(),
        });
  const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 10_000 });
  await sink.start();
  // Every consumer starts consuming at once: a process still loading would leave the queue to the first.
  console.log("ready");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const src = new AmqpSource({ amqp: amqpSchema.parse({ url: URL, queue, routing_keys: [], prefetch: 100 }), log, metrics });
  await src.start(pipeline.accept);
  const report = setInterval(
    () => console.log(`acked ${metrics.get("amqp_acked") + metrics.get("amqp_rejected")} rss ${process.memoryUsage().rss}`),
    50,
  );
  process.once("SIGTERM", () => {
    clearInterval(report);
    void src.close().then(() => process.exit(0));
  });
}

/** Consumers as separate processes (as replicas run), competing on one queue. */
async function run(consumers: number, kind: "console" | "null"): Promise<void> {
  const queue = `fedmsg-echo-bench-${randomUUID()}`;
  await fill(queue, total);
  const acked = new Array<number>(consumers).fill(0);
  let peak = 0;
  let ready = 0;
  const children = Array.from({ length: consumers }, (_, c) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--consume", queue, kind], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      if (d.includes("ready")) ready++;
      for (const m of d.matchAll(/acked (\d+) rss (\d+)/g)) {
        acked[c] = Number(m[1]);
        peak = Math.max(peak, Number(m[2]));
      }
    });
    return child;
  });
  while (ready < consumers) await new Promise((r) => setTimeout(r, 5));
  for (const c of children) c.stdin.write("go\n");
  const start = performance.now();
  let firstAck = 0;
  while (acked.reduce((a, b) => a + b, 0) < total) {
    await new Promise((r) => setTimeout(r, 5));
    if (!firstAck && acked.some((n) => n > 0)) firstAck = performance.now();
    if (performance.now() - start > 300_000) throw new Error(`stalled at ${acked.join("+")} acks`);
  }
  const secs = (performance.now() - firstAck) / 1000;
  await Promise.all(children.map((c) => new Promise((r) => (c.once("exit", r), c.kill("SIGTERM")))));
  await ch.deleteQueue(queue);
  console.log(
    `${kind === "console" ? "console sink (unpaced)" : "null sink"}, ${consumers} consumer${consumers > 1 ? "s" : " "} (processes): ${total} messages in ${secs.toFixed(2)} s from the first ack = ${Math.round(total / secs)} msg/s acked (${acked.join(" + ")}; prefetch 100); peak RSS of a consumer ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
}

async function oversize(): Promise<void> {
  const queue = `fedmsg-echo-bench-${randomUUID()}`;
  await ch.assertQueue(queue, { durable: true });
  // Published first and let go of, so that only the consumer's side is measured.
  ch.sendToQueue(queue, Buffer.alloc(100 * 2 ** 20, 0x20));
  await ch.waitForConfirms();
  await new Promise((r) => setTimeout(r, 500));
  const metrics = new Metrics();
  const before = process.memoryUsage().rss;
  let peak = before;
  const src = new AmqpSource({ amqp: amqpSchema.parse({ url: URL, queue, routing_keys: [] }), log, metrics });
  await src.start((input) => input.settle?.("malformed"));
  while (metrics.get("amqp_rejected") < 1) {
    await new Promise((r) => setTimeout(r, 2));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  await new Promise((r) => setTimeout(r, 500));
  peak = Math.max(peak, process.memoryUsage().rss);
  await src.close();
  await ch.deleteQueue(queue);
  console.log(`one 100 MiB body over max_message_bytes: RSS grew ${((peak - before) / 2 ** 20).toFixed(0)} MiB while it was refused`);
}

if (process.argv[2] === "--consume") {
  await conn.close();
  await consume(process.argv[3] ?? "", process.argv[4] ?? "console");
} else {
  console.log(`messages: ${amqpMessages.length} distinct fedora-messaging messages from ${source}, cycled; ${cpus().length} CPUs`);
  for (const kind of ["null", "console"] as const) {
    await run(1, kind);
    await run(2, kind);
  }
  await oversize();
  await conn.close();
}
