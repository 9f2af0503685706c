/**
 * Deliveries the AMQP source gives back or tells apart (hostile review): a
 * requeue after a stage error is processed again, not taken for a duplicate;
 * an empty message_id is no id.
 */
import { strict as assert } from "node:assert";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { runBot, type RunningBot } from "../../../bots/run.js";
import type { Sink } from "../../../bots/sink.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { botConfig, calendarBody, FEDOCAL_HEADERS, sourceConfig, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { waitFor } from "../../helpers/collect.js";

describe("AMQP source redeliveries @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;
  let bot: RunningBot | undefined;

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare();
  });
  afterEach(async () => {
    await bot?.stop("test");
    bot = undefined;
    await broker.close();
  });

  it("processes the requeue after a stage error instead of acking it as a duplicate", async () => {
    let calls = 0;
    const shown: string[] = [];
    const sink: Sink = {
      name: "s",
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      wantsTopic: () => {
        if (calls++ === 0) throw new Error("transient failure in a stage");
        return true;
      },
      offer: (m, _s, t) => {
        shown.push(String(m.id));
        t.settle("sent");
      },
    };
    const metrics = new Metrics();
    bot = await runBot({ config: botConfig(broker), log: silentLogger(), metrics, sinks: [sink] });
    await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), { messageId: "m1", headers: FEDOCAL_HEADERS });
    await waitFor(() => metrics.get("amqp_acked") + metrics.get("amqp_rejected") >= 1, "the redelivery settled");
    assert.equal(metrics.get("amqp_requeued"), 1);
    assert.equal(metrics.get("duplicates"), 0);
    assert.deepEqual(shown, ["m1"]);
  });

  it('treats message_id "" as no id: two such messages are both shown, not coalesced', async () => {
    const shown: string[] = [];
    const sink: Sink = {
      name: "s",
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      wantsTopic: () => true,
      offer: (m, _s, t) => {
        shown.push(`${(m.body as { calendar: { calendar_name: string } }).calendar.calendar_name}:${String(m.id)}`);
        t.settle("sent");
      },
    };
    const metrics = new Metrics();
    bot = await runBot({ config: botConfig(broker), log: silentLogger(), metrics, sinks: [sink] });
    for (const n of [1, 2])
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(n), { messageId: "", headers: FEDOCAL_HEADERS });
    await waitFor(() => metrics.get("amqp_acked") >= 2, "both acked");
    assert.deepEqual(shown.sort(), ["Cal-1:null", "Cal-2:null"]);
  });
  it("ignores a publisher's x-delivery-count on a classic queue, which never sets it, even on a real redelivery", async () => {
    const metrics = new Metrics();
    let deliveries = 0;
    const source = new AmqpSource({ amqp: sourceConfig(broker), log: silentLogger(), metrics });
    try {
      await source.start((input) => {
        if (input.kind !== "amqp") return;
        if (deliveries++ === 0) throw new RangeError("a stage failed");
        input.settle?.("done");
      });
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), {
        messageId: "m1",
        headers: { ...FEDOCAL_HEADERS, "x-delivery-count": 99 },
      });
      await waitFor(() => metrics.get("amqp_acked") === 1, "the retry acked");
      assert.equal(deliveries, 2);
      assert.equal(metrics.get("amqp_redeliveries"), 0);
    } finally {
      await source.close();
    }
  });
});
