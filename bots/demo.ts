/**
 * `fedmsg-echo demo` (what `npm start` runs): no config and no outside server.
 * Replays the sample messages of config/demo/messages.jsonl on a loopback ZeroMQ
 * endpoint, subscribes to it like a bot does, and runs an IRC-shaped and a
 * Mastodon-shaped sink into the console, each behind the flow layer the bots use
 * (queue, digests, pacer), so a burst, the pace and the digests are visible. The
 * paces are the demo's own, faster than the bots' defaults (the Mastodon bot's is
 * a budget of statuses per hours), so that a burst folds within seconds. The last
 * line counts what was published, received, sent, digested and dropped: it says
 * "nothing was dropped" only when that is so.
 */
import { fileURLToPath } from "node:url";
import { parseConfig } from "../config/load.js";
import { consoleSinkSchema } from "../config/schema.js";
import { createConsoleSink } from "./console/sink.js";
import { createLogger } from "./log.js";
import { Metrics } from "./metrics.js";
import { replay } from "./replay.js";
import { runBot } from "./run.js";
import { ZmqSource } from "./sources/zmq.js";

/** The demo's messages, found relative to this module (works from dist/ and from sources). */
const PROJECT_ROOT = new URL(import.meta.url.includes("/dist/") ? "../../" : "../", import.meta.url);
export const DEMO_MESSAGES = fileURLToPath(new URL("config/demo/messages.jsonl", PROJECT_ROOT));

export interface DemoOptions {
  /** Messages per second published by the replayer. */
  readonly rate: number;
  readonly out?: NodeJS.WritableStream;
  readonly file?: string;
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const out = opts.out ?? process.stdout;
  // Any writable may be passed: only a terminal's stream has isTTY, and only `true` means colour.
  const color = (out as { isTTY?: unknown }).isTTY === true && !process.env.NO_COLOR;
  const config = parseConfig({ log: { level: "error" }, stats_interval_s: 0, shutdown_deadline_ms: 8000 }, "demo");
  const log = createLogger("error");
  const metrics = new Metrics();
  const irc = createConsoleSink({
    name: "irc",
    out,
    color,
    log,
    metrics,
    config: consoleSinkSchema.parse({
      style: "irc",
      limit: { burst: 4, rate: 2, queue_max: 8 },
      flow: { max_behind_s: 6, priority: ["org.fedoraproject.*.bodhi.update.complete.stable"] },
    }),
    prefix: "[irc #fedora-fedmsg]",
  });
  const mastodon = createConsoleSink({
    name: "mastodon",
    out,
    color,
    log,
    metrics,
    config: consoleSinkSchema.parse({ style: "mastodon", limit: { burst: 2, rate: 1, queue_max: 4 }, flow: { max_behind_s: 6 } }),
    prefix: "[mastodon @fedora-firehose]",
  });
  const sinks = [irc, mastodon];
  let endpoint = "";
  const bound = new Promise<void>((resolve) => {
    void replay({
      file: opts.file ?? DEMO_MESSAGES,
      bind: "tcp://127.0.0.1:*",
      rate: opts.rate,
      loop: false,
      waitSubscribers: 1,
      delayMs: 200,
      onBound: (e) => {
        endpoint = e;
        resolve();
      },
    }).then((n) => (published = n));
  });
  let published = -1;
  await bound;
  out.write(
    `demo: replaying ${opts.file ?? "config/demo/messages.jsonl"} on ${endpoint}; the demo's paces (faster than the bots' defaults): ` +
      `IRC sink burst 4 then 2 lines/s, Mastodon sink burst 2 then 1 post/s; each stays within 6 s of the bus by folding its backlog into digests\n`,
  );
  const source = new ZmqSource({ endpoints: { demo: [endpoint] }, zmq: config.zmq, log, metrics });
  const bot = await runBot({ config, sinks, log, metrics, sources: [source] });
  // Wait until everything published has been received (or a generous timeout).
  const started = Date.now();
  while ((published < 0 || metrics.total("received") < published) && Date.now() - started < 30_000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await bot.stop("demo finished");
  const m = metrics;
  const part = (sink: string): string => {
    const n = (outcome: string): number => m.get("sink_messages", { sink, outcome });
    const lines = (sink === "irc" ? irc : mastodon).flow.counts();
    return `${sink}: ${n("sent")} sent on their own line, ${n("digested")} in ${lines.digestLines} digests, ${n("filtered")} filtered, ${n("dropped")} dropped`;
  };
  const dropped = m.total("sink_dropped");
  const received = m.total("received");
  // ZeroMQ PUB/SUB loses silently (before the subscription, past the high-water mark): count it here.
  const lost = Math.max(0, published - received);
  const losses = [
    ...(published < 0 ? ["the replay did not finish within 30 s"] : []),
    ...(lost ? [`${lost} published but never received`] : []),
    ...(dropped ? [`${dropped} DROPPED by the sinks`] : []),
  ];
  out.write(
    `demo: published ${published < 0 ? "?" : published}, received ${received}, malformed ${m.total("malformed")}, formatted ${m.total("formatted")}; ` +
      `${part("irc")}; ${part("mastodon")}; ${losses.length ? losses.join(", ") : "nothing was dropped"}\n`,
  );
  return 0;
}
