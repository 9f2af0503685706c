/**
 * Mastodon bot benchmark, against the API double of test/bots/mastodon with a virtual
 * clock (a day of posting takes seconds):
 *
 * 1. Posts per hour sustained under a saturated bus, within the budget: the default
 *    share (250 statuses per 3 hours, burst 10, 5 s spacing) and a smooth variant.
 * 2. The retry outcome table of the fault scenarios of test/bots/mastodon/delivery.test.ts.
 * 3. Renderer cost per status.
 *
 *     npx tsx bench/mastodon.ts [hours]
 */
import { VirtualClock } from "../bots/mastodon/clock.js";
import { silentLogger } from "../bots/log.js";
import { Metrics } from "../bots/metrics.js";
import { Pipeline } from "../bots/pipeline.js";
import { createMastodonAccountSinks } from "../bots/mastodon/main.js";
import { parseConfig } from "../config/load.js";
import { decodeMessage, renderMastodon } from "../formatters/index.js";
import { MastodonDouble } from "../test/bots/mastodon/double.js";
import { FAULT_CASES, runFaultCase } from "../test/bots/mastodon/faults.js";
import { maxInSlidingWindow } from "../test/helpers/sink-tests.js";
import { kojiBuildEnvelope } from "../test/helpers/builders.js";
import { printFaultTable, printRenderCost } from "./helpers.js";

const HOURS = Number(process.argv[2] ?? 24);
const HOUR_MS = 3600_000;
/** A busy but ordinary bus after the account's filters: one message every 2 s. */
const BUS_EVERY_MS = 2000;

async function sustained(label: string, budget: Record<string, unknown>): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 1, 17));
  const double = await new MastodonDouble({ now: () => clock.now() }).start();
  const metrics = new Metrics();
  const config = parseConfig({ mastodon: [{ instance: double.url, access_token: "good-token", budget }] });
  const [sink] = createMastodonAccountSinks(config, { log: silentLogger(), metrics, clock });
  if (!sink) throw new Error("no sink");
  const pipeline = new Pipeline({ sinks: [sink], log: silentLogger(), metrics, dedupeSize: 10_000 });
  await sink.start();
  const t0 = clock.now();
  const realStart = process.hrtime.bigint();
  let next = t0;
  clock.onAdvance((now) => {
    for (; next <= now; next += BUS_EVERY_MS) pipeline.handle(decodeMessage(kojiBuildEnvelope({ username: "bench" })));
  });
  const pump = setInterval(() => {
    if (sink.queued() === 0) clock.advance(BUS_EVERY_MS);
  }, 1);
  while (clock.now() - t0 < HOURS * HOUR_MS) await new Promise((r) => setTimeout(r, 20));
  clearInterval(pump);
  await sink.stop(0);
  await double.close();
  const realS = Number(process.hrtime.bigint() - realStart) / 1e9;

  const times = double.statuses.map((s) => s.createdAt);
  const perHour = Array.from({ length: HOURS }, (_, h) => times.filter((t) => t >= t0 + h * HOUR_MS && t < t0 + (h + 1) * HOUR_MS).length);
  const steady = perHour.slice(3);
  const stats = double.stats();
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
  console.log(`\n${label}: ${HOURS} h of a bus at ${3600_000 / BUS_EVERY_MS} messages/h (${realS.toFixed(1)} s real)`);
  console.log(`  posted                 ${times.length} (${(times.length / HOURS).toFixed(1)}/h over the run)`);
  console.log(
    `  steady state (h 4..${HOURS})  ${(steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length)).toFixed(1)}/h, hourly min ${Math.min(...steady)} max ${Math.max(...steady)}`,
  );
  console.log(`  first hours            ${perHour.slice(0, 4).join(", ")}`);
  console.log(
    `  most in any 3 h        ${maxInSlidingWindow(times, 3 * HOUR_MS)} (share 250; server limit 300, server's fixed windows max ${stats.maxStatusesPerWindow})`,
  );
  console.log(
    `  most requests in 5 min ${maxInSlidingWindow(
      double.requests.map((r) => r.at),
      300_000,
    )} (share 250; server limit 300)`,
  );
  console.log(
    `  spacing                min ${(Math.min(...gaps) / 1000).toFixed(1)} s, median ${(gaps.sort((a, b) => a - b)[gaps.length >> 1] ?? 0) / 1000} s`,
  );
  console.log(`  429 answers            ${stats.rateLimited}`);
  const n = (outcome: string): number => metrics.get("sink_messages", { sink: sink.name, outcome });
  console.log(
    `  offered ${metrics.total("formatted")}: ${n("sent")} on their own status, ${n("digested")} in digest statuses, ${n("dropped")} dropped`,
  );
}

function renderCost(): void {
  const link = "https://koji.fedoraproject.org/koji/taskinfo?taskID=123456789";
  const texts = {
    "typical (90 ASCII chars)": "ralph's python-foo-1.0-1.fc42 completed on koji: built for f42 (build 2534123, task 123456789)",
    "long, truncated (2,000 chars, emoji/CJK)": "🎉 リリース完了 @bob@example.org #tag word ".repeat(60),
  };
  printRenderCost("status", texts, 2000, (text) =>
    renderMastodon({ text, link, title: "buildsys.build.state.change", app: "koji" }, { hashtags: ["koji"] }),
  );
}

await sustained("Default budget (250 per 3 h, burst 10, min spacing 5 s)", {});
await sustained("Smooth budget (250 per 3 h, burst 1, min spacing 43.2 s)", { burst: 1, min_interval_ms: 43_200 });
await printFaultTable("status", FAULT_CASES, runFaultCase);
renderCost();
