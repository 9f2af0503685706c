/**
 * RabbitMQ for the tests: the shared broker on 127.0.0.1:5672, with a queue and a
 * routing-key prefix unique to each test, deleted afterwards.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import type { AmqpSource } from "../../bots/sources/amqp.js";
import { amqpSchema, configSchema, type AmqpConfig, type Config } from "../../config/schema.js";
import type { TcpProxy } from "./tcp-proxy.js";
import { tcpProxy } from "./tcp-proxy.js";

export const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672/%2F";

export interface TestBroker {
  readonly conn: amqp.ChannelModel;
  readonly ch: amqp.ConfirmChannel;
  /** A unique queue name; deleted by close(). */
  readonly queue: string;
  /** A unique routing-key prefix such as `org.fedoraproject.test.x1y2z3`; bind `${prefix}.#`. */
  readonly prefix: string;
  publish(topic: string, body: string | Buffer, props?: amqp.Options.Publish): Promise<void>;
  /** Declare the queue (durable, with these arguments, as the bot will) and bind `${prefix}.#`: publish before a bot starts. */
  declare(args?: Record<string, unknown>): Promise<void>;
  /** Messages ready in the queue (not delivered, or requeued). */
  ready(): Promise<number>;
  close(): Promise<void>;
}

/** `queuePrefix`: a test that sets a broker policy on a queue name pattern gives its queues a prefix of their own. */
export async function testBroker(queuePrefix = "fedmsg-echo-test-"): Promise<TestBroker> {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createConfirmChannel();
  const tag = randomUUID().slice(0, 8);
  const queue = `${queuePrefix}${randomUUID()}`;
  const extra: string[] = [];
  return {
    conn,
    ch,
    queue,
    prefix: `org.fedoraproject.test.${tag}`,
    publish: (topic, body, props = {}) =>
      new Promise<void>((resolve, reject) => {
        ch.publish(
          "amq.topic",
          topic,
          typeof body === "string" ? Buffer.from(body) : body,
          { contentType: "application/json", contentEncoding: "utf-8", ...props },
          (err) => (err ? reject(err as Error) : resolve()),
        );
      }),
    declare: async (args = {}) => {
      await ch.assertQueue(queue, { durable: true, arguments: args });
      await ch.bindQueue(queue, "amq.topic", `org.fedoraproject.test.${tag}.#`);
    },
    // A connection of their own: the test's may have gone with a broker restart.
    ready: () => withChannel(async (probe) => (await probe.checkQueue(queue)).messageCount),
    close: async () => {
      await conn.close().catch(() => undefined);
      await withChannel(async (c) => {
        for (const q of [queue, ...extra]) await c.deleteQueue(q);
      }).catch(() => undefined);
    },
  };
}

/** Runs `fn` on a channel of a fresh connection, closed afterwards. */
async function withChannel<T>(fn: (ch: amqp.Channel) => Promise<T>): Promise<T> {
  const c = await amqp.connect(AMQP_URL);
  try {
    return await fn(await c.createChannel());
  } finally {
    await c.close().catch(() => undefined);
  }
}

/**
 * Restarts the local RabbitMQ application (the node stays up, as in a rolling restart): durable
 * queues and persistent messages survive, every connection is closed. Resolves once it accepts
 * connections again.
 */
export function restartRabbitMq(): void {
  for (const args of [["stop_app"], ["start_app"], ["await_startup"]])
    execFileSync("rabbitmqctl", args, { stdio: "ignore", timeout: 60_000 });
}

/** A fedora-messaging body for `n`: a fedocal calendar message. */
export function calendarBody(n: number): string {
  return JSON.stringify({ agent: "planner", calendar: { calendar_name: `Cal-${n}` } });
}

export const FEDOCAL_HEADERS = { fedora_messaging_schema: "fedocal.calendar.new", fedora_messaging_severity: 20 };

/** The AMQP source's config on `broker`'s queue and topics; `over` on top (a proxy's `url`, reconnect timings, ...). */
export function sourceConfig(broker: TestBroker, over: Record<string, unknown> = {}): AmqpConfig {
  return amqpSchema.parse({ url: AMQP_URL, routing_keys: [`${broker.prefix}.#`], queue: broker.queue, ...over });
}

/** A bot's config that reads `broker` alone, without statistics or logs. */
export function botConfig(broker: TestBroker): Config {
  return configSchema.parse({ amqp: sourceConfig(broker), stats_interval_s: 0, log: { level: "silent" } });
}

/** What `withProxiedBroker` gives each test: the source it starts is closed after the test. */
export interface ProxiedBroker {
  broker: TestBroker;
  /** A loopback TCP proxy to RabbitMQ: `down()` takes the broker away without restarting the shared one. */
  proxy: TcpProxy;
  source: AmqpSource | undefined;
  /** The source's config through the proxy, reconnecting fast; `over` on top. */
  config(over?: Record<string, unknown>): AmqpConfig;
}

/**
 * Per test of the calling `describe`: a fresh queue (declared and bound first when `declare`), a proxy
 * in front of RabbitMQ, and afterwards the source, the proxy and the queue closed in that order.
 */
export function withProxiedBroker(opts: { declare?: boolean } = {}): ProxiedBroker {
  const ctx: ProxiedBroker = {
    broker: undefined as unknown as TestBroker,
    proxy: undefined as unknown as TcpProxy,
    source: undefined,
    config: (over = {}) => sourceConfig(ctx.broker, { url: `amqp://guest:guest@127.0.0.1:${ctx.proxy.port}/%2F`, ...over }),
  };
  beforeEach(async () => {
    ctx.broker = await testBroker();
    if (opts.declare) await ctx.broker.declare();
    ctx.proxy = await tcpProxy(5672);
  });
  afterEach(async () => {
    await ctx.source?.close();
    ctx.source = undefined;
    await ctx.proxy.close();
    await ctx.broker.close();
  });
  return ctx;
}
