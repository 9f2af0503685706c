/**
 * The live page's benchmark: a real ZeroMQ PUB socket -> ZmqSource -> Pipeline -> WebSink ->
 * Server-Sent Events to 200 streams read by another process (as browsers would), and to one
 * real chromium page. Figures only.
 *
 * 1. Latency, bus to stream: 100 messages/s for `seconds`, each stamped with its publish time;
 *    p50/p99 over every delivery to every stream; server peak RSS.
 * 2. Throughput: a burst published as fast as the socket takes it; rows per second delivered
 *    to the 200 streams (and any skipped for streams that fell behind).
 * 3. Latency, bus to a browser's DOM: chromium's page, a MutationObserver on the rows.
 *
 *     npx tsx bench/web.ts [seconds]
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Publisher } from "zeromq";
import { readReplayFile } from "../test/helpers/replay-file.js";
import { accounted, ClientsProcess } from "../test/bots/web/clients.js";
import { launchChromium, startWebBot } from "../test/bots/web/harness.js";

const SECONDS = Number(process.argv[2] ?? 20);
const CLIENTS = 200;
const RATE_PER_S = 100;
const BURST = 2000;
const BROWSER_MESSAGES = 200;

const demo = readReplayFile(new URL("../config/demo/messages.jsonl", import.meta.url).pathname).map((l) => l.value);
let counter = 0;
/** The next demo message as a fedmsg envelope with a fresh id, stamped now (row.time is this stamp). */
function next(): [string, string] {
  const v = demo[counter++ % demo.length] as Record<string, unknown>;
  const base = "body" in v ? { topic: v.topic, msg: v.body, headers: v.headers, username: "amqp-bridge" } : { ...v };
  const env = { ...base, msg_id: `2026-${randomUUID()}`, i: counter, timestamp: Date.now() / 1000 };
  return [String(env.topic), JSON.stringify(env)];
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const web = await startWebBot({ max_clients: CLIENTS + 10, backlog: 0, recent_max: 1000 });
const pub = new Publisher({ sendHighWaterMark: 100_000 });
await pub.bind(web.bus);
let peakRss = process.memoryUsage().rss;
let peakQueued = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  peakQueued = web.sink.hub.peakPendingBytes;
}, 20);
const sent = () => web.metrics.get("sink_messages", { sink: "web", outcome: "sent" });

// The SUB connects on its own schedule: publish probes until one arrives.
while (sent() === 0) {
  await pub.send(next());
  await sleep(100);
}
const clients = await ClientsProcess.start(web.base, CLIENTS, 0, 0);
console.log(`web: server ${web.base}, ${CLIENTS} SSE streams in another process; ${demo.length} demo messages cycled`);

try {
  // 1. Latency at 100 messages/s.
  {
    const before = sent();
    const total = SECONDS * RATE_PER_S;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    for (let i = 0; i < total; i++) {
      await pub.send(next());
      const wait = t0 + ((i + 1) * 1000) / RATE_PER_S - Date.now();
      if (wait > 0) await sleep(wait);
    }
    while (sent() < before + total) await sleep(20);
    await sleep(1000);
    const cpu = process.cpuUsage(cpu0);
    const report = await clients.report();
    const lat = report.clients.flatMap((c) => c.latencies).sort((a, b) => a - b);
    const skipped = report.clients.reduce((s, c) => s + c.items.filter((x) => typeof x !== "number").length, 0);
    console.log(
      `web: bus -> stream latency at ${RATE_PER_S} msg/s over ${SECONDS} s, ${lat.length.toLocaleString("en")} deliveries to ${CLIENTS} streams: ` +
        `p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${lat.at(-1)} ms; skipped rows ${skipped}`,
    );
    const cpuUs = cpu.user + cpu.system;
    console.log(
      `web: server CPU ${(cpuUs / 1e6 / ((Date.now() - t0) / 1000)).toFixed(2)} cores at ${RATE_PER_S} msg/s x ${CLIENTS} streams: ` +
        `${(cpuUs / total).toFixed(0)} µs per message (ZeroMQ receive, format, broadcast), ${(cpuUs / Math.max(1, lat.length)).toFixed(1)} µs per delivery (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`,
    );
    console.log(
      `web: server peak RSS ${mib(peakRss)}, peak queued for streams ${(peakQueued / 1024).toFixed(0)} KiB; clients process RSS ${mib(report.rss)}`,
    );
  }

  // 2. A burst, as fast as the socket takes it.
  {
    const r0 = await clients.report();
    const base = r0.clients.map((c) => accounted(c.items));
    const before = sent();
    const t0 = Date.now();
    for (let i = 0; i < BURST; i++) await pub.send(next());
    while (sent() < before + BURST && Date.now() - t0 < 60_000) await sleep(10);
    const inSink = Date.now() - t0;
    let report = await clients.report();
    while (report.clients.some((c, i) => accounted(c.items) - (base[i] ?? 0) < BURST) && Date.now() - t0 < 120_000) {
      await sleep(200);
      report = await clients.report();
    }
    const secs = (Date.now() - t0) / 1000;
    const rows = report.clients.reduce(
      (s, c, i) =>
        s + c.items.filter((x) => typeof x === "number").length - (r0.clients[i]?.items.filter((x) => typeof x === "number").length ?? 0),
      0,
    );
    const skippedRows = report.clients.reduce((s, c, i) => s + accounted(c.items) - (base[i] ?? 0), 0) - rows;
    console.log(
      `web: burst of ${BURST} messages: in the sink after ${(inSink / 1000).toFixed(1)} s (${Math.round((BURST * 1000) / inSink)} msg/s), ` +
        `all ${CLIENTS} streams done after ${secs.toFixed(1)} s: ${Math.round(rows / secs).toLocaleString("en")} rows/s delivered, ${skippedRows.toLocaleString("en")} rows skipped for streams that fell behind`,
    );
    console.log(
      `web: server peak RSS ${mib(peakRss)}, peak queued for streams ${(peakQueued / 1024).toFixed(0)} KiB (bound ${CLIENTS} x 256 KiB)`,
    );
  }
} finally {
  await clients.stop();
}

// 3. One real browser: publish time -> row in chromium's DOM.
{
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    await page.evaluateOnNewDocument(`
      window.__lat = [];
      new MutationObserver((list) => {
        const now = Date.now();
        for (const m of list) for (const n of m.addedNodes) {
          const t = n.querySelector && n.querySelector("time");
          if (t) window.__lat.push(now - Date.parse(t.dateTime));
        }
      }).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(`${web.base}/`, { waitUntil: "load" });
    await page.waitForFunction(`document.getElementById("status").textContent.startsWith("live")`);
    const t0 = Date.now();
    for (let i = 0; i < BROWSER_MESSAGES; i++) {
      await pub.send(next());
      const wait = t0 + ((i + 1) * 1000) / 20 - Date.now();
      if (wait > 0) await sleep(wait);
    }
    await page.waitForFunction(`window.__lat.length >= ${BROWSER_MESSAGES}`, { timeout: 30_000 });
    const lat = ((await page.evaluate("window.__lat")) as number[]).sort((a, b) => a - b);
    console.log(
      `web: bus -> chromium DOM latency at 20 msg/s, ${lat.length} rows: p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${lat.at(-1)} ms`,
    );
  } finally {
    await chromium.close();
  }
}

clearInterval(sampler);
pub.close();
await web.stop();
console.log(`web: server peak RSS over the run ${mib(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))}`);
