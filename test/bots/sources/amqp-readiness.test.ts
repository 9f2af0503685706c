/**
 * The AMQP source reports readiness (`/readyz`): not ready until it consumes, not ready while it
 * reconnects (broker down at start, connection cut) or while the broker refuses its queue's
 * re-declare (406: it consumes nothing), ready again once the consumer is back. `/healthz` stays a
 * liveness answer (200 while the process lives) and names the real cause in its body.
 * The broker is taken away by a loopback TCP proxy: the shared RabbitMQ is never restarted.
 */
import { strict as assert } from "node:assert";
import amqp from "amqplib";
import { silentLogger } from "../../../bots/log.js";
import { startMetricsServer } from "../../../bots/metrics-http.js";
import { Metrics } from "../../../bots/metrics.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { AMQP_URL, withProxiedBroker } from "../../helpers/amqp.js";
import { waitFor } from "../../helpers/collect.js";

describe("AMQP source: readiness @integration", function () {
  this.timeout(20_000);
  const t = withProxiedBroker();

  const amqpState = (metrics: Metrics) => metrics.readiness.state().components.find((c) => c.kind === "source" && c.name === "amqp");

  it("is not ready while the broker is down at start or cut, and ready while consuming", async () => {
    const { proxy } = t;
    proxy.down();
    const metrics = new Metrics();
    const source = new AmqpSource({ amqp: t.config({ reconnect_ms: 50, reconnect_max_ms: 400 }), log: silentLogger(), metrics });
    t.source = source;
    await source.start((input) => input.settle?.("done"));
    const http = await startMetricsServer("127.0.0.1:0", metrics, silentLogger(), () => [{ name: source.name, ...source.health() }]);
    try {
      await waitFor(() => metrics.get("amqp_reconnects") >= 2, "several attempts");
      const down = await fetch(`http://${http.address}/readyz`);
      const downText = await down.text();
      assert.equal(down.status, 503, downText);
      assert.match(downText, /source amqp: not ready \(broker unreachable/);
      assert.equal(metrics.get("ready", { kind: "source", name: "amqp" }), 0);
      const live = await fetch(`http://${http.address}/healthz`);
      assert.equal(live.status, 200, "liveness: the process lives");
      assert.match(await live.text(), /amqp: NOT OK: broker unreachable, retry \d+/);

      proxy.up();
      await waitFor(() => amqpState(metrics)?.ready === true, "ready once consuming");
      assert.equal((await fetch(`http://${http.address}/readyz`)).status, 200);

      proxy.cut();
      await waitFor(() => amqpState(metrics)?.ready === false, "not ready after the cut");
      await waitFor(() => amqpState(metrics)?.ready === true, "ready again once the consumer is back");
      assert.ok(metrics.get("amqp_consumes") >= 2);
      assert.equal((await fetch(`http://${http.address}/readyz`)).status, 200);
    } finally {
      await http.close();
    }
  });

  it("is not ready while the broker refuses the queue's re-declare (406), and says so rather than 'unreachable'", async () => {
    const { broker, proxy } = t;
    const metrics = new Metrics();
    const source = new AmqpSource({ amqp: t.config({ reconnect_ms: 50, reconnect_max_ms: 400 }), log: silentLogger(), metrics });
    t.source = source;
    await source.start((input) => input.settle?.("done"));
    const http = await startMetricsServer("127.0.0.1:0", metrics, silentLogger(), () => [{ name: source.name, ...source.health() }]);
    const admin = await amqp.connect(AMQP_URL);
    try {
      assert.equal(amqpState(metrics)?.ready, true);
      // The queue deleted and declared again by someone else with other arguments: the consumer is
      // cancelled, and every re-declare of the source is refused (PRECONDITION_FAILED).
      // The proxy is down meanwhile, so that the source cannot declare it first.
      proxy.down();
      proxy.cut();
      const ch = await admin.createChannel();
      await ch.deleteQueue(broker.queue);
      await ch.assertQueue(broker.queue, { durable: true, arguments: { "x-max-length": 7 } });
      proxy.up();
      const before = metrics.get("amqp_reconnects");
      await waitFor(() => metrics.get("amqp_reconnects") >= before + 3, "several refused attempts");
      const state = amqpState(metrics);
      assert.ok(state);
      assert.equal(state.ready, false);
      assert.match(state.detail ?? "", /queue declare refused/);
      const ready = await fetch(`http://${http.address}/readyz`);
      assert.equal(ready.status, 503);
      assert.match(await ready.text(), /PRECONDITION_FAILED/);
      const live = await fetch(`http://${http.address}/healthz`);
      assert.equal(live.status, 200);
      const text = await live.text();
      assert.match(text, /amqp: NOT OK: queue declare refused/);
      assert.doesNotMatch(text, /unreachable/);

      // The queue as the source wants it again: it consumes, and is ready.
      await ch.deleteQueue(broker.queue);
      await waitFor(() => amqpState(metrics)?.ready === true, "ready again once the declare is accepted");
      assert.equal((await fetch(`http://${http.address}/readyz`)).status, 200);
      assert.equal(await (await fetch(`http://${http.address}/healthz`)).text(), "ok\n");
    } finally {
      await admin.close().catch(() => undefined);
      await http.close();
    }
  });
});
