/**
 * The AMQP source stays up (issue 10, item 4): a broker that is down at start is
 * retried with backoff and reported in health; a lost connection is recreated
 * with its channel, queue, bindings and consumer, and what was unacked comes back.
 * The broker is taken away by a loopback TCP proxy: the shared RabbitMQ is never restarted.
 */
import { strict as assert } from "node:assert";
import { silentLogger } from "../../../bots/log.js";
import { startMetricsServer } from "../../../bots/metrics-http.js";
import { Metrics } from "../../../bots/metrics.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import type { SourceInput } from "../../../bots/sources/source.js";
import { calendarBody, FEDOCAL_HEADERS, withProxiedBroker } from "../../helpers/amqp.js";
import { waitFor } from "../../helpers/collect.js";

describe("AMQP source: staying up @integration", function () {
  this.timeout(20_000);
  const t = withProxiedBroker();

  function make(metrics: Metrics, prefetch = 100): AmqpSource {
    t.source = new AmqpSource({ amqp: t.config({ reconnect_ms: 50, reconnect_max_ms: 400, prefetch }), log: silentLogger(), metrics });
    return t.source;
  }

  it("keeps retrying a broker that is down at start, says so in /healthz, and consumes once it is back", async () => {
    const { broker, proxy } = t;
    proxy.down();
    const metrics = new Metrics();
    const got: string[] = [];
    const source = make(metrics);
    await source.start((input) => {
      if (input.kind === "amqp") got.push(input.delivery.messageId ?? "");
      input.settle?.("done");
    });
    const http = await startMetricsServer("127.0.0.1:0", metrics, silentLogger(), () => [{ name: source.name, ...source.health() }]);
    try {
      await waitFor(() => metrics.get("amqp_reconnects") >= 3, "several attempts");
      const res = await fetch(`http://${http.address}/healthz`);
      // Liveness (README): 200 while the process lives, the outage named in the body; /readyz says not ready.
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^degraded\namqp: NOT OK: broker unreachable, retry \d+/);
      assert.equal((await fetch(`http://${http.address}/readyz`)).status, 503);
      await broker
        .publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), { messageId: "waited", headers: FEDOCAL_HEADERS })
        .catch(() => undefined);
      proxy.up();
      await waitFor(() => source.health().ok, "connected");
      // The queue did not exist before the source declared it: publish now.
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(2), { messageId: "after", headers: FEDOCAL_HEADERS });
      await waitFor(() => got.includes("after"), "a message once the broker is back");
      assert.equal(await (await fetch(`http://${http.address}/healthz`)).text(), "ok\n");
      assert.equal((await fetch(`http://${http.address}/readyz`)).status, 200);
    } finally {
      await http.close();
    }
  });

  it("recreates connection, channel, queue, bindings and consumer after a connection loss; what was unacked is delivered again", async () => {
    const { broker, proxy } = t;
    const metrics = new Metrics();
    const held: SourceInput[] = [];
    const done = new Set<string>();
    const source = make(metrics, 10);
    await source.start((input) => {
      if (input.kind !== "amqp") return;
      const id = input.delivery.messageId ?? "";
      // The first 5 stay in flight (a slow sink) until the cut; the rest are done at once.
      if (Number(id.slice(2)) < 5 && metrics.get("amqp_consumes") === 1) held.push(input);
      else {
        done.add(id);
        input.settle?.("done");
      }
    });
    for (let i = 0; i < 20; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), { messageId: `m-${i}`, headers: FEDOCAL_HEADERS });
    await waitFor(() => held.length === 5 && done.size === 15, "15 done, 5 in flight");
    proxy.cut();
    await waitFor(() => metrics.get("amqp_consumes") === 2, "consuming again");
    // The in-flight five come back from the durable queue; still in flight here, they are not shown again but wait for their first delivery.
    await waitFor(() => metrics.get("amqp_redelivered_in_flight") === 5, "the five unacked messages redelivered");
    assert.equal(done.size, 15);
    const acked = metrics.get("amqp_acked");
    for (const h of held) h.settle?.("done");
    // The first deliveries' channel is dead; the redeliveries are acked in their place.
    assert.equal(metrics.get("amqp_settled_after_reconnect"), 5);
    assert.equal(metrics.get("amqp_acked") - acked, 5);
    await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(99), { messageId: "m-99", headers: FEDOCAL_HEADERS });
    await waitFor(() => done.has("m-99"), "a new message through the re-made bindings");
    assert.equal(await broker.ready(), 0);
  });
});
