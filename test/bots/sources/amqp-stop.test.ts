/**
 * Stopping the AMQP source while a reconnect is in its handshake (hostile
 * review): the connect that finishes afterwards must not start a consumer.
 */
import { strict as assert } from "node:assert";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { calendarBody, FEDOCAL_HEADERS, withProxiedBroker } from "../../helpers/amqp.js";
import { waitFor } from "../../helpers/collect.js";

/** How long the proxy holds a new connection's bytes: the handshake is still running when the source stops. */
const HANDSHAKE_DELAY_MS = 1500;

describe("AMQP source stopped while connecting @integration", function () {
  this.timeout(20_000);
  const t = withProxiedBroker({ declare: true });

  for (const how of ["stop then close", "close alone"] as const) {
    it(`starts no consumer after the stop (${how})`, async () => {
      const { broker, proxy } = t;
      proxy.down();
      const metrics = new Metrics();
      let got = 0;
      const source = (t.source = new AmqpSource({
        amqp: t.config({ reconnect_ms: 100, reconnect_max_ms: 100 }),
        log: silentLogger(),
        metrics,
      }));
      await source.start((input) => {
        got++;
        input.settle?.("done");
      });
      proxy.delay(HANDSHAKE_DELAY_MS);
      proxy.up();
      await waitFor(() => source.health().detail.startsWith("connecting"), "a reconnect in its handshake");
      if (how === "stop then close") await source.stop();
      await source.close();
      // Past the end of the held handshake: a connect that went on would be consuming by now.
      await new Promise((r) => setTimeout(r, HANDSHAKE_DELAY_MS + 1000));
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), {
        messageId: "after-close",
        headers: FEDOCAL_HEADERS,
      });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(got, 0);
      assert.equal(metrics.get("amqp_consumes"), 0);
      assert.equal(source.health().detail, "closed");
      assert.equal((await broker.ch.checkQueue(broker.queue)).consumerCount, 0);
      assert.equal(await broker.ready(), 1, "the message waits in the queue");
    });
  }
});
