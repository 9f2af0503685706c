/**
 * The runner's memory of what each sink sent (issue 10, item 2), wired as the bots
 * run it (runBot with `amqp` and `redis`), on the real RabbitMQ and Redis.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Ticket } from "../../bots/flow/outcome.js";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { runBot, type RunningBot } from "../../bots/run.js";
import { SentStore, sentMark } from "../../bots/sent-store.js";
import type { Sink } from "../../bots/sink.js";
import { parseConfig } from "../../config/load.js";
import type { Message, Summary } from "../../formatters/index.js";
import { AMQP_URL, calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../helpers/amqp.js";
import { waitFor } from "../helpers/collect.js";
import { tcpProxy } from "../helpers/tcp-proxy.js";

/** Records what it is offered; settles "sent" at once unless `settleWith` decides. */
class NamedSink implements Sink {
  readonly got: { msg: Message; ticket: Ticket }[] = [];
  constructor(
    readonly name: string,
    private readonly settleWith: ((t: Ticket) => void) | null = null,
  ) {}
  wantsTopic(): boolean {
    return true;
  }
  offer(msg: Message, _summary: Summary, ticket: Ticket): void {
    this.got.push({ msg, ticket });
    if (this.settleWith) this.settleWith(ticket);
    else ticket.settle("sent");
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

describe("sinks' memory of what they sent, through the runner @integration", function () {
  this.timeout(20_000);
  let broker: TestBroker;
  let prefix: string;
  let bot: RunningBot | undefined;
  const admin = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare();
    prefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
  });
  afterEach(async () => {
    await bot?.stop("test over");
    bot = undefined;
    await broker.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
  });
  after(() => admin.disconnect());

  const publish = async (ids: readonly string[]) => {
    for (const id of ids)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(0), { messageId: id, headers: FEDOCAL_HEADERS });
  };
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `m-${i}`);

  async function start(sinks: Sink[], redisUrl = "redis://127.0.0.1:6379") {
    const metrics = new Metrics();
    const config = parseConfig({
      stats_interval_s: 0,
      shutdown_deadline_ms: 1000,
      amqp: { url: AMQP_URL, routing_keys: [`${broker.prefix}.#`], queue: broker.queue, reconnect_ms: 50, reconnect_max_ms: 200 },
      redis: { url: redisUrl, key_prefix: prefix },
    });
    bot = await runBot({ config, sinks, log: silentLogger(), metrics });
    return metrics;
  }

  /** What a run that sent these lines and was killed before acking left in Redis. */
  async function sentBefore(sink: string, sent: readonly string[], topic = `${broker.prefix}.fedocal.calendar.new`) {
    const redis = new Redis("redis://127.0.0.1:6379");
    const store = new SentStore({ redis, keyPrefix: prefix, scope: broker.queue, ttlS: 60, log: silentLogger(), metrics: new Metrics() });
    await waitFor(() => redis.status === "ready", "Redis");
    for (const id of sent) store.markDone(sentMark(topic, id), sink);
    await redis.quit();
  }

  it("acks without a second line what every sink sent in an earlier run, and sends the rest", async () => {
    await sentBefore("collect", ids(5));
    await publish(ids(10));
    const sink = new NamedSink("collect");
    const metrics = await start([sink]);
    await waitFor(() => metrics.get("amqp_acked") === 10, "all ten acked");
    assert.deepEqual(
      sink.got.map((g) => g.msg.id),
      ids(10).slice(5),
    );
    assert.equal(metrics.get("amqp_already_sent"), 5);
    assert.equal(
      await admin.exists(`${prefix}sent:${broker.queue}:collect:${sentMark(`${broker.prefix}.fedocal.calendar.new`, "m-9")}`),
      1,
      "what this run sent is written for the next",
    );
  });

  it("with two sinks, sends only to the one that did not send it yet", async () => {
    await sentBefore("irc:a", ["m-0"]);
    await publish(ids(3));
    const a = new NamedSink("irc:a");
    const b = new NamedSink("irc:b");
    const metrics = await start([a, b]);
    await waitFor(() => metrics.get("amqp_acked") === 3, "all three acked");
    assert.deepEqual(
      a.got.map((g) => g.msg.id),
      ["m-1", "m-2"],
    );
    assert.deepEqual(
      b.got.map((g) => g.msg.id),
      ids(3),
    );
    assert.equal(metrics.get("sink_already_sent", { sink: "irc:a" }), 1);
  });

  it("gives back to the queue, unacked, a message a sink dropped at shutdown", async () => {
    await publish(["m-0", "m-1"]);
    // m-0 is sent; m-1 is still queued in the sink at shutdown, past the deadline.
    const sink = new NamedSink("collect", (t) => (sink.got.length === 1 ? t.settle("sent") : undefined));
    sink.stop = () => {
      for (const g of sink.got.slice(1)) g.ticket.settle("dropped", "shutdown");
      return Promise.resolve();
    };
    const metrics = await start([sink]);
    await waitFor(() => sink.got.length === 2, "both taken");
    await bot?.stop("SIGTERM");
    bot = undefined;
    assert.equal(metrics.get("amqp_acked"), 1);
    assert.equal(metrics.get("amqp_requeued"), 1);
    assert.equal(await broker.ready(), 1, "m-1 waits in the queue for the next run");
  });

  /** A message of another topic that reuses a real message's id (what a spoofer, or a publisher allowed another topic, can send). */
  const spoofTopic = () => `${broker.prefix}.spoof.calendar.new`;
  const realTopic = () => `${broker.prefix}.fedocal.calendar.new`;

  it("a message of another topic reusing an id does not mark that id: the real message still gets its line", async () => {
    await broker.publish(spoofTopic(), calendarBody(1), { messageId: "m-0", headers: FEDOCAL_HEADERS });
    await broker.publish(realTopic(), calendarBody(0), { messageId: "m-0", headers: FEDOCAL_HEADERS });
    const sink = new NamedSink("collect");
    const metrics = await start([sink]);
    await waitFor(() => metrics.get("amqp_acked") === 2, "both acked");
    assert.deepEqual(
      sink.got.map((g) => g.msg.topic.full),
      [spoofTopic(), realTopic()],
      "each topic's message has its line",
    );
    assert.equal(metrics.get("amqp_already_sent"), 0);
    assert.equal(await admin.exists(`${prefix}sent:${broker.queue}:collect:${sentMark(realTopic(), "m-0")}`), 1);
  });

  it("a redelivery is skipped only for the message its mark was written for, not for another topic's with the same id", async () => {
    // An earlier run sent the spoof (another topic, the real id) and was killed before the real message.
    await sentBefore("collect", ["m-0"], spoofTopic());
    await publish(["m-0"]);
    const sink = new NamedSink("collect");
    const metrics = await start([sink]);
    await waitFor(() => metrics.get("amqp_acked") === 1, "acked");
    assert.deepEqual(
      sink.got.map((g) => `${g.msg.topic.full} ${g.msg.id}`),
      [`${realTopic()} m-0`],
    );
    assert.equal(metrics.get("amqp_already_sent"), 0);
  });

  it("a message of another topic reusing the id of one still in flight is shown too, not settled with it", async () => {
    // The first (the spoof) stays in the sink (its ticket unsettled) while the real one arrives.
    const sink = new NamedSink("collect", (t) => (sink.got.length === 1 ? undefined : t.settle("sent")));
    const metrics = await start([sink]);
    await broker.publish(spoofTopic(), calendarBody(1), { messageId: "m-0", headers: FEDOCAL_HEADERS });
    await waitFor(() => sink.got.length === 1, "the spoof taken and held");
    await broker.publish(realTopic(), calendarBody(0), { messageId: "m-0", headers: FEDOCAL_HEADERS });
    await waitFor(
      () => sink.got.length === 2,
      `the real message offered too (amqp_redelivered_in_flight ${metrics.get("amqp_redelivered_in_flight")})`,
      3000,
    );
    assert.equal(sink.got[1]?.msg.topic.full, realTopic());
    sink.got[0]?.ticket.settle("sent");
    await waitFor(() => metrics.get("amqp_acked") === 2, "both acked");
  });

  it("goes on without Redis when it is down: in-process memory, failures counted", async () => {
    const proxy = await tcpProxy(6379);
    proxy.down();
    try {
      await publish(ids(3));
      const sink = new NamedSink("collect");
      const metrics = await start([sink], `redis://127.0.0.1:${proxy.port}`);
      await waitFor(() => metrics.get("amqp_acked") === 3, "all three acked");
      assert.deepEqual(
        sink.got.map((g) => g.msg.id),
        ids(3),
      );
      assert.equal(metrics.get("redis_connected"), 0);
      assert.ok(metrics.total("redis_errors") >= 3);
    } finally {
      await bot?.stop("test over");
      bot = undefined;
      await proxy.close();
    }
  });
});
