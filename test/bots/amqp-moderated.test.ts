/**
 * A channel that refuses the bot's lines (+m) is not a channel that showed them (hostile review
 * of issue 10: 50 of 50 lines were counted sent and acked, and lost). `fedmsg-echo irc` on the real
 * RabbitMQ with Redis and ngircd: while the channel is moderated nothing is acked; after a
 * restart (SIGTERM or SIGKILL) and -m, every message is shown exactly once and the queue empties.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RawClient, sleep, startNgircd, type IrcServer } from "../helpers/irc/harness.js";
import { calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../helpers/amqp.js";
import { startBotProcess, type BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";
import { scrapeSum } from "../helpers/prom-text.js";

const N = 30;
const CHAN = "#moderated";

describe("AMQP to IRC: a moderated channel refuses the lines @integration", function () {
  this.timeout(120_000);
  let broker: TestBroker;
  let irc: { server: IrcServer; port: number };
  let reader: RawClient;
  let redisPrefix: string;
  const admin = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });
  const cleanups: (() => void)[] = [];
  const procs: BotProcess[] = [];

  beforeEach(async () => {
    broker = await testBroker();
    irc = await startNgircd();
    reader = await RawClient.connect(irc.port, "reader");
    await reader.join(CHAN);
    reader.send(`MODE ${CHAN} +m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN);
    redisPrefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
    await broker.declare();
    for (let i = 0; i < N; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), {
        messageId: `msg-${i}`,
        headers: FEDOCAL_HEADERS,
        persistent: true,
      });
  });
  afterEach(async () => {
    if (process.env.E2E_LOG) for (const b of procs.splice(0)) console.error(b.stderr());
    for (const c of cleanups.splice(0)) c();
    reader.close();
    await irc.server.stop();
    await broker.close();
    const keys = await admin.keys(`${redisPrefix}*`);
    if (keys.length) await admin.del(...keys);
  });
  after(() => admin.disconnect());

  function bot(metricsPort: number): BotProcess {
    const b = startBotProcess("irc", {
      stats_interval_s: 0,
      metrics_listen: `127.0.0.1:${metricsPort}`,
      log: { level: process.env.E2E_LOG ?? "warn" },
      shutdown_deadline_ms: 2000,
      amqp: {
        url: "amqp://guest:guest@127.0.0.1:5672/%2F",
        routing_keys: [`${broker.prefix}.#`],
        queue: broker.queue,
        prefetch: 100,
        reconnect_ms: 100,
        reconnect_max_ms: 1000,
      },
      redis: { url: "redis://127.0.0.1:6379", key_prefix: redisPrefix },
      irc: [
        {
          network: "127.0.0.1",
          port: irc.port,
          tls: false,
          nickname: "fedbot",
          channels: [{ name: CHAN, colors: false }],
          limit: { burst: 50, rate: 200, queue_max: 1000 },
          rejoin_blocked_ms: 1000,
          reconnect_min_ms: 50,
          reconnect_max_ms: 400,
        },
      ],
    });
    cleanups.push(() => b.cleanup());
    procs.push(b);
    return b;
  }

  /** Polls an asynchronous condition (a metrics page, the broker). */
  async function until(cond: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await cond().catch(() => false))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  /** How many times each message (Cal-<n>) was shown. */
  function counts(): Map<number, number> {
    const out = new Map<number, number>();
    for (const l of reader.messages(CHAN)) {
      const m = /Cal-(\d+)/.exec(l.params[1] ?? "");
      if (m) out.set(Number(m[1]), (out.get(Number(m[1])) ?? 0) + 1);
    }
    return out;
  }

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`nothing is sent or acked while +m; stopped by ${signal}, the next run after -m shows every message once`, async () => {
      const port = await freePort();
      const first = bot(port);
      // The lines went out: refused by the server (or, wrongly, counted sent).
      await until(
        async () =>
          (await scrapeSum(port, "fedmsg_echo_irc_lines_refused_by_server_total")) +
            (await scrapeSum(port, "fedmsg_echo_sink_messages_total", { outcome: "sent" })) >=
          1,
        "the bot's lines to go out",
        40_000,
      );
      await sleep(1500); // a probe or a late proof would come now
      assert.equal(reader.messages(CHAN).length, 0, "the moderated channel shows nothing");
      assert.equal(await scrapeSum(port, "fedmsg_echo_sink_messages_total", { outcome: "sent" }), 0, "no message counted sent");
      first.child.kill(signal);
      const code = await first.exited();
      if (signal === "SIGTERM") assert.equal(code, 0, first.stderr());
      assert.equal(await broker.ready(), N, "every message is back in the queue: none was acked");
      reader.send(`MODE ${CHAN} -m`);
      await reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN && l.params[1] === "-m");
      const port2 = await freePort();
      const second = bot(port2);
      await waitFor(() => counts().size === N, `all ${N} messages shown (have ${counts().size})`, 60_000, 20);
      await sleep(300); // anything repeated would come right behind
      const twice = [...counts()].filter(([, n]) => n > 1).map(([m]) => m);
      assert.deepEqual(twice, [], "no message twice");
      await until(async () => (await broker.ready()) === 0, "the queue empty", 10_000);
      second.child.kill("SIGTERM");
      assert.equal(await second.exited(), 0, second.stderr());
    });
  }
});
