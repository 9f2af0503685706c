/**
 * The AMQP source at shutdown (hostile review): what the sinks settle while
 * draining must reach the broker as acks; what they drop must go back to the queue.
 */
import { strict as assert } from "node:assert";
import type { Ticket } from "../../../bots/flow/outcome.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { runBot } from "../../../bots/run.js";
import type { Sink } from "../../../bots/sink.js";
import { botConfig, calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { HoldingSink, waitFor } from "../../helpers/collect.js";

describe("AMQP source at shutdown @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare();
  });
  afterEach(async () => {
    await broker.close();
  });

  it("acks reach the broker for lines a sink finished while draining, right before the close", async () => {
    const held: Ticket[] = [];
    // Like a Flow: holds its tickets and sends the last lines in stop(), just before the deadline.
    const sink: Sink = {
      name: "drain",
      wantsTopic: () => true,
      start: () => Promise.resolve(),
      offer: (_m, _s, t) => void held.push(t),
      stop: () => {
        for (const t of held.splice(0)) t.settle("sent");
        return Promise.resolve();
      },
    };
    const metrics = new Metrics();
    const bot = await runBot({ config: botConfig(broker), log: silentLogger(), metrics, sinks: [sink] });
    for (let i = 0; i < 10; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), { messageId: `m${i}`, headers: FEDOCAL_HEADERS });
    await waitFor(() => held.length === 10, "10 messages held by the sink");
    await bot.stop("test");
    assert.equal(metrics.get("amqp_acked"), 10);
    // Every line was sent: nothing may come back to be said twice by the next run.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await broker.ready(), 0);
  });

  it("gives back every message a sink dropped at shutdown, with an id, without one, or with an empty one", async () => {
    const sink = new HoldingSink("slow");
    const held = sink.held;
    const metrics = new Metrics();
    const bot = await runBot({ config: botConfig(broker), log: silentLogger(), metrics, sinks: [sink] });
    const topic = `${broker.prefix}.fedocal.calendar.new`;
    await broker.publish(topic, calendarBody(1), { messageId: "", headers: FEDOCAL_HEADERS });
    await broker.publish(topic, calendarBody(2), { headers: FEDOCAL_HEADERS });
    await broker.publish(topic, calendarBody(3), { messageId: "has-id", headers: FEDOCAL_HEADERS });
    await waitFor(() => held.length === 3, "3 messages held by the sink");
    await bot.stop("test");
    assert.equal(metrics.get("amqp_acked"), 0);
    assert.equal(metrics.get("amqp_requeued"), 3);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await broker.ready(), 3);
  });
});
