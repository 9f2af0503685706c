/**
 * The web sink over real HTTP on 127.0.0.1: tickets settled once (sent / filtered), the JSON API,
 * the headers every response carries, the client limit, resuming with Last-Event-ID, and a slow
 * browser that gets a "skipped" row in order or is cut off, with the server's queue bounded.
 */
import { strict as assert } from "node:assert";
import type { Outcome } from "../../../bots/flow/outcome.js";
import { NO_TICKET } from "../../../bots/flow/ticket.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { WebListenError } from "../../../bots/web/server.js";
import { WebSink } from "../../../bots/web/sink.js";
import { webSchema, type WebConfig } from "../../../config/web.js";
import { decodeMessage, format, type Message, type Summary } from "../../../formatters/index.js";
import { waitFor } from "../../helpers/collect.js";
import { openSse, rowsOf, type SseReader } from "./sse.js";

let n = 0;
/** A message and its summary; `textChars` makes the line that long (a big row, to fill buffers quickly). */
function message(service: string, textChars = 0): { msg: Message; summary: Summary } {
  n++;
  const msg = decodeMessage({
    topic: `org.fedoraproject.prod.${service}.thing.happen`,
    msg: { agent: `user${n % 3}` },
    msg_id: `2026-test-${n}`,
  });
  const summary = format(msg);
  assert.ok(summary);
  return { msg, summary: textChars ? { ...summary, text: "x".repeat(textChars) } : summary };
}

class RecordingTicket {
  readonly calls: [Outcome, string | undefined][] = [];
  settle(o: Outcome, r?: string): void {
    this.calls.push([o, r]);
  }
}

