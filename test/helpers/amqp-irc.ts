/**
 * AMQP to IRC end to end: the config of a real `fedmsg-echo irc` process on a test broker's queue
 * (test/helpers/amqp.ts) and a local IRC server, the fedocal messages it is fed, and how often
 * each was shown. Shared by the end-to-end tests and bench/kill-loop.ts.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RawClient, startNgircd, type IrcServer } from "./irc/harness.js";
import { calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "./amqp.js";
import { startBotProcess, type BotProcess } from "./bot-process.js";

export interface AmqpIrcBot {
  readonly broker: TestBroker;
  readonly ircPort: number;
  /** The IRC channels, as in the config (strings or objects). */
  readonly channels: readonly unknown[];
  /** `127.0.0.1:<port>` for /metrics and /readyz; none when absent. */
  readonly metricsPort?: number;
  /** With Redis on 127.0.0.1:6379 under this key prefix; none when absent. */
  readonly redisPrefix?: string;
  readonly prefetch?: number;
  readonly shutdownDeadlineMs?: number;
  /** Over the IRC connection's keys (limit, flow, rejoin_blocked_ms, ...). */
  readonly irc?: Record<string, unknown>;
}

/** A fast bot (200 lines/s), quick to reconnect, quiet unless E2E_LOG names a log level. */
export function amqpIrcBotConfig(o: AmqpIrcBot): Record<string, unknown> {
  return {
    stats_interval_s: 0,
    ...(o.metricsPort === undefined ? {} : { metrics_listen: `127.0.0.1:${o.metricsPort}` }),
    log: { level: process.env.E2E_LOG ?? "warn" },
    shutdown_deadline_ms: o.shutdownDeadlineMs ?? 2000,
    amqp: {
      url: "amqp://guest:guest@127.0.0.1:5672/%2F",
      routing_keys: [`${o.broker.prefix}.#`],
      queue: o.broker.queue,
      prefetch: o.prefetch ?? 100,
      reconnect_ms: 100,
      reconnect_max_ms: 1000,
    },
    ...(o.redisPrefix === undefined ? {} : { redis: { url: "redis://127.0.0.1:6379", key_prefix: o.redisPrefix } }),
    irc: [
      {
        network: "127.0.0.1",
        port: o.ircPort,
        tls: false,
        nickname: "fedbot",
        channels: o.channels,
        limit: { burst: 50, rate: 200, queue_max: 1000 },
        rejoin_blocked_ms: 1000,
        reconnect_min_ms: 50,
        reconnect_max_ms: 400,
        ...o.irc,
      },
    ],
  };
}

/** Publishes fedocal messages `from` .. `from + n - 1` (shown as `Cal-<n>`), ids `<idPrefix><n>`, persistent. */
export async function publishCalendar(broker: TestBroker, from: number, n: number, idPrefix = "msg-"): Promise<void> {
  for (let i = from; i < from + n; i++)
    await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), {
      messageId: `${idPrefix}${i}`,
      headers: FEDOCAL_HEADERS,
      persistent: true,
    });
}

/** The fedocal message number of each line `reader` saw in `channel`, in order. */
export function calendarLines(reader: RawClient, channel: string): number[] {
  return reader.messages(channel).flatMap((l) => {
    const m = /Cal-(\d+)/.exec(l.params[1] ?? "");
    return m ? [Number(m[1])] : [];
  });
}

/** How many times each fedocal message (Cal-<n>) was shown in `channel`. */
export function calendarCounts(reader: RawClient, channel: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const n of calendarLines(reader, channel)) out.set(n, (out.get(n) ?? 0) + 1);
  return out;
}

/** Polls an asynchronous condition (a metrics page, the broker); a throw counts as not yet. */
export async function pollUntil(cond: () => Promise<boolean>, what: string, timeoutMs: number, stepMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** What one test of an AMQP-to-IRC suite works with (set anew before each test). */
export interface AmqpIrcRig {
  broker: TestBroker;
  irc: { server: IrcServer; port: number };
  /** A plain client in every channel of the suite (a test may replace it). */
  reader: RawClient;
  /** The Redis key prefix of this test; its keys are deleted afterwards. */
  redisPrefix: string;
  /** A Redis client for the test's own reads (127.0.0.1:6379). */
  readonly admin: Redis;
  /** Starts `fedmsg-echo irc` with `config`; stopped (and its log shown when E2E_LOG is set) after the test. */
  start(config: unknown): BotProcess;
}

/**
 * Registers, in the calling `describe`, what each test needs: a fresh queue and routing-key prefix,
 * a fresh ngircd with a reader in `channels` (the reader creates them: it is their operator), a
 * Redis key prefix; `prepare` runs last (channel modes, messages to publish). All of it is torn down
 * after each test. The returned object's fields are valid inside the tests.
 */
export function amqpIrcSuite(channels: readonly string[], prepare?: (rig: AmqpIrcRig) => Promise<void>): AmqpIrcRig {
  const admin = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });
  const procs: (BotProcess & { cleanup(): void })[] = [];
  const rig = {
    admin,
    start(config: unknown): BotProcess {
      const b = startBotProcess("irc", config);
      procs.push(b);
      return b;
    },
  } as AmqpIrcRig;
  beforeEach(async () => {
    rig.broker = await testBroker();
    rig.irc = await startNgircd();
    rig.reader = await RawClient.connect(rig.irc.port, "reader");
    for (const c of channels) await rig.reader.join(c);
    rig.redisPrefix = `fedmsg-echo-test-${randomUUID().slice(0, 8)}:`;
    await rig.broker.declare();
    await prepare?.(rig);
  });
  afterEach(async () => {
    for (const b of procs.splice(0)) {
      if (process.env.E2E_LOG) console.error(b.stderr());
      b.cleanup();
    }
    rig.reader.close();
    await rig.irc.server.stop();
    await rig.broker.close();
    const keys = await admin.keys(`${rig.redisPrefix}*`);
    if (keys.length) await admin.del(...keys);
  });
  after(() => admin.disconnect());
  return rig;
}
