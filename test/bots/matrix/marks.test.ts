/**
 * Each room of a Matrix account remembers what it was sent (sent-sinks.ts), through the runner
 * on the real RabbitMQ and Redis, posting to the API double: while one room refuses the bot (it
 * is muted: 403), the other's events go out; a restart gives the refused room its events and sends
 * the other room nothing again (not even a request the homeserver would answer from its
 * transaction cache: that cache does not last, and another device or token has none).
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { silentLogger } from "../../../bots/log.js";
import { runBot, type RunningBot } from "../../../bots/run.js";
import { sentMark } from "../../../bots/sent-store.js";
import { parseConfig } from "../../../config/load.js";
import { AMQP_URL, calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { waitFor } from "../../helpers/collect.js";
import { MatrixDouble } from "./double.js";
import { BOT, buildSink, type Built } from "./helpers.js";

const N = 5;

describe("Matrix: marks per room, through the runner @integration", function () {
  this.timeout(60_000);
  let broker: TestBroker;
  let double: MatrixDouble;
  let prefix: string;
  let bot: RunningBot | undefined;
  const admin = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare();
    double = await new MatrixDouble({ rateLimit: null }).start();
    prefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
  });
  afterEach(async () => {
    await bot?.stop("test over");
    bot = undefined;
    await double.close();
    await broker.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
  });
  after(() => admin.disconnect());

  async function run(rooms: string[]): Promise<Built> {
    const built = buildSink(double.url, rooms, { limit: { burst: 50, rate: 1000, queue_max: 100 }, forbidden_retry_ms: 1000 });
    const config = parseConfig({
      stats_interval_s: 0,
      shutdown_deadline_ms: 500,
      amqp: { url: AMQP_URL, routing_keys: [`${broker.prefix}.#`], queue: broker.queue, reconnect_ms: 50, reconnect_max_ms: 200 },
      redis: { url: "redis://127.0.0.1:6379", key_prefix: prefix },
    });
    bot = await runBot({ config, sinks: [built.sink], log: silentLogger(), metrics: built.metrics });
    return built;
  }

  const sendsTo = (room: string) => double.requests.filter((r) => r.route === "send" && r.path.includes(encodeURIComponent(room))).length;

  it("a restart posts to the room that refused the bot, and sends nothing again to the one that has the events", async () => {
    const open = double.createRoom();
    const muted = double.createRoom();
    for (let i = 0; i < N; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), { messageId: `m-${i}`, headers: FEDOCAL_HEADERS });
    double.mute(muted, BOT);
    const first = await run([open, muted]);
    await waitFor(() => double.eventsIn(open).length === N, `${N} events in the open room`);
    assert.equal(sendsTo(open), N);
    await bot?.stop("SIGTERM");
    bot = undefined;
    assert.equal(first.metrics.get("amqp_requeued"), N, "given back: the muted room's share was dropped at shutdown");
    assert.equal(double.eventsIn(muted).length, 0);

    double.mute(muted, BOT, false);
    const second = await run([open, muted]);
    await waitFor(() => double.eventsIn(muted).length === N, `${N} events in the room that refused the bot`);
    await waitFor(() => second.metrics.get("amqp_acked") === N, "all acked");
    assert.equal(sendsTo(open), N, "nothing sent again to the room that has the events");
    assert.equal(double.eventsIn(open).length, N);
    assert.equal(second.metrics.get("sink_already_sent", { sink: second.sink.name, room: open }), N);
    assert.equal(
      await admin.exists(
        `${prefix}sent:${broker.queue}:${second.sink.name}/${open}:${sentMark(`${broker.prefix}.fedocal.calendar.new`, "m-0")}`,
      ),
      1,
    );
    assert.equal(
      await admin.exists(
        `${prefix}sent:${broker.queue}:${second.sink.name}/${muted}:${sentMark(`${broker.prefix}.fedocal.calendar.new`, "m-0")}`,
      ),
      1,
    );
  });
});
