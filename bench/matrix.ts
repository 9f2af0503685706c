/**
 * Matrix bot benchmark, against the client-server API double of test/bots/matrix:
 *
 * 1. Bus-to-event latency with the pacing idle: a real ZeroMQ PUB socket ->
 *    ZmqSource -> Pipeline -> MatrixSink -> the double storing the event, one
 *    message at a time (p50, p95, p99, max).
 * 2. A 24-hour simulated bus (virtual clock) at one message every 2 s into one
 *    room, with the default pacing (Synapse's per-user default: a burst of 10, then
 *    one event every 5 s), the flow layer's digests, and Synapse's limit on the
 *    double: what became of every message (the statuses), events per hour, 429s.
 * 3. The retry outcome table of the fault scenarios of test/bots/matrix/sink.test.ts.
 * 4. Renderer cost per event.
 *
 *     npx tsx bench/matrix.ts [samples] [hours]
 */
import { ManualClock } from "../bots/flow/clock.js";
import { silentLogger } from "../bots/log.js";
import { createMatrixAccountSinks } from "../bots/matrix/main.js";
import { Metrics } from "../bots/metrics.js";
import { Pipeline } from "../bots/pipeline.js";
import { parseConfig } from "../config/load.js";
import { decodeMessage, renderMatrix } from "../formatters/index.js";
import { freePort } from "../test/helpers/collect.js";
import { MatrixDouble } from "../test/bots/matrix/double.js";
import { FAULT_CASES, runFaultCase } from "../test/bots/matrix/faults.js";
import { maxInSlidingWindow } from "../test/helpers/sink-tests.js";
import { kojiBuildEnvelope, summary, type BusEnvelope } from "../test/helpers/builders.js";
import { openBus, pct, printFaultTable, printRenderCost } from "./helpers.js";

const SAMPLES = Number(process.argv[2] ?? 500);
const HOURS = Number(process.argv[3] ?? 24);
const HOUR_MS = 3600_000;
const BUS_EVERY_MS = 2000;
/** The simulated day advances in steps of this much virtual time (the bus's messages of a step arrive at its start). */
const STEP_MS = 5_000;
const BOT = "@bot:double.test";

const envelope = (): BusEnvelope => kojiBuildEnvelope({ username: "bench" });

async function latency(): Promise<void> {
  const double = await new MatrixDouble({ rateLimit: null }).start();
  const room = double.createRoom();
  const addr = `tcp://127.0.0.1:${await freePort()}`;
  const config = parseConfig({
    endpoints: { bench: [addr] },
    matrix: [
      {
        homeserver: double.url,
        user_id: BOT,
        access_token: "good-token",
        rooms: [room],
        limit: { burst: 1000, rate: 1000, queue_max: 1000 },
      },
    ],
  });
  const log = silentLogger();
  const metrics = new Metrics();
  const sinks = createMatrixAccountSinks(config, { log, metrics });
  const [sink] = sinks;
  if (!sink) throw new Error("no Matrix sink configured");
  await sink.start();
  const pipeline = new Pipeline({ sinks, log, metrics, dedupeSize: 10_000 });
  const next = (): Promise<number> => new Promise((resolve) => (double.onStored = () => resolve(performance.now())));
  const bus = await openBus(addr, { config, pipeline, log, metrics }, envelope, (ms) =>
    Promise.race([next().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]),
  );
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const stored = next();
    const t0 = performance.now();
    await bus.publish(envelope());
    samples.push((await stored) - t0);
  }
  await bus.close();
  await sink.stop(0);
  await double.close();
  samples.sort((a, b) => a - b);
  console.log(`\nBus-to-event latency, pacing idle (${SAMPLES} messages, ZeroMQ -> pipeline -> sink -> HTTP PUT -> stored):`);
  console.log(
    `  p50 ${pct(samples, 50).toFixed(2)} ms, p95 ${pct(samples, 95).toFixed(2)} ms, p99 ${pct(samples, 99).toFixed(2)} ms, max ${(samples.at(-1) ?? NaN).toFixed(2)} ms`,
  );
}

async function day(): Promise<void> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 1, 17));
  const double = await new MatrixDouble({ now: () => clock.now() }).start();
  const room = double.createRoom();
  const metrics = new Metrics();
  const config = parseConfig({
    matrix: [{ homeserver: double.url, user_id: BOT, access_token: "good-token", rooms: [room], sync_timeout_ms: 1000 }],
  });
  const [sink] = createMatrixAccountSinks(config, { log: silentLogger(), metrics, clock });
  if (!sink) throw new Error("no sink");
  const pipeline = new Pipeline({ sinks: [sink], log: silentLogger(), metrics, dedupeSize: 10_000 });
  await sink.start();
  const realStart = process.hrtime.bigint();
  let settled = 0;
  let nextMsg = 0;
  for (let t = 0; t < HOURS * HOUR_MS; t += STEP_MS) {
    for (; nextMsg < t + STEP_MS; nextMsg += BUS_EVERY_MS) pipeline.handle(decodeMessage(envelope()), "bench", () => settled++);
    await clock.advance(STEP_MS, 3);
    // Real HTTP round trips take real time: let them finish before virtual time moves on.
    while (sink.transport.inFlight > 0) await new Promise((r) => setTimeout(r, 1));
  }
  const stopped = sink.stop(10_000);
  await clock.advance(11_000);
  await stopped;
  await double.close();
  const realS = Number(process.hrtime.bigint() - realStart) / 1e9;
  const times = double.events.map((e) => e.at);
  const perHour = Array.from({ length: HOURS }, (_, h) => times.filter((t) => t >= h * HOUR_MS && t < (h + 1) * HOUR_MS).length);
  const c = sink.flow.counts();
  console.log(
    `\n${HOURS} h of a bus at ${HOUR_MS / BUS_EVERY_MS} messages/h into one room, default pacing (burst 10, 0.2/s) and flow (${realS.toFixed(1)} s real):`,
  );
  console.log(`  taken                  ${c.taken}`);
  console.log(
    `  statuses               sent ${c.sent}, digested ${c.digested}, filtered ${c.filtered}, dropped ${c.dropped}; settled at the source ${settled}`,
  );
  console.log(
    `  accounted              ${c.sent + c.digested + c.filtered + c.dropped === c.taken ? "yes: taken = sent + digested + filtered + dropped" : "NO"}`,
  );
  console.log(
    `  events                 ${double.events.length} (${c.singleLines} own lines, ${c.digestLines} digests), per hour min ${Math.min(...perHour)} max ${Math.max(...perHour)}`,
  );
  console.log(`  most events in 50 s    ${maxInSlidingWindow(times, 50_000)} (Synapse default: burst 10 + one per 5 s)`);
  console.log(`  429 answers            ${double.rateLimited()}`);
  console.log(`  events stored twice    ${double.events.length - new Set(double.events.map((e) => e.txnId)).size}`);
}

function renderCost(): void {
  const link = "https://koji.fedoraproject.org/koji/taskinfo?taskID=123456789";
  const texts = {
    "typical (90 ASCII chars)": "ralph's python-foo-1.0-1.fc42 completed on koji: built for f42 (build 2534123, task 123456789)",
    "hostile (2,000 chars: markup, @room, ids)": `<script>x</script> @room @alice:fedora.im & "q" `.repeat(45),
  };
  printRenderCost("event", texts, 5000, (text) => renderMatrix(summary({ text, link, app: "koji" })));
}

await latency();
await day();
await printFaultTable("event", FAULT_CASES, runFaultCase);
renderCost();
