/**
 * A channel that refuses the bot's lines (+m) is not a channel that showed them (hostile review
 * of issue 10: 50 of 50 lines were counted sent and acked, and lost). `fedmsg-echo irc` on the real
 * RabbitMQ with Redis and ngircd: while the channel is moderated nothing is acked; after a
 * restart (SIGTERM or SIGKILL) and -m, every message is shown exactly once and the queue empties.
 */
import { strict as assert } from "node:assert";
import { sleep } from "../helpers/irc/harness.js";
import { amqpIrcBotConfig, amqpIrcSuite, calendarCounts, pollUntil, publishCalendar } from "../helpers/amqp-irc.js";
import type { BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";
import { scrapeSum } from "../helpers/prom-text.js";

const N = 30;
const CHAN = "#moderated";

describe("AMQP to IRC: a moderated channel refuses the lines @integration", function () {
  this.timeout(120_000);
  const rig = amqpIrcSuite([CHAN], async ({ reader, broker }) => {
    reader.send(`MODE ${CHAN} +m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN);
    await publishCalendar(broker, 0, N);
  });

  function bot(metricsPort: number): BotProcess {
    return rig.start(
      amqpIrcBotConfig({
        broker: rig.broker,
        ircPort: rig.irc.port,
        metricsPort,
        redisPrefix: rig.redisPrefix,
        channels: [{ name: CHAN, colors: false }],
      }),
    );
  }

  const counts = (): Map<number, number> => calendarCounts(rig.reader, CHAN);

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`nothing is sent or acked while +m; stopped by ${signal}, the next run after -m shows every message once`, async () => {
      const port = await freePort();
      const first = bot(port);
      // The lines went out: refused by the server (or, wrongly, counted sent).
      await pollUntil(
        async () =>
          (await scrapeSum(port, "fedmsg_echo_irc_lines_refused_by_server_total")) +
            (await scrapeSum(port, "fedmsg_echo_sink_messages_total", { outcome: "sent" })) >=
          1,
        "the bot's lines to go out",
        40_000,
      );
      await sleep(1500); // a probe or a late proof would come now
      assert.equal(rig.reader.messages(CHAN).length, 0, "the moderated channel shows nothing");
      assert.equal(await scrapeSum(port, "fedmsg_echo_sink_messages_total", { outcome: "sent" }), 0, "no message counted sent");
      first.child.kill(signal);
      const code = await first.exited();
      if (signal === "SIGTERM") assert.equal(code, 0, first.stderr());
      assert.equal(await rig.broker.ready(), N, "every message is back in the queue: none was acked");
      rig.reader.send(`MODE ${CHAN} -m`);
      await rig.reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN && l.params[1] === "-m");
      const port2 = await freePort();
      const second = bot(port2);
      await waitFor(() => counts().size === N, `all ${N} messages shown (have ${counts().size})`, 60_000, 20);
      await sleep(300); // anything repeated would come right behind
      const twice = [...counts()].filter(([, n]) => n > 1).map(([m]) => m);
      assert.deepEqual(twice, [], "no message twice");
      await pollUntil(async () => (await rig.broker.ready()) === 0, "the queue empty", 10_000);
      second.child.kill("SIGTERM");
      assert.equal(await second.exited(), 0, second.stderr());
    });
  }
});
