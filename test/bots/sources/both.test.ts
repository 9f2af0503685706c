/**
 * Both buses at once (issue 10, items 5 and 6): the same message over ZeroMQ (as
 * the AMQP->ZeroMQ bridge re-publishes it, same id) and over AMQP is shown once,
 * and fedora-messaging's wire details survive the real broker.
 */
import { strict as assert } from "node:assert";
import { Publisher } from "zeromq";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { Pipeline } from "../../../bots/pipeline.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { ZmqSource } from "../../../bots/sources/zmq.js";
import { zmqSchema } from "../../../config/schema.js";
import { FEDOCAL_HEADERS, sourceConfig, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { CollectingSink, freePort, waitFor } from "../../helpers/collect.js";

describe("both sources at once @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await testBroker();
  });
  afterEach(async () => {
    await broker.close();
  });

  it("shows a message that arrives over ZeroMQ and over AMQP once, and acks the AMQP copy", async () => {
    const metrics = new Metrics();
    const sink = new CollectingSink();
    const log = silentLogger();
    const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 1000 });
    const addr = `tcp://127.0.0.1:${await freePort()}`;
    const zmq = new ZmqSource({
      endpoints: { bridge: [addr] },
      zmq: zmqSchema.parse({ reconnect_ms: 50, reconnect_max_ms: 200 }),
      log,
      metrics,
    });
    const amqpSrc = new AmqpSource({
      amqp: sourceConfig(broker),
      log,
      metrics,
    });
    const pub = new Publisher({ linger: 0 });
    await pub.bind(addr);
    await zmq.start(pipeline.accept);
    await amqpSrc.start(pipeline.accept);
    try {
      const topic = `${broker.prefix}.fedocal.calendar.new`;
      const body = { agent: "planner", calendar: { calendar_name: "Both" } };
      // PUB/SUB drops what is sent before the subscription arrives: wait for one warm-up message first.
      await waitFor(
        () => {
          void pub.send([`${topic}.warmup`, JSON.stringify({ topic: `${topic}.warmup`, msg: {}, msg_id: `warm-${Date.now()}` })]);
          return sink.got.length > 0;
        },
        "ZeroMQ subscription",
        10_000,
        50,
      );
      const ids = ["2026-both-1", "2026-both-2", "2026-both-3"];
      for (const id of ids) {
        await pub.send([topic, JSON.stringify({ topic, msg: body, msg_id: id, username: "amqp-bridge", headers: FEDOCAL_HEADERS })]);
        await broker.publish(topic, JSON.stringify(body), { messageId: id, headers: FEDOCAL_HEADERS });
      }
      await waitFor(() => metrics.get("amqp_acked") === 3, "the three AMQP copies acked");
      await waitFor(() => metrics.total("duplicates") === 3, "the three second copies dropped as duplicates", 5000);
      assert.deepEqual(
        sink.got.filter((g) => g.msg.topic.full === topic).map((g) => g.msg.id),
        ids,
      );
    } finally {
      pub.close();
      await zmq.stop();
      await amqpSrc.close();
    }
  });

  it("carries content_encoding, a non-UTF-8 body and the priority property through the broker", async () => {
    const metrics = new Metrics();
    const sink = new CollectingSink();
    const pipeline = new Pipeline({ sinks: [sink], log: silentLogger(), metrics, dedupeSize: 10 });
    const src = new AmqpSource({
      amqp: sourceConfig(broker),
      log: silentLogger(),
      metrics,
    });
    await src.start(pipeline.accept);
    try {
      const topic = `${broker.prefix}.fedocal.calendar.new`;
      const sentAt = "2026-11-30T10:00:00+00:00";
      await broker.publish(topic, Buffer.from('{"agent":"Jos\xe9","calendar":{"calendar_name":"Caf\xe9"}}', "latin1"), {
        messageId: "latin",
        contentEncoding: "latin-1",
        priority: 5,
        headers: { ...FEDOCAL_HEADERS, "sent-at": sentAt },
      });
      await broker.publish(topic, Buffer.from('{"agent":"Jos\xe9"}', "latin1"), {
        messageId: "mislabelled",
        contentEncoding: "utf-8",
        headers: FEDOCAL_HEADERS,
      });
      await waitFor(() => sink.got.length === 1 && metrics.total("malformed") === 1, "one decoded, one refused");
      const m = sink.got[0]?.msg;
      assert.deepEqual(m?.body, { agent: "José", calendar: { calendar_name: "Café" } });
      assert.equal(m.headers.priority, 5);
      assert.equal(m.timestamp, Date.parse(sentAt) / 1000);
      assert.match(sink.got[0]?.summary.text ?? "", /Café/);
    } finally {
      await src.close();
    }
  });
});
