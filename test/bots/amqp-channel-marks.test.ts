/**
 * Each channel remembers what it was sent (hostile review): `fedmsg-echo irc` on the real
 * RabbitMQ with Redis, one network, two channels, one of which refuses the bot (its +k key is not
 * the one configured). Its share of each message waits (it holds the prefetch), then is dropped
 * at shutdown and given back to the queue. The next run must show the good channel's lines
 * neither twice (a mark for the whole network was written only once every channel had its line,
 * so all of them came again) nor lose any channel's line.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { sentMark } from "../../bots/sent-store.js";
import { RawClient, sleep, startNgircd, type IrcServer } from "../helpers/irc/harness.js";
import { calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../helpers/amqp.js";
import { startBotProcess, type BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";
import { parsePrometheusText } from "../helpers/prom-text.js";

const N = 60;
/** What the first run holds: the good channel shows these, the locked one keeps them waiting. */
const PREFETCH = 20;
const GOOD = "#good";
const LOCKED = "#locked";

describe("AMQP to IRC: marks per channel, a channel refusing the bot @integration", function () {
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
    await reader.join(GOOD);
    await reader.join(LOCKED);
    reader.send(`MODE ${LOCKED} +k sesame`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === LOCKED);
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

  /** A bot whose #locked key is wrong; `unavailableAfterS` decides when it gives that channel up. */
  function bot(unavailableAfterS: number, metricsPort: number): BotProcess {
    const b = startBotProcess("irc", {
      stats_interval_s: 0,
      metrics_listen: `127.0.0.1:${metricsPort}`,
      log: { level: process.env.E2E_LOG ?? "warn" },
      shutdown_deadline_ms: 2000,
      amqp: {
        url: "amqp://guest:guest@127.0.0.1:5672/%2F",
        routing_keys: [`${broker.prefix}.#`],
        queue: broker.queue,
        prefetch: PREFETCH,
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
          channels: [
            { name: GOOD, colors: false },
            { name: LOCKED, key: "wrong", colors: false },
          ],
          limit: { burst: 50, rate: 200, queue_max: 1000 },
          flow: { unavailable_after_s: unavailableAfterS },
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

  /** How many times each message (Cal-<n>) was shown in `channel`. */
  function counts(channel: string): Map<number, number> {
    const out = new Map<number, number>();
    for (const l of reader.messages(channel)) {
      const m = /Cal-(\d+)/.exec(l.params[1] ?? "");
      if (m) out.set(Number(m[1]), (out.get(Number(m[1])) ?? 0) + 1);
    }
    return out;
  }

  /** A counter of the bot's metrics page: the sum over the series whose labels include `labels`. */
  async function metric(port: number, name: string, labels: Record<string, string>): Promise<number> {
    const page = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    return (page.get(name)?.samples ?? [])
      .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  }

  /** Waits for a counter to reach `n` (scraping the page), and returns what it last read. */
  async function metricReaches(port: number, name: string, labels: Record<string, string>, n: number): Promise<number> {
    let value = -1;
    const until = Date.now() + 40_000;
    while (Date.now() < until) {
      value = await metric(port, name, labels).catch(() => -1);
      if (value >= n) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return value;
  }

  /** The first run: the good channel shows the prefetch, the locked one holds it; then it is stopped by `signal`. */
  async function firstRun(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    const port = await freePort();
    const first = bot(600, port);
    await waitFor(() => counts(GOOD).size === PREFETCH, `${PREFETCH} lines in ${GOOD} (have ${counts(GOOD).size})`, 40_000, 20);
    // Every line of the good channel settled, so nothing is being written at the kill: no line in flight may repeat.
    const sent = await metricReaches(port, "fedmsg_echo_sink_messages_total", { channel: GOOD, outcome: "sent" }, PREFETCH);
    assert.equal(sent, PREFETCH, `${GOOD}'s lines settled`);
    first.child.kill(signal);
    const code = await first.exited();
    if (signal === "SIGTERM") assert.equal(code, 0, first.stderr());
    assert.equal(counts(GOOD).size, PREFETCH, "no more than the prefetch was taken: the locked channel held it");
  }

  /** The next run gives the locked channel up at once: every message ends, and the queue empties. */
  async function secondRun(): Promise<{ port: number; proc: BotProcess }> {
    const port = await freePort();
    const proc = bot(1, port);
    await waitFor(() => counts(GOOD).size === N, `all ${N} messages in ${GOOD} (have ${counts(GOOD).size})`, 60_000, 20);
    const dropped = await metricReaches(port, "fedmsg_echo_sink_dropped_total", { channel: LOCKED, reason: "unavailable" }, N);
    assert.equal(dropped, N, `every message for ${LOCKED} dropped "unavailable" (counted)`);
    await sleep(300); // anything repeated would come right behind
    return { port, proc };
  }

  function assertEachOnce(channel: string): void {
    const c = counts(channel);
    const twice = [...c].filter(([, n]) => n > 1).map(([m]) => m);
    assert.deepEqual(twice, [], `no message twice in ${channel}`);
    assert.equal(c.size, N, `every message in ${channel}`);
  }

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`stopped by ${signal} while the locked channel holds the prefetch: the next run shows the good channel's lines once, drops the locked one's "unavailable"`, async () => {
      await firstRun(signal);
      const { port, proc } = await secondRun();
      assertEachOnce(GOOD);
      assert.equal(reader.messages(LOCKED).length, 0);
      const sink = `irc:127.0.0.1:${irc.port}`;
      assert.equal(await metric(port, "fedmsg_echo_sink_already_sent_total", { sink, channel: GOOD }), PREFETCH);
      // The marks are per channel, under the sink (the network) and the channel as configured.
      assert.equal(
        await admin.exists(
          `${redisPrefix}sent:${broker.queue}:${sink}/${GOOD}:${sentMark(`${broker.prefix}.fedocal.calendar.new`, "msg-0")}`,
        ),
        1,
        "the good channel's mark",
      );
      assert.equal(
        await admin.exists(
          `${redisPrefix}sent:${broker.queue}:${sink}/${LOCKED}:${sentMark(`${broker.prefix}.fedocal.calendar.new`, "msg-0")}`,
        ),
        0,
        "none for the locked channel",
      );
      assert.equal(await broker.ready(), 0, "the queue is empty");
      proc.child.kill("SIGTERM");
      assert.equal(await proc.exited(), 0, proc.stderr());
    });
  }

  it("the locked channel opened before the restart: it gets every line, the good channel none twice", async () => {
    await firstRun("SIGTERM");
    reader.send(`MODE ${LOCKED} -k sesame`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === LOCKED && l.params[1] === "-k");
    const port = await freePort();
    const proc = bot(600, port);
    await waitFor(
      () => counts(GOOD).size === N && counts(LOCKED).size === N,
      `all ${N} messages in both channels (have ${counts(GOOD).size} and ${counts(LOCKED).size})`,
      60_000,
      20,
    );
    await sleep(300);
    assertEachOnce(GOOD);
    assertEachOnce(LOCKED);
    assert.equal(await broker.ready(), 0, "the queue is empty");
    proc.child.kill("SIGTERM");
    assert.equal(await proc.exited(), 0, proc.stderr());
  });
});
