import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { Pipeline } from "../../../bots/pipeline.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { amqpSchema } from "../../../config/schema.js";
import { CollectingSink, waitFor } from "../../helpers/collect.js";

const URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";

describe("AMQP source (RabbitMQ) @integration", function () {
  this.timeout(30_000);
  let conn: amqp.ChannelModel;
  let ch: amqp.Channel;
  const queue = `fedmsg-echo-test-${randomUUID()}`;
  const key = `org.fedoraproject.test.fedmsg-echo.${randomUUID().slice(0, 8)}.#`;

  before(async () => {
    conn = await amqp.connect(URL);
    ch = await conn.createChannel();
  });
  after(async () => {
    await ch.deleteQueue(queue).catch(() => undefined);
    await conn.close();
  });

  function start() {
    const metrics = new Metrics();
    const sink = new CollectingSink();
    const log = silentLogger();
    const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 100 });
    const source = new AmqpSource({ amqp: amqpSchema.parse({ url: URL, routing_keys: [key], queue }), log, metrics });
    return { metrics, sink, source, pipeline };
  }

  const publish = (topic: string, body: string, headers: Record<string, unknown>, messageId: string) =>
    ch.publish("amq.topic", topic, Buffer.from(body), { headers, messageId, contentType: "application/json" });

  it("decodes headers, schema, id and body; skips a body that is not JSON; keeps messages in a durable queue while down", async () => {
    const base = key.slice(0, -2);
    const first = start();
    await first.source.start(first.pipeline.accept);
    publish(
      `${base}.fedocal.calendar.new`,
      JSON.stringify({ agent: "planner", calendar: { calendar_name: "Design" } }),
      { fedora_messaging_schema: "fedocal.calendar.new", fedora_messaging_user_planner: true },
      "id-1",
    );
    publish(`${base}.broken`, "{not json", {}, "id-2");
    publish(
      `${base}.fedocal.calendar.new`,
      JSON.stringify({ agent: "planner", calendar: { calendar_name: "QA" } }),
      { fedora_messaging_schema: "fedocal.calendar.new" },
      "id-3",
    );
    await waitFor(() => first.sink.got.length === 2, "two good messages");
    const m = first.sink.got[0]?.msg;
    assert.equal(m?.era, "fedora-messaging");
    assert.equal(m.id, "id-1");
    assert.equal(m.schema, "fedocal.calendar.new");
    assert.equal(m.topic.full, `${base}.fedocal.calendar.new`);
    assert.deepEqual(m.body, { agent: "planner", calendar: { calendar_name: "Design" } });
    assert.equal(first.metrics.total("malformed"), 1);
    await first.source.close();

    // While the bot is down, the durable queue keeps what is published.
    publish(
      `${base}.fedocal.calendar.new`,
      JSON.stringify({ agent: "planner", calendar: { calendar_name: "Kernel" } }),
      { fedora_messaging_schema: "fedocal.calendar.new" },
      "id-4",
    );
    const second = start();
    await second.source.start(second.pipeline.accept);
    await waitFor(() => second.sink.got.length === 1, "the message published while down");
    assert.equal(second.sink.got[0]?.msg.id, "id-4");
    await second.source.close();
  });
});
