/**
 * Queue options (issue 10, item 3) on the real broker: a quorum queue with a
 * single active consumer (the standby takes over), a delivery limit that stops
 * a poison message, and a queue declared with other arguments.
 */
import { strict as assert } from "node:assert";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { AmqpConfigError } from "../../../bots/sources/amqp-queue.js";
import { amqpSchema } from "../../../config/schema.js";
import { AMQP_URL, calendarBody, FEDOCAL_HEADERS, sourceConfig, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { waitFor } from "../../helpers/collect.js";
import { tcpProxy, type TcpProxy } from "../../helpers/tcp-proxy.js";

describe("AMQP source: queue options @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;
  const sources: AmqpSource[] = [];
  const proxies: TcpProxy[] = [];

  beforeEach(async () => {
    broker = await testBroker();
  });
  afterEach(async () => {
    for (const s of sources.splice(0)) await s.close();
    for (const p of proxies.splice(0)) await p.close();
    await broker.close();
  });

  interface Consumer {
    readonly source: AmqpSource;
    readonly metrics: Metrics;
  }

  async function consumer(
    extra: Record<string, unknown>,
    onMessage: (id: string, settle: () => void, self: Consumer) => void,
    url = AMQP_URL,
  ): Promise<Consumer> {
    const metrics = new Metrics();
    const cfg = sourceConfig(broker, { url, reconnect_ms: 50, reconnect_max_ms: 200, ...extra });
    const source = new AmqpSource({ amqp: cfg, log: silentLogger(), metrics });
    sources.push(source);
    await source.start((input) => {
      if (input.kind === "amqp") onMessage(input.delivery.messageId ?? "", () => input.settle?.("done"), { source, metrics });
    });
    return { source, metrics };
  }

  const publish = (id: string) =>
    broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(0), { messageId: id, headers: FEDOCAL_HEADERS });

  it("single active consumer on a quorum queue: one replica gets everything, the standby takes over when it goes", async () => {
    const a: string[] = [];
    const b: string[] = [];
    const opts = { queue_type: "quorum", single_active_consumer: true };
    const first = await consumer(opts, (id, settle) => {
      a.push(id);
      settle();
    });
    await consumer(opts, (id, settle) => {
      b.push(id);
      settle();
    });
    for (let i = 0; i < 10; i++) await publish(`m-${i}`);
    await waitFor(() => a.length === 10, "the active consumer has all ten");
    assert.equal(b.length, 0);
    await first.source.close();
    for (let i = 10; i < 20; i++) await publish(`m-${i}`);
    await waitFor(() => b.length === 10, "the standby has the next ten");
    assert.deepEqual(
      b,
      Array.from({ length: 10 }, (_, i) => `m-${i + 10}`),
    );
  });

  it("a poison message (it kills the consumer every time) is dropped by the delivery limit, and the queue goes on", async () => {
    const proxy = await tcpProxy(5672);
    proxies.push(proxy);
    const seen: string[] = [];
    let lastChances = 0;
    // Each life of the bot dies on the poison message before it can ack (its connection drops), and a new one starts.
    const life = async (): Promise<void> => {
      let dead = false;
      // prefetch 1: a crash returns what is in flight, and everything returned shares the poison's delivery count (see README).
      await consumer(
        { queue_type: "quorum", delivery_limit: 2, prefetch: 1 },
        (id, settle, { source, metrics }) => {
          if (dead) return;
          seen.push(id);
          if (id !== "poison") {
            settle();
            return;
          }
          dead = true;
          lastChances += metrics.get("amqp_last_delivery");
          proxy.cut();
          void source.close().then(life);
        },
        `amqp://guest:guest@127.0.0.1:${proxy.port}/%2F`,
      );
    };
    await life();
    await publish("poison");
    await publish("after");
    await waitFor(() => seen.includes("after"), "the message behind the poison one");
    const poisoned = seen.filter((id) => id === "poison").length;
    assert.equal(poisoned, 3, "the first delivery and two redeliveries (limit 2)");
    assert.equal(lastChances, 1, "the last delivery is counted and logged");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.filter((id) => id === "poison").length, poisoned, "not delivered again");
    assert.equal(await broker.ready(), 0);
  });

  it("stops the start, naming the keys, when the queue exists with other arguments", async () => {
    await broker.ch.assertQueue(broker.queue, { durable: true });
    const cfg = amqpSchema.parse({ url: AMQP_URL, queue: broker.queue, queue_type: "quorum" });
    const source = new AmqpSource({ amqp: cfg, log: silentLogger(), metrics: new Metrics() });
    sources.push(source);
    await assert.rejects(
      source.start(() => undefined),
      (e: unknown) => e instanceof AmqpConfigError && /amqp\.queue_type/.test(e.message),
    );
  });

  it("refuses options that need a named or quorum queue", () => {
    assert.equal(amqpSchema.safeParse({ url: AMQP_URL, queue_type: "quorum" }).success, false);
    assert.equal(amqpSchema.safeParse({ url: AMQP_URL, single_active_consumer: true }).success, false);
    assert.equal(amqpSchema.safeParse({ url: AMQP_URL, queue: "q", delivery_limit: 3 }).success, false);
    assert.equal(
      amqpSchema.safeParse({ url: AMQP_URL, queue: "q", queue_type: "quorum", delivery_limit: 3, single_active_consumer: true }).success,
      true,
    );
  });
});
