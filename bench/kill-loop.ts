/**
 * SIGKILL loop: how often a line shows twice after a SIGKILL. `fedmsg-echo irc` processes
 * consume a backlog from the real RabbitMQ (a queue of its own) with Redis configured (a key
 * prefix of its own), echo to a real ngircd read by a raw client, and are killed (SIGKILL) while
 * lines flow, after a random number of new lines; a last one runs to the end. A line is repeated
 * when its mark (the Redis SET of sent-sinks.ts) had not left the process when the kill came,
 * lost if it never shows at all.
 *
 *     npm run build && FEDMSG_ECHO_CLI=dist npx tsx bench/kill-loop.ts [kills=60] [prefetch=500] [messages=3000]
 *
 * Prints the kills, the lines repeated (and after how many kills), the lines lost (must be 0).
 * Needs RabbitMQ on 127.0.0.1:5672, Redis on 127.0.0.1:6379, ngircd.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { testBroker } from "../test/helpers/amqp.js";
import { amqpIrcBotConfig, calendarLines, publishCalendar } from "../test/helpers/amqp-irc.js";
import { startBotProcess, type BotProcess } from "../test/helpers/bot-process.js";
import { RawClient, sleep, startNgircd } from "../test/helpers/irc/harness.js";

const KILLS = Number(process.argv[2] ?? 60);
const PREFETCH = Number(process.argv[3] ?? 500);
const MESSAGES = Number(process.argv[4] ?? 3000);
const CHANNEL = "#fedmsg";

async function main(): Promise<void> {
  const broker = await testBroker();
  const irc = await startNgircd();
  const reader = await RawClient.connect(irc.port, "reader");
  await reader.join(CHANNEL);
  const redisPrefix = `fedmsg-echo-bench-${randomUUID().slice(0, 8)}:`;
  await broker.declare();
  await publishCalendar(broker, 0, MESSAGES);

  const config = amqpIrcBotConfig({
    broker,
    ircPort: irc.port,
    redisPrefix,
    prefetch: PREFETCH,
    shutdownDeadlineMs: 15_000,
    channels: [{ name: CHANNEL, colors: false }],
  });

  /** The message number of each line seen, in order. */
  const seen = (): number[] => calendarLines(reader, CHANNEL);
  const distinct = (): number => new Set(seen()).size;

  const waitUntil = async (cond: () => boolean, ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > until) return false;
      await sleep(2);
    }
    return true;
  };

  const killedAt: number[] = [];
  /** Lines seen when each SIGKILL was sent, and when it was sent (performance.now(), as the reader stamps lines). */
  const killSent: { lines: number; at: number }[] = [];
  let bot: BotProcess & { cleanup: () => void };
  for (let k = 0; k < KILLS && distinct() < MESSAGES; k++) {
    const before = seen().length;
    bot = startBotProcess("irc", config);
    const want = before + 10 + Math.floor(Math.random() * 90);
    if (!(await waitUntil(() => seen().length >= want || distinct() >= MESSAGES, 60_000))) {
      console.error(`kill ${k}: no lines in 60 s; stderr: ${bot.stderr()}`);
      break;
    }
    killSent.push({ lines: seen().length, at: performance.now() });
    bot.child.kill("SIGKILL");
    await bot.exited();
    bot.cleanup();
    // What the server still had to relay arrives a moment later.
    await sleep(50);
    killedAt.push(seen().length);
  }
  bot = startBotProcess("irc", config);
  const done = await waitUntil(() => distinct() >= MESSAGES, 120_000);
  await sleep(1000);
  bot.child.kill("SIGTERM");
  await bot.exited();
  bot.cleanup();

  const lines = seen();
  const counts = new Map<number, number>();
  for (const n of lines) counts.set(n, (counts.get(n) ?? 0) + 1);
  const repeated = [...counts].filter(([, c]) => c > 1).map(([n]) => n);
  // The kill after which each repeated line had first shown.
  const byKill = new Map<number, number>();
  for (const n of repeated) {
    const first = lines.indexOf(n);
    const k = killedAt.findIndex((at) => at > first);
    byKill.set(k, (byKill.get(k) ?? 0) + 1);
  }
  const lost = MESSAGES - counts.size;
  if (process.env.KILL_LOOP_DETAIL) {
    // Each repeated line: how many lines the reader had seen after it when the kill was sent, and how long before the kill it was read.
    const stamped = reader.messages(CHANNEL).filter((l) => /Cal-\d+/.test(l.params[1] ?? ""));
    for (const n of repeated) {
      const first = lines.indexOf(n);
      const k = killedAt.findIndex((at) => at > first);
      const sent = killSent[k];
      const at = stamped[first]?.at ?? NaN;
      console.error(
        JSON.stringify({
          msg: n,
          kill: k,
          lines_after_before_kill: sent ? sent.lines - first - 1 : null,
          read_before_kill_ms: sent ? +(sent.at - at).toFixed(2) : null,
        }),
      );
    }
  }
  console.log(
    JSON.stringify({
      kills: killedAt.length,
      prefetch: PREFETCH,
      messages: MESSAGES,
      finished: done,
      lines: lines.length,
      repeated: repeated.length,
      kills_with_repeat: byKill.size,
      max_repeats_per_kill: Math.max(0, ...byKill.values()),
      lost,
      queue_ready: await broker.ready(),
    }),
  );

  reader.close();
  await irc.server.stop();
  await broker.close();
  const redis = new Redis("redis://127.0.0.1:6379");
  const keys = await redis.keys(`${redisPrefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  redis.disconnect();
}

await main();
