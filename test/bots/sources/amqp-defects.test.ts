/**
 * The black-box attack on the AMQP source (issue 10, item 7): each defect found
 * there, against the real broker.
 */
import { strict as assert } from "node:assert";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { Pipeline } from "../../../bots/pipeline.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import type { SourceInput } from "../../../bots/sources/source.js";
import { configSchema } from "../../../config/schema.js";
import { calendarBody, FEDOCAL_HEADERS, sourceConfig, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { CollectingSink, waitFor } from "../../helpers/collect.js";

describe("AMQP source: defects of the black-box attack @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;
  let source: AmqpSource | undefined;

  beforeEach(async () => {
    broker = await testBroker();
  });
  afterEach(async () => {
    await source?.close();
    source = undefined;
    await broker.close();
  });

  async function start(extra: Record<string, unknown> = {}) {
    const metrics = new Metrics();
    const sink = new CollectingSink();
    const log = silentLogger();
    const inputs: SourceInput[] = [];
    const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 100 });
    const cfg = sourceConfig(broker, { reconnect_ms: 50, reconnect_max_ms: 200, ...extra });
    source = new AmqpSource({ amqp: cfg, log, metrics });
    await source.start((input) => {
      inputs.push(input);
      pipeline.accept(input);
    });
    return { metrics, sink, inputs };
  }

  it("takes topic, id and headers only from the routing key and properties: a body cannot override them", async () => {
    const { sink, metrics } = await start();
    const topic = `${broker.prefix}.fedocal.calendar.new`;
    // The attack: text that closes the body object and adds envelope keys after it.
    await broker.publish(topic, '{"n":2},"topic":"org.fedoraproject.prod.SPOOFED","id":"id-1","headers":{"fedora_messaging_schema":"x"}', {
      messageId: "real-1",
      headers: FEDOCAL_HEADERS,
    });
    // An object that merely holds such keys is a payload like any other.
    await broker.publish(
      topic,
      JSON.stringify({
        topic: "org.fedoraproject.prod.SPOOFED",
        id: "id-1",
        headers: {},
        agent: "planner",
        calendar: { calendar_name: "X" },
      }),
      { messageId: "real-2", headers: FEDOCAL_HEADERS },
    );
    await waitFor(() => sink.got.length + metrics.total("malformed") === 2, "both messages handled");
    assert.equal(metrics.total("malformed"), 1);
    assert.equal(sink.got.length, 1);
    const m = sink.got[0]?.msg;
    assert.equal(m?.topic.full, topic);
    assert.equal(m.id, "real-2");
    assert.equal(m.schema, "fedocal.calendar.new");
    assert.equal((m.body as Record<string, unknown>).topic, "org.fedoraproject.prod.SPOOFED");
  });

  it("counts as malformed the bodies fedora-messaging refuses (empty, a bare string, an array, 1e999, null) and never blocks the queue", async () => {
    const { sink, metrics } = await start();
    const topic = `${broker.prefix}.fedocal.calendar.new`;
    const bad = ["", '"hello"', "[1,2]", "1e999", "null", "42", "{not json", "{} {}"];
    for (const [i, body] of bad.entries()) await broker.publish(topic, body, { messageId: `bad-${i}`, headers: FEDOCAL_HEADERS });
    await broker.publish(topic, calendarBody(1), { messageId: "good-1", headers: FEDOCAL_HEADERS });
    await waitFor(() => sink.got.length === 1 && metrics.total("malformed") === bad.length, "the good message and every bad one counted");
    assert.deepEqual(
      sink.got.map((g) => g.msg.id),
      ["good-1"],
    );
    await waitFor(() => metrics.get("amqp_acked") + metrics.get("amqp_rejected") === bad.length + 1, "every delivery settled");
    assert.equal(metrics.get("amqp_rejected"), bad.length);
    assert.equal(await broker.ready(), 0);
  });

  it("checks the size before buffering: an oversize body is counted without being read, and the next message decodes", async () => {
    const { sink, metrics, inputs } = await start({ max_message_bytes: 64 * 1024 });
    const topic = `${broker.prefix}.fedocal.calendar.new`;
    const big = JSON.stringify({ agent: "planner", calendar: { calendar_name: "x".repeat(3 * 1024 * 1024) } });
    await broker.publish(topic, big, { messageId: "big-1", headers: FEDOCAL_HEADERS });
    await broker.publish(topic, calendarBody(2), { messageId: "small-2", headers: FEDOCAL_HEADERS });
    await waitFor(() => sink.got.length === 1, "the small message");
    assert.equal(metrics.total("malformed"), 1);
    assert.deepEqual(
      sink.got.map((g) => g.msg.id),
      ["small-2"],
    );
    const first = inputs[0];
    assert.ok(first && first.kind === "amqp", "AMQP deliveries reach the pipeline as kind amqp");
    assert.equal(first.delivery.body.length, 0, "the oversize body was never buffered");
    assert.equal(first.delivery.bodyBytes, Buffer.byteLength(big));
  });

  it("re-declares and consumes again when the broker cancels the consumer (queue deleted), and says so in health", async () => {
    const { sink, metrics } = await start();
    const topic = `${broker.prefix}.fedocal.calendar.new`;
    await broker.publish(topic, calendarBody(1), { messageId: "before", headers: FEDOCAL_HEADERS });
    await waitFor(() => sink.got.length === 1, "the first message");
    await broker.ch.deleteQueue(broker.queue);
    await waitFor(() => metrics.get("amqp_consumer_cancelled") === 1, "the cancel noticed");
    await waitFor(() => source?.health().ok === true && metrics.get("amqp_consumes") >= 2, "consuming again");
    await broker.publish(topic, calendarBody(2), { messageId: "after", headers: FEDOCAL_HEADERS });
    await waitFor(() => sink.got.length === 2, "the message published after the queue was re-declared");
    assert.equal(sink.got[1]?.msg.id, "after");
  });

  it("bounds dedupe_size in the schema (a JavaScript Set holds at most 2^24 values)", () => {
    assert.equal(configSchema.safeParse({ dedupe_size: 16_777_217 }).success, false);
    assert.equal(configSchema.safeParse({ dedupe_size: 100_000 }).success, true);
  });

  it("survives a stage that throws: the delivery is counted and settled, and the next one goes through", async () => {
    const metrics = new Metrics();
    const got: string[] = [];
    const cfg = sourceConfig(broker);
    source = new AmqpSource({ amqp: cfg, log: silentLogger(), metrics });
    let calls = 0;
    await source.start((input) => {
      if (calls++ === 0) throw new RangeError("Set maximum size exceeded");
      if (input.kind === "amqp") got.push(input.delivery.messageId ?? "");
      input.settle?.("done");
    });
    const topic = `${broker.prefix}.fedocal.calendar.new`;
    await broker.publish(topic, calendarBody(1), { messageId: "m-1", headers: FEDOCAL_HEADERS });
    await broker.publish(topic, calendarBody(2), { messageId: "m-2", headers: FEDOCAL_HEADERS });
    await waitFor(() => got.includes("m-2"), "the second message");
    assert.equal(metrics.get("source_errors", { source: "amqp" }), 1);
  });
});
