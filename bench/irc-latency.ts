/**
 * IRC bot benchmark: a real ZeroMQ PUB socket -> ZmqSource (SUB) -> Pipeline ->
 * IrcSink -> ngircd -> a second, plain IRC client.
 *
 * 1. Latency from publishing on the bus to the line reaching the second client,
 *    one message at a time so the limiter is idle (p50, p99).
 * 2. The steady line rate with the default limit (burst 4, then 1 line/s) after a
 *    burst of messages, and how many of the lines written were fences (PINGs proving the
 *    channel lines shown, bots/irc/fence.ts).
 *
 *     npx tsx bench/irc-latency.ts [samples]
 */
import { createIrcSinks, type IrcSink } from "../bots/irc/main.js";
import { silentLogger } from "../bots/log.js";
import { Metrics } from "../bots/metrics.js";
import { Pipeline } from "../bots/pipeline.js";
import { parseConfig } from "../config/load.js";
import { kojiBuildEnvelope, type BusEnvelope } from "../test/helpers/builders.js";
import { RawClient, freePort, startNgircd } from "../test/helpers/irc/harness.js";
import { openBus, pct, type Bus } from "./helpers.js";

const SAMPLES = Number(process.argv[2] ?? 300);
const RATE_LINES = 24;
const CHAN = "#fedmsg";

/** Stamped now: the bus-to-send latency the bot reports is then this benchmark's too. */
const envelope = (): BusEnvelope => kojiBuildEnvelope({ timestamp: Date.now() / 1000, username: "bench" });

async function run(
  limit: { burst: number; rate: number; queue_max: number },
  body: (bus: Bus, reader: RawClient, sink: IrcSink) => Promise<void>,
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
  const bus = await openBus(addr, { config, pipeline, log, metrics }, envelope, (ms) =>
    reader.waitForMessages(CHAN, 1, ms).then(
      () => true,
      () => false,
    ),
  );
  await body(bus, reader, sink);
  await bus.close();
  await sink.stop(0);
  reader.close();
  await server.stop();
}

async function latency(): Promise<void> {
  await run({ burst: 1000, rate: 1000, queue_max: 1000 }, async (bus, reader) => {
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const seen = reader.messages(CHAN).length;
      const t0 = performance.now();
      await bus.publish(envelope());
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
  await run(limit, async (bus, reader, sink) => {
    // Let the warm-up lines out and the bucket refill, then publish a burst.
    while (sink.flow.counts().queued > 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, (limit.burst * 1000) / limit.rate));
    const before = reader.messages(CHAN).length;
    // The proof behind the lines (bots/irc/fence.ts) costs a line of the server's count per fence.
    let fences = 0;
    let channelLines = 0;
    sink.connection?.on("written", (line) => {
      if (line.startsWith("PING :fedmsg-echo-fence-")) fences++;
      else if (line.startsWith(`PRIVMSG ${CHAN} `)) channelLines++;
    });
    const t0 = performance.now();
    for (let i = 0; i < RATE_LINES; i++) await bus.publish(envelope());
    const lines = (await reader.waitForMessages(CHAN, before + RATE_LINES, RATE_LINES * 2000)).slice(before);
    const burstEnd = lines[limit.burst - 1]?.at ?? t0;
    const last = lines.at(-1)?.at ?? t0;
    const steady = (lines.length - limit.burst) / ((last - burstEnd) / 1000);
    console.log(
      `steady rate, limit burst ${limit.burst} then ${limit.rate}/s, ${RATE_LINES} messages at once: first ${limit.burst} lines within ${(burstEnd - t0).toFixed(1)} ms, ` +
        `then ${steady.toFixed(3)} lines/s (${lines.length - limit.burst} lines over ${((last - burstEnd) / 1000).toFixed(2)} s); ` +
        `fences written meanwhile: ${fences} for ${channelLines} channel lines (${((100 * fences) / Math.max(1, fences + channelLines)).toFixed(0)} % of the lines written)`,
    );
  });
}

async function main(): Promise<void> {
  await latency();
  await steadyRate();
}

await main();
