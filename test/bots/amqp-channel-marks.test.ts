/**
 * Each channel remembers what it was sent (hostile review): `fedmsg-echo irc` on the real
 * RabbitMQ with Redis, one network, two channels, one of which refuses the bot (its +k key is not
 * the one configured). Its share of each message waits (it holds the prefetch), then is dropped
 * at shutdown and given back to the queue. The next run must show the good channel's lines
 * neither twice (a mark for the whole network was written only once every channel had its line,
 * so all of them came again) nor lose any channel's line.
 */
import { strict as assert } from "node:assert";
import { sentMark } from "../../bots/sent-store.js";
import { sleep } from "../helpers/irc/harness.js";
import { amqpIrcBotConfig, amqpIrcSuite, calendarCounts, publishCalendar } from "../helpers/amqp-irc.js";
import type { BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";
import { scrapeSum } from "../helpers/prom-text.js";

const N = 60;
/** What the first run holds: the good channel shows these, the locked one keeps them waiting. */
const PREFETCH = 20;
const GOOD = "#good";
const LOCKED = "#locked";

describe("AMQP to IRC: marks per channel, a channel refusing the bot @integration", function () {
  this.timeout(120_000);
  const rig = amqpIrcSuite([GOOD, LOCKED], async ({ reader, broker }) => {
    reader.send(`MODE ${LOCKED} +k sesame`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === LOCKED);
    await publishCalendar(broker, 0, N);
  });

  /** A bot whose #locked key is wrong; `unavailableAfterS` decides when it gives that channel up. */
  function bot(unavailableAfterS: number, metricsPort: number): BotProcess {
    const b = rig.start(
      amqpIrcBotConfig({
        broker: rig.broker,
        ircPort: rig.irc.port,
        metricsPort,
        redisPrefix: rig.redisPrefix,
        prefetch: PREFETCH,
        channels: [
          { name: GOOD, colors: false },
          { name: LOCKED, key: "wrong", colors: false },
        ],
        irc: { flow: { unavailable_after_s: unavailableAfterS } },
      }),
    );
    return b;
  }

  const counts = (channel: string): Map<number, number> => calendarCounts(rig.reader, channel);

  /** Waits for a counter to reach `n` (scraping the page), and returns what it last read. */
  async function metricReaches(port: number, name: string, labels: Record<string, string>, n: number): Promise<number> {
    let value = -1;
    const until = Date.now() + 40_000;
    while (Date.now() < until) {
      value = await scrapeSum(port, name, labels).catch(() => -1);
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
      assert.equal(rig.reader.messages(LOCKED).length, 0);
      const sink = `irc:127.0.0.1:${rig.irc.port}`;
      assert.equal(await scrapeSum(port, "fedmsg_echo_sink_already_sent_total", { sink, channel: GOOD }), PREFETCH);
      // The marks are per channel, under the sink (the network) and the channel as configured.
      assert.equal(
        await rig.admin.exists(
          `${rig.redisPrefix}sent:${rig.broker.queue}:${sink}/${GOOD}:${sentMark(`${rig.broker.prefix}.fedocal.calendar.new`, "msg-0")}`,
        ),
        1,
        "the good channel's mark",
      );
      assert.equal(
        await rig.admin.exists(
          `${rig.redisPrefix}sent:${rig.broker.queue}:${sink}/${LOCKED}:${sentMark(`${rig.broker.prefix}.fedocal.calendar.new`, "msg-0")}`,
        ),
        0,
        "none for the locked channel",
      );
      assert.equal(await rig.broker.ready(), 0, "the queue is empty");
      proc.child.kill("SIGTERM");
      assert.equal(await proc.exited(), 0, proc.stderr());
    });
  }

  it("the locked channel opened before the restart: it gets every line, the good channel none twice", async () => {
    await firstRun("SIGTERM");
    rig.reader.send(`MODE ${LOCKED} -k sesame`);
    await rig.reader.waitFor((l) => l.command === "MODE" && l.params[0] === LOCKED && l.params[1] === "-k");
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
    assert.equal(await rig.broker.ready(), 0, "the queue is empty");
    proc.child.kill("SIGTERM");
    assert.equal(await proc.exited(), 0, proc.stderr());
  });
});