describe("web sink and server @integration", function () {
  this.timeout(30_000);
  let sink: WebSink;
  let metrics: Metrics;
  let base: string;
  const readers: SseReader[] = [];
  /** Every sink a test made, so that afterEach stops exactly those (none when a test failed early). */
  const sinks: WebSink[] = [];

  async function start(cfg: Partial<WebConfig> = {}): Promise<void> {
    metrics = new Metrics();
    sink = new WebSink({ config: webSchema.parse({ listen: "127.0.0.1:0", ...cfg }), log: silentLogger(), metrics });
    sinks.push(sink);
    await sink.start();
    base = `http://${sink.address}`;
  }
  async function sse(path = "/events", headers: Record<string, string> = {}): Promise<SseReader> {
    const r = await openSse(`${base}${path}`, headers);
    readers.push(r);
    return r;
  }

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    for (const s of sinks.splice(0)) await s.stop();
  });

  it("settles each message once: sent when in the ring and broadcast, filtered by the sink's own filters", async () => {
    await start({ filters: webSchema.shape.filters.parse({ users: { allow: [], deny: ["user0"] } }) });
    const live = await sse();
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const t = new RecordingTicket();
      const { msg, summary } = message("bodhi");
      sink.offer(msg, summary, t);
      assert.equal(t.calls.length, 1, "settled exactly once, at once");
      outcomes.push(t.calls[0]?.[0] ?? "");
    }
    // agents cycle user1, user2, user0, ...: every third is denied.
    assert.deepEqual(outcomes, ["sent", "sent", "filtered", "sent", "sent", "filtered"]);
    assert.equal(metrics.get("sink_messages", { sink: "web", outcome: "sent" }), 4);
    assert.equal(metrics.get("sink_messages", { sink: "web", outcome: "filtered" }), 2);
    await waitFor(() => live.events.filter((e) => e.event === "row").length === 4, "4 rows on the stream");
    const recent = (await (await fetch(`${base}/api/recent?n=3`)).json()) as { rows: { seq: number }[] };
    assert.deepEqual(
      recent.rows.map((r) => r.seq),
      [4, 3, 2],
      "newest first",
    );
    await sink.stop();
    const late = new RecordingTicket();
    const { msg, summary } = message("bodhi");
    sink.offer(msg, summary, late);
    assert.deepEqual(late.calls, [["dropped", "shutdown"]]);
  });

  it("serves the API, the stats, /metrics and /healthz, with a strict CSP and nosniff on every response", async () => {
    await start({ image_origins: ["https://seccdn.libravatar.org"] });
    for (const s of ["bodhi", "bodhi", "fas"]) {
      const { msg, summary } = message(s);
      sink.offer(msg, summary, NO_TICKET);
    }
    const paths = [
      "/",
      "/app.js",
      "/app.css",
      "/vendor/uPlot.iife.min.js",
      "/vendor/uPlot.min.css",
      "/favicon.svg",
      "/api/recent",
      "/api/stats",
      "/metrics",
      "/healthz",
      "/nope",
    ];
    for (const p of paths) {
      const res = await fetch(`${base}${p}`);
      await res.arrayBuffer();
      assert.equal(res.status, p === "/nope" ? 404 : 200, p);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", p);
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:\/\/seccdn\.libravatar\.org;/, p);
      assert.doesNotMatch(csp, /unsafe/, p);
    }
    const recent = (await (await fetch(`${base}/api/recent?service=fas`)).json()) as { rows: { service: string }[] };
    assert.deepEqual(
      recent.rows.map((r) => r.service),
      ["fas"],
    );
    const stats = (await (await fetch(`${base}/api/stats`)).json()) as {
      total: number;
      services: { name: string; count: number }[];
      series: { service: string; counts: number[] }[];
    };
    assert.equal(stats.total, 3);
    assert.deepEqual(
      stats.services.map((s) => [s.name, s.count]),
      [
        ["bodhi", 2],
        ["fas", 1],
      ],
    );
    assert.equal(stats.series.find((s) => s.service === "bodhi")?.counts.at(-1), 2);
    assert.match(await (await fetch(`${base}/metrics`)).text(), /fedmsg_echo_sink_messages_total\{sink="web",outcome="sent"\} 3/);
    assert.equal((await fetch(`${base}/api/recent?n=x`)).status, 400);
    assert.equal((await fetch(`${base}/`, { method: "POST" })).status, 405);
    assert.match(await (await fetch(`${base}/app.js`)).text(), /textContent/);
    assert.doesNotMatch(await (await fetch(`${base}/app.js`)).text(), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("names web.listen when it cannot listen there", async () => {
    await start();
    const second = new WebSink({ config: webSchema.parse({ listen: sink.address }), log: silentLogger(), metrics: new Metrics() });
    await assert.rejects(
      second.start(),
      (e: Error) => e instanceof WebListenError && /web\.listen 127\.0\.0\.1:\d+: cannot listen \(EADDRINUSE\)/.test(e.message),
    );
    await second.stop();
  });

  it("refuses a stream past max_clients with 503, and takes one again when a client leaves", async () => {
    await start({ max_clients: 2 });
    const a = await sse();
    await sse();
    await assert.rejects(sse(), (e: { status?: number }) => e.status === 503);
    assert.equal(metrics.get("web_clients_refused", { sink: "web" }), 1);
    a.close();
    await waitFor(() => sink.hub.size === 1, "the hub to notice the client left");
    await sse();
  });

  it("sends a backlog to a new page and resumes a reconnecting one after its Last-Event-ID", async () => {
    await start({ backlog: 3 });
    for (let i = 0; i < 10; i++) {
      const { msg, summary } = message(i % 2 ? "bodhi" : "fas");
      sink.offer(msg, summary, NO_TICKET);
    }
    const fresh = await sse();
    await waitFor(() => fresh.events.length === 3, "the backlog");
    assert.deepEqual(rowsOf(fresh.events), [{ seq: 8 }, { seq: 9 }, { seq: 10 }], "oldest first on the wire (the page puts each on top)");
    const back = await sse("/events?service=bodhi", { "last-event-id": "5" });
    await waitFor(() => back.events.length === 3, "the missed bodhi rows");
    assert.deepEqual(rowsOf(back.events), [{ seq: 6 }, { seq: 8 }, { seq: 10 }]);
  });

  it("gives a slow browser its rows in order with one 'skipped' row for what did not fit, and keeps the queue bounded", async () => {
    const bufferBytes = 16 * 1024;
    await start({ client_buffer_bytes: bufferBytes, client_stall_max_ms: 60_000, backlog: 0 });
    const slow = await sse();
    const fast = await sse();
    slow.pause();
    // Enough to fill the kernel's socket buffers on loopback (several MiB) before our queue even starts.
    const total = 8000;
    let maxPending = 0;
    for (let i = 0; i < total; i++) {
      const { msg, summary } = message("koji", 900);
      sink.offer(msg, summary, NO_TICKET);
      maxPending = Math.max(maxPending, sink.hub.pendingBytes);
      assert.equal(sink.hub.peakPendingBytes >= maxPending, true);
      // Let the fast reader (in this same process) read now and then, as a real browser would.
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    // Each browser's queue holds at most bufferBytes (plus the one "skipped" frame); two browsers here.
    maxPending = sink.hub.peakPendingBytes;
    assert.ok(maxPending <= 2 * (bufferBytes + 100), `queued ${maxPending} bytes for two browsers (bound ${bufferBytes} each)`);
    assert.ok(metrics.get("web_rows_skipped", { sink: "web" }) > 0, "the slow browser could not take them all");
    slow.resume();
    const accounted = (r: SseReader) => rowsOf(r.events).reduce((s, x) => s + ("seq" in x ? 1 : x.skipped), 0);
    await waitFor(() => accounted(slow) === total && accounted(fast) === total, "both streams to account for every row", 20_000);
    assert.deepEqual(
      rowsOf(fast.events),
      Array.from({ length: total }, (_, i) => ({ seq: i + 1 })),
      "a browser that keeps up gets everything",
    );
    // In order, and each skipped row stands exactly for the rows missing at its place.
    let expect = 1;
    let skippedRows = 0;
    for (const x of rowsOf(slow.events)) {
      if ("seq" in x) {
        assert.equal(x.seq, expect, "rows in order, no silent gap");
        expect++;
      } else {
        assert.equal(x.through, expect + x.skipped - 1, "a skipped row covers the gap up to its `through`");
        expect += x.skipped;
        skippedRows++;
      }
    }
    assert.equal(expect, total + 1);
    assert.ok(skippedRows >= 1);
  });

  it("disconnects a browser that reads nothing for client_stall_max_ms", async () => {
    await start({ client_buffer_bytes: 8 * 1024, client_stall_max_ms: 300, backlog: 0 });
    const stuck = await sse();
    stuck.pause();
    const timer = setInterval(() => {
      for (let i = 0; i < 50; i++) {
        const { msg, summary } = message("koji", 900);
        sink.offer(msg, summary, NO_TICKET);
      }
    }, 20);
    try {
      await waitFor(
        () => metrics.get("web_clients_cut", { sink: "web", reason: "stalled" }) === 1,
        "the stalled browser to be cut",
        15_000,
      );
      assert.equal(sink.hub.size, 0);
      assert.equal(sink.hub.pendingBytes, 0, "its queue is released");
    } finally {
      clearInterval(timer);
    }
  });
});
