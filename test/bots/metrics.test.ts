import { strict as assert } from "node:assert";
import { silentLogger } from "../../bots/log.js";
import { parseListen, startMetricsServer } from "../../bots/metrics-http.js";
import { cleanLabelValue, Metrics } from "../../bots/metrics.js";
import { parsePrometheusText } from "../helpers/prom-text.js";

describe("metrics on prom-client", () => {
  it("keep the exposed names and values of counters and gauges, and read back synchronously", async () => {
    const m = new Metrics();
    m.inc("sink_messages", { sink: "irc:libera", outcome: "sent", channel: "#fedora-fedmsg" }, 3);
    m.inc("sink_messages", { sink: "mastodon:a", outcome: "dropped" });
    m.set("sink_queue_messages", 7, { sink: "irc:libera" });
    m.set("sink_queue_oldest_seconds", 1.5, { sink: "irc:libera" });
    assert.equal(m.total("sink_messages"), 4);
    assert.equal(m.get("sink_queue_messages", { sink: "irc:libera" }), 7);
    const page = parsePrometheusText(await m.prometheus());
    assert.equal(page.get("fedmsg_echo_sink_messages_total")?.type, "counter");
    assert.deepEqual(page.get("fedmsg_echo_sink_messages_total")?.samples, [
      { name: "fedmsg_echo_sink_messages_total", labels: { sink: "irc:libera", outcome: "sent", channel: "#fedora-fedmsg" }, value: 3 },
      { name: "fedmsg_echo_sink_messages_total", labels: { sink: "mastodon:a", outcome: "dropped" }, value: 1 },
    ]);
    assert.equal(page.get("fedmsg_echo_sink_queue_messages")?.type, "gauge");
    assert.equal(page.get("fedmsg_echo_sink_queue_oldest_seconds")?.samples[0]?.value, 1.5);
  });

  it("follow values across scrapes and take label names that appear later", async () => {
    const m = new Metrics();
    m.inc("lines_sent", { sink: "a" });
    await m.prometheus();
    m.inc("lines_sent", { sink: "a" }, 4);
    m.inc("lines_sent", { sink: "b", channel: "#x" });
    m.set("irc_connected", 1, { sink: "a" });
    m.set("irc_connected", 0, { sink: "a" });
    const page = parsePrometheusText(await m.prometheus());
    assert.deepEqual(
      page.get("fedmsg_echo_lines_sent_total")?.samples.map((s) => [s.labels, s.value]),
      [
        [{ sink: "a" }, 5],
        [{ sink: "b", channel: "#x" }, 1],
      ],
    );
    assert.equal(page.get("fedmsg_echo_irc_connected")?.samples[0]?.value, 0);
  });

  it("record histograms of bus-to-send latency per sink and formatter time per service", async () => {
    const m = new Metrics();
    m.observe("sink_latency", 0.2, { sink: "irc:libera" });
    m.observe("sink_latency_seconds", 42, { sink: "irc:libera" });
    m.observe("format", 0.00003, { service: "buildsys" });
    const page = parsePrometheusText(await m.prometheus());
    const latency = page.get("fedmsg_echo_sink_latency_seconds");
    assert.equal(latency?.type, "histogram");
    const bucket = (le: string) => latency.samples.find((s) => s.name.endsWith("_bucket") && s.labels.le === le)?.value;
    assert.equal(bucket("0.1"), 0);
    assert.equal(bucket("0.25"), 1);
    assert.equal(bucket("60"), 2);
    assert.equal(latency.samples.find((s) => s.name.endsWith("_sum"))?.value, 42.2);
    const format = page.get("fedmsg_echo_format_seconds");
    assert.deepEqual(format?.samples.find((s) => s.name.endsWith("_count"))?.labels, { service: "buildsys" });
  });

  it("refuse a histogram observation with label names it was not made with, and count it", async () => {
    const m = new Metrics();
    m.observe("sink_latency", 1, { sink: "a" });
    m.observe("sink_latency", 1, { sink: "a", channel: "#c" });
    assert.equal(m.get("metrics_label_mismatches", { metric: "sink_latency" }), 1);
    parsePrometheusText(await m.prometheus());
  });

  it("write control characters in label values so that a strict parser reads the page (issue 12, finding 14)", async () => {
    const m = new Metrics();
    const names = ["irc:a\rb", "irc:a\nb", "tab\there", "nul\u0000", "del\u007f", "nel\u0085", "ls\u2028", 'q"\\', "lone\ud800"];
    for (const sink of names) {
      m.inc("lines_sent", { sink });
      m.set("irc_connected", 1, { sink });
      m.observe("sink_latency", 0.5, { sink });
    }
    const page = parsePrometheusText(await m.prometheus());
    const seen = page.get("fedmsg_echo_lines_sent_total")?.samples.map((s) => s.labels.sink);
    assert.deepEqual(seen, [
      "irc:a\\x0db",
      "irc:a\\x0ab",
      "tab\\x09here",
      "nul\\x00",
      "del\\x7f",
      "nel\\x85",
      "ls\\u2028",
      'q"\\',
      "lone\ufffd",
    ]);
    // Still one series per sink: distinct names stay distinct.
    assert.equal(new Set(seen).size, names.length);
    assert.equal(page.get("fedmsg_echo_sink_latency_seconds")?.samples.filter((s) => s.name.endsWith("_count")).length, names.length);
    assert.equal(cleanLabelValue("plain irc:libera #fedora"), "plain irc:libera #fedora");
  });

  it("write a NaN value as NaN, which prom-client spells Nan", async () => {
    const m = new Metrics();
    m.set("sink_queue_oldest_seconds", NaN, { sink: "a" });
    const text = await m.prometheus();
    assert.match(text, /^fedmsg_echo_sink_queue_oldest_seconds\{sink="a"\} NaN$/m);
    assert.ok(Number.isNaN(parsePrometheusText(text).get("fedmsg_echo_sink_queue_oldest_seconds")?.samples[0]?.value));
  });

  it("the strict reader refuses a raw CR, a bad escape and a duplicate series", () => {
    assert.throws(() => parsePrometheusText('x{a="b\rc"} 1\n'), /control character U\+000d/);
    assert.throws(() => parsePrometheusText('x{a="b\\tc"} 1\n'), /bad escape/);
    assert.throws(() => parsePrometheusText('x{a="b"} 1\nx{a="b"} 2\n'), /duplicate series/);
    assert.equal(parsePrometheusText('# TYPE x counter\nx{a="b\\\\ \\"q\\" \\n"} 1\n').get("x")?.samples[0]?.labels.a, 'b\\ "q" \n');
  });

  it("keep instances independent: no shared global registry", async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.inc("received");
    a.observe("format", 0.001, { service: "x" });
    b.observe("format", 0.001, { service: "y" });
    assert.equal(b.get("received"), 0);
    const pageB = await b.prometheus();
    assert.doesNotMatch(pageB, /received/);
    assert.doesNotMatch(pageB, /service="x"/);
  });

  it("serve process metrics and the histograms on /metrics, and readiness on /readyz", async () => {
    const m = new Metrics();
    m.observe("format", 0.0001, { service: "koji" });
    const server = await startMetricsServer("127.0.0.1:0", m, silentLogger());
    try {
      const base = `http://${server.address}`;
      const page = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
      for (const name of [
        "process_resident_memory_bytes",
        "nodejs_eventloop_lag_seconds",
        "nodejs_gc_duration_seconds",
        "fedmsg_echo_format_seconds",
      ]) {
        assert.ok(page.has(name), `${name} on /metrics`);
      }
      let res = await fetch(`${base}/readyz`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /^not ready\nno source or sink has reported yet\n$/);

      const source = m.readiness.register("source", "zmq");
      const sink = m.readiness.register("sink", "irc:libera");
      source.set(true, "1 of 1 publishers connected");
      res = await fetch(`${base}/readyz`);
      assert.equal(res.status, 503);
      assert.equal(await res.text(), "not ready\nsink irc:libera: not ready (starting)\nsource zmq: ready (1 of 1 publishers connected)\n");
      sink.set(true);
      res = await fetch(`${base}/readyz`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^ready\n/);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      // Each component's state is a gauge too.
      assert.match(await m.prometheus(), /^fedmsg_echo_ready\{kind="sink",name="irc:libera"\} 1$/m);
      sink.set(false, "disconnected from irc.libera.chat: ECONNRESET");
      res = await fetch(`${base}/readyz`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /sink irc:libera: not ready \(disconnected from irc\.libera\.chat: ECONNRESET\)/);
      sink.remove();
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe("metrics exposition and HTTP routes", () => {
  it("count with labels and render the Prometheus text format", async () => {
    const m = new Metrics();
    m.inc("lines_sent", { sink: "irc:irc.libera.chat:6697" });
    m.inc("lines_sent", { sink: "irc:irc.libera.chat:6697" }, 2);
    m.inc("lines_sent", { sink: 'odd "name"' });
    m.set("irc_connected", 1, { sink: "irc:a" });
    m.inc("received");
    assert.equal(m.get("lines_sent", { sink: "irc:irc.libera.chat:6697" }), 3);
    assert.equal(m.total("lines_sent"), 4);
    assert.equal(
      await m.prometheus(),
      [
        "# HELP fedmsg_echo_irc_connected fedmsg-echo gauge irc_connected.",
        "# TYPE fedmsg_echo_irc_connected gauge",
        'fedmsg_echo_irc_connected{sink="irc:a"} 1',
        "",
        "# HELP fedmsg_echo_lines_sent_total fedmsg-echo counter lines_sent.",
        "# TYPE fedmsg_echo_lines_sent_total counter",
        'fedmsg_echo_lines_sent_total{sink="irc:irc.libera.chat:6697"} 3',
        'fedmsg_echo_lines_sent_total{sink="odd \\"name\\""} 1',
        "",
        "# HELP fedmsg_echo_received_total fedmsg-echo counter received.",
        "# TYPE fedmsg_echo_received_total counter",
        "fedmsg_echo_received_total 1",
        "",
      ].join("\n"),
    );
  });

  it("are served on /metrics, with /healthz, over HTTP", async () => {
    const m = new Metrics();
    m.inc("received", { origin: "zmq" }, 5);
    const server = await startMetricsServer("127.0.0.1:0", m, silentLogger());
    try {
      const res = await fetch(`http://${server.address}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      assert.match(await res.text(), /^fedmsg_echo_received_total\{origin="zmq"\} 5$/m);
      assert.equal(await (await fetch(`http://${server.address}/healthz`)).text(), "ok\n");
      assert.equal((await fetch(`http://${server.address}/nope`)).status, 404);
      assert.equal((await fetch(`http://${server.address}/metrics`, { method: "POST" })).status, 405);
    } finally {
      await server.close();
    }
  });

  it("parse host:port listen addresses", () => {
    assert.deepEqual(parseListen("127.0.0.1:9464"), { host: "127.0.0.1", port: 9464 });
    assert.deepEqual(parseListen("[::1]:9464"), { host: "::1", port: 9464 });
    assert.throws(() => parseListen("9464"), /host:port/);
  });
});

describe("logs", () => {
  it("redact secrets at the top level and one level down", async () => {
    const { PassThrough } = await import("node:stream");
    const { createLogger } = await import("../../bots/log.js");
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const log = createLogger("info", out);
    log.info(
      {
        sasl_password: "s1",
        nickserv_password: "s2",
        server_password: "s3",
        access_token: "s4",
        account: { access_token: "s5", password: "s6" },
      },
      "x",
    );
    log.flush();
    await new Promise((r) => setImmediate(r));
    assert.match(text, /"msg":"x"/);
    for (const secret of ["s1", "s2", "s3", "s4", "s5", "s6"]) assert.doesNotMatch(text, new RegExp(`"${secret}"`));
  });
});
