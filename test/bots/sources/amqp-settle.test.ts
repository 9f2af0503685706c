/**
 * How the AMQP source settles a delivery (amqp-settle.ts): a give-back at shutdown
 * is a nack ("not processed": from RabbitMQ 4.3 it does not count against a quorum
 * queue's delivery limit), a stage failure a reject with requeue (a failure: it
 * counts), a malformed body a reject without requeue; and a broker before 4.3 is
 * warned about once, since there every give-back counts.
 */
import { strict as assert } from "node:assert";
import { PassThrough } from "node:stream";
import amqp from "amqplib";
import { createLogger, silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { runBot } from "../../../bots/run.js";
import { AmqpSource } from "../../../bots/sources/amqp.js";
import { brokerVersion, givebackWarning, settleDelivery, type Settlement } from "../../../bots/sources/amqp-settle.js";
import { amqpSchema, configSchema } from "../../../config/schema.js";
import { AMQP_URL, calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { HoldingSink, waitFor } from "../../helpers/collect.js";

/** A channel that records the methods called on it. */
function fakeChannel() {
  const calls: string[] = [];
  return {
    calls,
    ch: {
      ack: () => void calls.push("ack"),
      nack: (_m: unknown, allUpTo?: boolean, requeue?: boolean) => void calls.push(`nack(${allUpTo},${requeue})`),
      reject: (_m: unknown, requeue?: boolean) => void calls.push(`reject(${requeue})`),
    },
  };
}

const quorum = (over: Record<string, unknown> = {}) =>
  amqpSchema.parse({ url: AMQP_URL, queue: "q", queue_type: "quorum", delivery_limit: 5, ...over });

describe("AMQP settlements", () => {
  it("a give-back is a nack with requeue, a retry a reject with requeue, a malformed body a reject without", () => {
    const expected: Record<Settlement, string> = {
      ack: "ack",
      giveback: "nack(false,true)",
      retry: "reject(true)",
      drop: "reject(false)",
    };
    for (const [how, call] of Object.entries(expected) as [Settlement, string][]) {
      const f = fakeChannel();
      settleDelivery(f.ch, {} as amqp.Message, how);
      assert.deepEqual(f.calls, [call], how);
    }
  });

  it("reads the broker's version from the server properties", () => {
    assert.deepEqual(brokerVersion({ version: "3.10.8" }), [3, 10]);
    assert.deepEqual(brokerVersion({ version: Buffer.from("4.3.0-rc.1") }), [4, 3]);
    assert.equal(brokerVersion({ version: "unknown" }), null);
    assert.equal(brokerVersion(undefined), null);
  });

  it("warns about a quorum queue's delivery limit only on a broker before 4.3", () => {
    assert.match(givebackWarning(quorum(), { version: "3.10.8" }) ?? "", /RabbitMQ 3\.10 counts every message given back.*\(5\)/);
    assert.match(givebackWarning(quorum({ delivery_limit: null }), { version: "4.1.2" }) ?? "", /\(20, the broker's default\)/);
    assert.equal(givebackWarning(quorum({ delivery_limit: null }), { version: "3.13.7" }), null, "no limit before 4.0 unless set");
    assert.equal(givebackWarning(quorum(), { version: "4.3.0" }), null);
    assert.equal(givebackWarning(quorum(), { version: "5.0.1" }), null);
    assert.equal(givebackWarning(quorum({ queue_type: "classic", delivery_limit: null }), { version: "3.10.8" }), null);
    assert.equal(givebackWarning(quorum(), {}), null, "an unreadable version is not guessed at");
  });
});

describe("AMQP settlements on the broker @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;
  const calls: string[] = [];
  // amqplib's promise API: every channel shares one Channel prototype; record what the source calls on them.
  let restore: (() => void) | undefined;

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare({ "x-queue-type": "quorum", "x-delivery-limit": 5 });
    calls.length = 0;
    const probe = await broker.conn.createChannel();
    const p = Object.getPrototypeOf(probe) as Record<string, (...a: unknown[]) => unknown>;
    await probe.close();
    const nack = p.nack;
    const reject = p.reject;
    p.nack = function (this: unknown, ...a: unknown[]) {
      calls.push(`nack(${String(a[1])},${String(a[2])})`);
      return nack?.apply(this, a);
    };
    p.reject = function (this: unknown, ...a: unknown[]) {
      calls.push(`reject(${String(a[1])})`);
      return reject?.apply(this, a);
    };
    restore = () => {
      p.nack = nack as (...a: unknown[]) => unknown;
      p.reject = reject as (...a: unknown[]) => unknown;
    };
  });
  afterEach(async () => {
    restore?.();
    await broker.close();
  });

  const cfg = (over: Record<string, unknown> = {}) =>
    amqpSchema.parse({
      url: AMQP_URL,
      queue: broker.queue,
      routing_keys: [`${broker.prefix}.#`],
      queue_type: "quorum",
      delivery_limit: 5,
      ...over,
    });

  it("a stage error is retried with reject and requeue: the broker counts it in x-delivery-count", async () => {
    const metrics = new Metrics();
    const counts: unknown[] = [];
    const source = new AmqpSource({ amqp: cfg(), log: silentLogger(), metrics });
    try {
      await source.start((input) => {
        if (input.kind !== "amqp") return;
        counts.push(input.delivery.headers["x-delivery-count"] ?? 0);
        if (counts.length === 1) throw new RangeError("a stage failed");
        input.settle?.("done");
      });
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), { messageId: "m1", headers: FEDOCAL_HEADERS });
      await waitFor(() => metrics.get("amqp_acked") === 1, "the retry acked");
      assert.deepEqual(calls, ["reject(true)"]);
      assert.deepEqual(counts, [0, 1], "the failure counted against the delivery limit");
    } finally {
      await source.close();
    }
  });

  it("trusts x-delivery-count only on a delivery the broker marks redelivered: a publisher's header on a first delivery is no redelivery", async () => {
    const metrics = new Metrics();
    const seen: string[] = [];
    const source = new AmqpSource({ amqp: cfg(), log: silentLogger(), metrics });
    try {
      await source.start((input) => {
        if (input.kind !== "amqp") return;
        seen.push(String(input.delivery.headers["x-delivery-count"]));
        if (seen.length === 1) throw new RangeError("a stage failed");
        input.settle?.("done");
      });
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), {
        messageId: "m1",
        headers: { ...FEDOCAL_HEADERS, "x-delivery-count": 99 },
      });
      await waitFor(() => metrics.get("amqp_acked") === 1, "the retry acked");
      assert.equal(seen.length, 2);
      assert.equal(metrics.get("amqp_redeliveries"), 1, `only the broker's redelivery counts (headers seen: ${seen.join(", ")})`);
      assert.equal(metrics.get("amqp_last_delivery"), 0, "the second of 5 deliveries is not the last");
    } finally {
      await source.close();
    }
  });

  it("a message dropped at shutdown is given back with nack and requeue, and the broker before 4.3 is warned about once", async () => {
    const sink = new HoldingSink("slow");
    const held = sink.held;
    const logged = new PassThrough();
    const lines: string[] = [];
    logged.on("data", (d: Buffer) => lines.push(...d.toString().split("\n").filter(Boolean)));
    const config = configSchema.parse({
      amqp: { url: AMQP_URL, queue: broker.queue, routing_keys: [`${broker.prefix}.#`], queue_type: "quorum", delivery_limit: 5 },
      stats_interval_s: 0,
    });
    const metrics = new Metrics();
    const bot = await runBot({ config, log: createLogger("warn", logged), metrics, sinks: [sink] });
    await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(1), { messageId: "m1", headers: FEDOCAL_HEADERS });
    await waitFor(() => held.length === 1, "held by the sink");
    await bot.stop("test");
    assert.deepEqual(calls, ["nack(false,true)"]);
    assert.equal(metrics.get("amqp_requeued"), 1);
    await new Promise((r) => setTimeout(r, 100));
    const version = brokerVersion({ version: await amqpVersion() });
    const warnings = lines.filter((l) => l.includes("counts every message given back"));
    if (version !== null && (version[0] < 4 || (version[0] === 4 && version[1] < 3))) assert.equal(warnings.length, 1, lines.join("\n"));
    else assert.equal(warnings.length, 0);
  });
});

/** The shared broker's version, as the source reads it. */
async function amqpVersion(): Promise<string> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const v: unknown = conn.connection.serverProperties.version;
    return typeof v === "string" ? v : "";
  } finally {
    await conn.close();
  }
}
