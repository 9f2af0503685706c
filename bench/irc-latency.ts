/**
 * IRC bot benchmark: a real ZeroMQ PUB socket -> ZmqSource (SUB) -> Pipeline ->
 * IrcSink -> ngircd -> a second, plain IRC client.
 *
 * 1. Latency from publishing on the bus to the line reaching the second client,
 *    one message at a time so the limiter is idle (p50, p99).
 * 2. The steady line rate with the default limit (burst 4, then 1 line/s) after a
 *    burst of messages.
 *
 *     npx tsx bench/irc-latency.ts [samples]
 */
import { Publisher } from "zeromq";
import { createIrcSinks, type IrcSink } from "../bots/irc/main.js";
import { silentLogger } from "../bots/log.js";
import { Metrics } from "../bots/metrics.js";
import { Pipeline } from "../bots/pipeline.js";
import { ZmqSource } from "../bots/sources/zmq.js";
import { parseConfig } from "../config/load.js";
import { RawClient, freePort, startNgircd } from "../test/helpers/irc/harness.js";

const SAMPLES = Number(process.argv[2] ?? 300);
const RATE_LINES = 24;
const CHAN = "#fedmsg";

let seq = 0;
function envelope(): [string, string] {
  seq++;
  const topic = "org.fedoraproject.prod.buildsys.build.state.change";
  const msg = {
    build_id: seq,
    name: "python-foo",
    version: "1.0",
    release: `${seq}.fc40`,
    owner: "ralph",
    new: 1,
    old: 0,
    instance: "primary",
    attribute: "state",
    task_id: seq,
  };
  return [
    topic,
    JSON.stringify({ topic, msg, msg_id: `2026-${crypto.randomUUID()}`, timestamp: Date.now() / 1000, i: seq, username: "bench" }),
  ];
}

async function run(
  limit: { burst: number; rate: number; queue_max: number },
  body: (pub: Publisher, reader: RawClient, sink: IrcSink) => Promise<void>,
): Promise<void> {
  const { server, port } = await startNgircd();
  const zmqPort = await freePort();
  const addr = `tcp://127.0.0.1:${zmqPort}`;
  const config = parseConfig({
    endpoints: { bench: [addr] },
    irc: [{ network: "127.0.0.1", port, tls: false, nickname: "fedbot", channels: [CHAN], limit }],
  });
  const log = silentLogger();
  const metrics = new Metrics();
  const reader = await RawClient.connect(port, "reader");
  await reader.join(CHAN);
  const sinks = createIrcSinks(config, { log, metrics });
  const [sink] = sinks;
  if (!sink) throw new Error("no IRC sink configured");
  await sink.start();
  const pipeline = new Pipeline({ sinks, log, metrics, dedupeSize: 10_000 });
  const source = new ZmqSource({ endpoints: config.endpoints, zmq: config.zmq, log, metrics });
  const pub = new Publisher();
  await pub.bind(addr);
  await source.start(pipeline.accept);
  // PUB/SUB drops what is sent before the subscription arrives: wait for one message through.
  for (;;) {
    await pub.send(envelope());
    const got = await reader.waitForMessages(CHAN, 1, 200).then(
      () => true,
      () => false,
    );
    if (got) break;
  }
  await body(pub, reader, sink);
  await source.stop();
  pub.close();
  await sink.stop(0);
  reader.close();
  await server.stop();
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function latency(): Promise<void> {
  await run({ burst: 1000, rate: 1000, queue_max: 1000 }, async (pub, reader) => {
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const seen = reader.messages(CHAN).length;
      const t0 = performance.now();
      await pub.send(envelope());
      const lines = await reader.waitForMessages(CHAN, seen + 1);
      samples.push((lines[seen]?.at ?? NaN) - t0);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `latency bus -> IRC reader, limiter idle, ${SAMPLES} messages: p50 ${pct(samples, 50).toFixed(2)} ms, p99 ${pct(samples, 99).toFixed(2)} ms, max ${samples.at(-1)?.toFixed(2)} ms`,
    );
  });
}

async function steadyRate(): Promise<void> {
  const limit = { burst: 4, rate: 1, queue_max: 100 };
  await run(limit, async (pub, reader, sink) => {
    // Let the warm-up lines out and the bucket refill, then publish a burst.
    while (sink.flow.counts().queued > 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, (limit.burst * 1000) / limit.rate));
    const before = reader.messages(CHAN).length;
    const t0 = performance.now();
    for (let i = 0; i < RATE_LINES; i++) await pub.send(envelope());
    const lines = (await reader.waitForMessages(CHAN, before + RATE_LINES, RATE_LINES * 2000)).slice(before);
    const burstEnd = lines[limit.burst - 1]?.at ?? t0;
    const last = lines.at(-1)?.at ?? t0;
    const steady = (lines.length - limit.burst) / ((last - burstEnd) / 1000);
    console.log(
      `steady rate, limit burst ${limit.burst} then ${limit.rate}/s, ${RATE_LINES} messages at once: first ${limit.burst} lines within ${(burstEnd - t0).toFixed(1)} ms, ` +
        `then ${steady.toFixed(3)} lines/s (${lines.length - limit.burst} lines over ${((last - burstEnd) / 1000).toFixed(2)} s)`,
    );
  });
}

async function main(): Promise<void> {
  await latency();
  await steadyRate();
}

await main();
