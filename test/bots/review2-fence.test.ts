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
import { randomUUID } from "node:crypto";
import net from "node:net";
import { Redis } from "ioredis";
import { RawClient, sleep, startNgircd, type IrcServer } from "../helpers/irc/harness.js";
import { calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../helpers/amqp.js";
import { startBotProcess, type BotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";

const C = "#c";
const D = "#d";

/** bot <-> server; the server's bytes reach the bot `delayMs` late (a distant network); `onBotLine` sees the bot's lines. */
async function slowProxy(upstream: number, delayMs: number, onBotLine: (l: string) => void): Promise<{ port: number; close: () => void }> {
  const socks: net.Socket[] = [];
  const server = net.createServer((c) => {
    const s = net.connect(upstream, "127.0.0.1");
    socks.push(c, s);
    let buf = "";
    c.on("data", (d: Buffer) => {
      s.write(d);
      buf += d.toString("latin1");
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        onBotLine(buf.slice(0, i).replace(/\r$/, ""));
        buf = buf.slice(i + 1);
      }
    });
    s.on("data", (d: Buffer) => setTimeout(() => c.destroyed || c.write(d), delayMs));
    const end = (): void => {
      c.destroy();
      s.destroy();
    };
    for (const x of [c, s]) {
      x.on("close", end);
      x.on("error", end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const x of socks) x.destroy();
      server.close();
    },
  };
}

describe("AMQP to IRC: fences and marks (review 2) @integration", function () {
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
    await reader.join(C);
    await reader.join(D);
    reader.send(`MODE ${C} +m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === C);
    redisPrefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
    await broker.declare();
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

  async function publish(from: number, n: number): Promise<void> {
    for (let i = from; i < from + n; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), {
        messageId: `msg-${i}`,
        headers: FEDOCAL_HEADERS,
        persistent: true,
      });
  }

  function bot(metricsPort: number, port: number, channels: string[], over: Record<string, unknown> = {}, prefetch = 100): BotProcess {
    const b = startBotProcess("irc", {
      stats_interval_s: 0,
      metrics_listen: `127.0.0.1:${metricsPort}`,
      log: { level: process.env.E2E_LOG ?? "warn" },
      shutdown_deadline_ms: 2000,
      amqp: {
        url: "amqp://guest:guest@127.0.0.1:5672/%2F",
        routing_keys: [`${broker.prefix}.#`],
        queue: broker.queue,
        prefetch,
        reconnect_ms: 100,
        reconnect_max_ms: 1000,
      },
      redis: { url: "redis://127.0.0.1:6379", key_prefix: redisPrefix },
      irc: [
        {
          network: "127.0.0.1",
          port,
          tls: false,
          nickname: "fedbot",
          channels: channels.map((name) => ({ name, colors: false })),
          limit: { burst: 50, rate: 200, queue_max: 1000 },
          rejoin_blocked_ms: 1000,
          reconnect_min_ms: 50,
          reconnect_max_ms: 400,
          ...over,
        },
      ],
    });
    cleanups.push(() => b.cleanup());
    procs.push(b);
    return b;
  }

  /** How many times each message (Cal-<n>) was shown in `ch`. */
  function counts(ch: string): Map<number, number> {
    const out = new Map<number, number>();
    for (const l of reader.messages(ch)) {
      const m = /Cal-(\d+)/.exec(l.params[1] ?? "");
      if (m) out.set(Number(m[1]), (out.get(Number(m[1])) ?? 0) + 1);
    }
    return out;
  }

  it("+m on a server 300 ms away: a SIGKILL before its refusals arrive loses nothing once -m", async () => {
    const N = 30;
    await publish(0, N);
    const victim: { first?: BotProcess } = {};
    let written = 0;
    // The bot is killed 100 ms after its first channel line: the server has refused it, the 404 is on its way.
    const proxy = await slowProxy(irc.port, 300, (l) => {
      if (!/^PRIVMSG #c /i.test(l)) return;
      if (written++ === 0) setTimeout(() => victim.first?.child.kill("SIGKILL"), 100);
    });
    cleanups.push(proxy.close);
    const first = bot(await freePort(), proxy.port, [C]);
    victim.first = first;
    await first.exited();
    const before = written;
    assert.ok(before > 0, "lines were written before the kill");
    assert.equal(reader.messages(C).length, 0, "nothing shown while +m");
    reader.send(`MODE ${C} -m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[1] === "-m");
    const second = bot(await freePort(), proxy.port, [C]);
    // Fails on 7043808: 14 of 30 shown; 16 acked as already sent (marks of refused lines), the queue empty.
    await waitFor(() => counts(C).size === N, `all ${N} shown`, 30_000, 20).catch(() => undefined);
    assert.equal(counts(C).size, N, `every message shown after -m (lines written before the kill: ${before})`);
    second.child.kill("SIGTERM");
    await second.exited();
  });

  it("a +m channel given up stays given up while its probes are refused: the other channel is not held", async () => {
    const b = bot(await freePort(), irc.port, [C, D], { flow: { unavailable_after_s: 2 } }, 10);
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
