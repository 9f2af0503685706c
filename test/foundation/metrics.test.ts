import { strict as assert } from "node:assert";
import { silentLogger } from "../../bots/log.js";
import { parseListen, startMetricsServer } from "../../bots/metrics-http.js";
import { Metrics } from "../../bots/metrics.js";

describe("metrics", () => {
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
    log.info({ sasl_password: "s1", nickserv_password: "s2", server_password: "s3", access_token: "s4", account: { access_token: "s5", password: "s6" } }, "x");
    log.flush();
    await new Promise((r) => setImmediate(r));
    assert.match(text, /"msg":"x"/);
    for (const secret of ["s1", "s2", "s3", "s4", "s5", "s6"]) assert.doesNotMatch(text, new RegExp(`"${secret}"`));
  });
});
