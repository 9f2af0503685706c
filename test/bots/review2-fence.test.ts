/**
 * Hostile review 2 of the PING fences with Redis marks (`fedmsg-echo irc` on the real RabbitMQ,
 * Redis and ngircd). Both tests fail on 7043808:
 * - a SIGKILL while a +m channel's refusals are still on their way (any RTT, here 300 ms) leaves
 *   the marks written at the write in Redis: the next run acks those messages as already sent,
 *   never shown (16 of 30 lost at 300 ms, 4 of 30 at 60 ms);
 * - a muted channel given up is taken back by each probe, and a refused probe starts a new
 *   `unavailable_after_s` of holding: the lane holds the prefetch again and the other channel
 *   stalls (7 give-ups in 25 s; #d latency up to 10 s at 5 messages/s with prefetch 10).
 */
import { strict as assert } from "node:assert";
import { sleep } from "../helpers/irc/harness.js";
import { lineProxy } from "../helpers/irc/line-proxy.js";
import { amqpIrcBotConfig, amqpIrcSuite, calendarCounts, publishCalendar } from "../helpers/amqp-irc.js";
import type { BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";

const C = "#c";
const D = "#d";

describe("AMQP to IRC: fences and marks (review 2) @integration", function () {
  this.timeout(120_000);
  const rig = amqpIrcSuite([C, D], async ({ reader }) => {
    reader.send(`MODE ${C} +m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === C);
  });

  const proxies: (() => void)[] = [];
  afterEach(() => {
    for (const close of proxies.splice(0)) close();
  });

  const publish = (from: number, n: number): Promise<void> => publishCalendar(rig.broker, from, n);

  function bot(metricsPort: number, port: number, channels: string[], over: Record<string, unknown> = {}, prefetch = 100): BotProcess {
    return rig.start(
      amqpIrcBotConfig({
        broker: rig.broker,
        ircPort: port,
        metricsPort,
        redisPrefix: rig.redisPrefix,
        prefetch,
        channels: channels.map((name) => ({ name, colors: false })),
        irc: over,
      }),
    );
  }

  const counts = (ch: string): Map<number, number> => calendarCounts(rig.reader, ch);

  it("+m on a server 300 ms away: a SIGKILL before its refusals arrive loses nothing once -m", async () => {
    const N = 30;
    await publish(0, N);
    const victim: { first?: BotProcess } = {};
    let written = 0;
    // The bot is killed 100 ms after its first channel line: the server has refused it, the 404 is on its way.
    const proxy = await lineProxy(rig.irc.port, {
      delayMs: 300,
      onBotLine: (l) => {
        if (!/^PRIVMSG #c /i.test(l)) return;
        if (written++ === 0) setTimeout(() => victim.first?.child.kill("SIGKILL"), 100);
      },
    });
    proxies.push(proxy.close);
    const first = bot(await freePort(), proxy.port, [C]);
    victim.first = first;
    await first.exited();
    const before = written;
    assert.ok(before > 0, "lines were written before the kill");
    assert.equal(rig.reader.messages(C).length, 0, "nothing shown while +m");
    rig.reader.send(`MODE ${C} -m`);
    await rig.reader.waitFor((l) => l.command === "MODE" && l.params[1] === "-m");
    const second = bot(await freePort(), proxy.port, [C]);
    // Fails on 7043808: 14 of 30 shown; 16 acked as already sent (marks of refused lines), the queue empty.
    await waitFor(() => counts(C).size === N, `all ${N} shown`, 30_000, 20).catch(() => undefined);
    assert.equal(counts(C).size, N, `every message shown after -m (lines written before the kill: ${before})`);
    second.child.kill("SIGTERM");
    await second.exited();
  });

  it("a +m channel given up stays given up while its probes are refused: the other channel is not held", async () => {
    const b = bot(await freePort(), rig.irc.port, [C, D], { flow: { unavailable_after_s: 2 } }, 10);
    await publish(0, 1);
    await waitFor(() => counts(D).size === 1, "#d shows the first message", 20_000, 20);
    await sleep(3500); // #c given up by now
    const at = new Map<number, number>();
    const shown = new Map<number, number>();
    const look = (): void => {
      for (const k of counts(D).keys()) if (!shown.has(k)) shown.set(k, Date.now());
    };
    for (let i = 1; i <= 50; i++) {
      at.set(i, Date.now());
      await publish(i, 1);
      for (let j = 0; j < 4; j++) {
        await sleep(50);
        look();
      }
    }
    await waitFor(
      () => {
        look();
        return shown.size === 51;
      },
      "#d shows every message",
      30_000,
      20,
    ).catch(() => undefined);
    const late = [...at].filter(([i, t]) => (shown.get(i) ?? Infinity) - t > 2000).length;
    const giveUps = b.stderr().split("lane unavailable for too long").length - 1;
    // Fails on 7043808: given up again after each refused probe (several times), #d held seconds each time.
    assert.equal(giveUps, 1, `#c given up once, not again after each refused probe (#d messages over 2 s late: ${late} of 50)`);
    assert.equal(late, 0, "no #d message waits over 2 s behind the given-up #c");
    b.child.kill("SIGTERM");
    await b.exited();
  });
});
