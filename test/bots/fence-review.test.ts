/**
 * Hostile review of the PING fences (commit 98a06e5): `fedmsg-echo irc` on the real RabbitMQ, Redis
 * and ngircd. Each test failed on 7fc410a: a message dropped for good, a bot that stalled for good,
 * or a line shown twice. Two more findings of that review are open (README "IRC \"sent\""): a
 * SIGKILL while a hung server holds unproven lines loses them, and a NOTICE in a +m channel on
 * ngircd gets no refusal.
 */
import { strict as assert } from "node:assert";
import { sleep } from "../helpers/irc/harness.js";
import { lineProxy } from "../helpers/irc/line-proxy.js";
import { amqpIrcBotConfig, amqpIrcSuite, calendarCounts, pollUntil, publishCalendar } from "../helpers/amqp-irc.js";
import type { BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";
import { scrapeSum } from "../helpers/prom-text.js";

const CHAN = "#c";

describe("AMQP to IRC: what the PING fences do not prove (review) @integration", function () {
  this.timeout(120_000);
  const rig = amqpIrcSuite([CHAN]);

  const publish = (from: number, n: number): Promise<void> => publishCalendar(rig.broker, from, n);

  function bot(metricsPort: number, port: number, over: Record<string, unknown> = {}): BotProcess {
    return rig.start(
      amqpIrcBotConfig({
        broker: rig.broker,
        ircPort: port,
        metricsPort,
        redisPrefix: rig.redisPrefix,
        channels: [{ name: CHAN, colors: false }],
        irc: over,
      }),
    );
  }

  const counts = (): Map<number, number> => calendarCounts(rig.reader, CHAN);

  it("a channel muted (+m) for longer than unavailable_after_s takes lines again once -m", async () => {
    rig.reader.send(`MODE ${CHAN} +m`);
    await rig.reader.waitFor((l) => l.command === "MODE");
    const port = await freePort();
    const b = bot(port, rig.irc.port, { flow: { unavailable_after_s: 2 } });
    await publish(0, 3);
    await pollUntil(async () => (await scrapeSum(port, "fedmsg_echo_irc_lines_refused_by_server_total")) >= 1, "a refusal", 40_000);
    await sleep(3500); // given up: its 3 messages dropped "unavailable" (as designed)
    rig.reader.send(`MODE ${CHAN} -m`);
    await rig.reader.waitFor((l) => l.command === "MODE" && l.params[1] === "-m");
    await sleep(1500);
    await publish(100, 3);
    // Fails on 7fc410a: 0 of 3 shown, all dropped "unavailable": the given-up lane holds no line to
    // probe with, so the channel is never unmuted (until a reconnect).
    await waitFor(() => [...counts().keys()].filter((k) => k >= 100).length === 3, "the 3 new messages shown", 15_000, 20).catch(
      () => undefined,
    );
    assert.deepEqual(
      [...counts().keys()].filter((k) => k >= 100).sort((x, y) => x - y),
      [100, 101, 102],
    );
    b.child.kill("SIGTERM");
    await b.exited();
  });

  it("a server (or bouncer) whose PONG carries only the token does not stall the bot for good", async () => {
    // `PONG :token` (one parameter): irc-framework reads the token from the 2nd parameter.
    const proxy = await lineProxy(rig.irc.port, {
      rewrite: (l) => l.replace(/^(:\S+ )?PONG \S+ :?(fedmsg-echo-fence-\S+)$/, "$1PONG :$2"),
    });
    try {
      const port = await freePort();
      const b = bot(port, proxy.port, { ping_timeout_s: 10 });
      await publish(0, 80);
      // Fails on 7fc410a: 50 shown, 0 counted sent, the other 30 never written; the connection stays up.
      await pollUntil(
        async () => (await scrapeSum(port, "fedmsg_echo_sink_messages_total", { outcome: "sent" })) === 80,
        "80 sent",
        30_000,
      ).catch(() => undefined);
      assert.equal(counts().size, 80, "every message shown");
      assert.equal(await scrapeSum(port, "fedmsg_echo_sink_messages_total", { outcome: "sent" }), 80, "every message counted sent");
      b.child.kill("SIGTERM");
      await b.exited();
    } finally {
      proxy.close();
    }
  });

  it("lines shown before a +m are not shown again (default pace: their proof waits behind the backlog)", async () => {
    const port = await freePort();
    const b = bot(port, rig.irc.port, { limit: { rate: 1, burst: 5, queue_max: 1000 } });
    await rig.reader.waitFor((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot"));
    await publish(0, 3);
    await waitFor(() => counts().size === 3, "3 shown", 30_000, 20);
    rig.reader.send(`MODE ${CHAN} +m`);
    await sleep(300);
    await publish(3, 5);
    await sleep(4000);
    rig.reader.send(`MODE ${CHAN} -m`);
    await waitFor(() => counts().size === 8, "8 shown", 40_000, 20);
    await sleep(3000);
    // Fails on 7fc410a: Cal-0..2, shown before +m, are shown again (the 404 takes back every unproven line of the channel).
    assert.deepEqual(
      [...counts()].filter(([, n]) => n > 1).map(([m]) => m),
      [],
      "no message twice",
    );
    b.child.kill("SIGTERM");
    await b.exited();
  });
});
