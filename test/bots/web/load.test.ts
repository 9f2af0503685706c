/**
 * 200 concurrent browsers' streams at 100 messages/s, through the real path: the replayer
 * publishes on ZeroMQ, the pipeline formats, the web sink broadcasts. Every browser gets every
 * message it asked for, in order, or a "skipped" row standing exactly for what it missed, or it
 * is cut off; the bytes the server queues stay within the per-browser bound. RSS is measured and
 * printed (a figure, not an assertion).
 */
import { strict as assert } from "node:assert";
import { readReplayFile } from "../../helpers/replay-file.js";
import { waitFor } from "../../helpers/collect.js";
import { publish, startWebBot, type WebBot } from "./harness.js";
import { accounted, ClientsProcess, type ClientReport, type Report } from "./clients.js";

const CLIENTS = 200;
const FILTERED = 50;
const SLOW = 10;
const RATE_PER_S = 100;
const MESSAGES = 600;
const BUFFER_BYTES = 64 * 1024;

/** The demo messages, cycled to MESSAGES, each with a fresh id (the pipeline drops duplicates). */
function traffic(): object[] {
  const demo = readReplayFile(new URL("../../../config/demo/messages.jsonl", import.meta.url).pathname).map((l) => l.value);
  return Array.from({ length: MESSAGES }, (_, i) => {
    const { msg_id: _m, id: _i, ...rest } = demo[i % demo.length] as Record<string, unknown>;
    return rest;
  });
}

/** Walk a browser's stream against the rows it should get; returns how it went or throws. */
function check(c: ClientReport, expected: readonly number[]): "complete" | "with-skipped" | "cut" {
  let i = 0;
  let skipped = false;
  for (const x of c.items) {
    if (typeof x === "number") {
      assert.equal(x, expected[i], `row ${i}: in order, no silent gap`);
      i++;
    } else {
      assert.equal(x[1], expected[i + x[0] - 1], "a skipped row covers exactly the rows missing at its place");
      i += x[0];
      skipped = true;
    }
  }
  if (i === expected.length) return skipped ? "with-skipped" : "complete";
  assert.ok(c.ended, `a stream that is still open got ${i} of ${expected.length} rows`);
  return "cut";
}

describe("web: 200 concurrent streams at 100 messages/s @integration", function () {
  this.timeout(120_000);
  let web: WebBot | undefined;
  let clients: ClientsProcess | undefined;
  after(async () => {
    await clients?.stop();
    await web?.stop();
  });

  it("delivers every matching message in order to each browser, or accounts for it, with bounded memory", async () => {
    web = await startWebBot({
      max_clients: CLIENTS,
      client_buffer_bytes: BUFFER_BYTES,
      client_stall_max_ms: 2000,
      backlog: 0,
      recent_max: MESSAGES,
    });
    const w = web;
    clients = await ClientsProcess.start(w.base, CLIENTS, FILTERED, SLOW);
    assert.equal(w.sink.hub.size, CLIENTS);

    const rss0 = process.memoryUsage().rss;
    let peakRss = rss0;
    let peakQueued = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      peakQueued = w.sink.hub.peakPendingBytes;
    }, 20);
    const started = Date.now();
    try {
      assert.equal(await publish(w.bus, traffic(), RATE_PER_S), MESSAGES);
      await waitFor(
        () => w.metrics.get("sink_messages", { sink: "web", outcome: "sent" }) === MESSAGES,
        "every message in the sink",
        20_000,
      );
      const secs = (Date.now() - started) / 1000;
      clients.resume();
      const all = [...w.sink.ring].map((row) => ({ seq: row.seq, service: row.service }));
      assert.equal(all.length, MESSAGES);
      const bodhiFas = all.filter((x) => x.service === "bodhi" || x.service === "fas").map((x) => x.seq);
      const everything = all.map((x) => x.seq);
      const wanted = (c: ClientReport) => (c.filtered ? bodhiFas : everything);
      let report: Report | undefined;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        report = await clients.report();
        if (report.clients.every((c) => c.ended || accounted(c.items) === wanted(c).length)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(report);
      const outcomes = { complete: 0, "with-skipped": 0, cut: 0 };
      for (const c of report.clients) {
        const how = check(c, wanted(c));
        outcomes[how]++;
        if (!c.slow) assert.notEqual(how, "cut", "a browser that reads is never cut");
      }
      assert.equal(report.clients.length, CLIENTS);
      peakQueued = w.sink.hub.peakPendingBytes;
      assert.ok(peakQueued <= CLIENTS * (BUFFER_BYTES + 200), `peak queued ${peakQueued} bytes, bound ${CLIENTS} x ${BUFFER_BYTES}`);
      console.log(
        `      ${CLIENTS} streams (${FILTERED} filtered, ${SLOW} paused), ${MESSAGES} messages at ${RATE_PER_S}/s, published in ${secs.toFixed(1)} s: ` +
          `${JSON.stringify(outcomes)}; server: peak queued ${(peakQueued / 1024).toFixed(0)} KiB, RSS ${(rss0 / 2 ** 20).toFixed(0)} -> peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
      );
    } finally {
      clearInterval(sampler);
    }
  });
});
