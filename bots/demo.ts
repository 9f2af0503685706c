/**
 * `fedmsg-echo demo` (what `npm start` runs): no config and no outside server.
 * Replays the sample messages of config/demo/messages.jsonl on a loopback ZeroMQ
 * endpoint, subscribes to it like a bot does, and runs an IRC-shaped and a
 * Mastodon-shaped sink into the console, each behind its real rate limiter, so
 * the limiter's burst, pace and drops are visible.
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
  const color = (out as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
  const config = parseConfig({ log: { level: "error" }, stats_interval_s: 0, shutdown_deadline_ms: 8000 }, "demo");
  const log = createLogger("error");
  const metrics = new Metrics();
  const sinks = [
    createConsoleSink({
      name: "irc", out, color, log, metrics,
      config: consoleSinkSchema.parse({ style: "irc", limit: { burst: 4, rate: 2, queue_max: 8 } }),
      prefix: "[irc #fedora-fedmsg]",
    }),
    createConsoleSink({
      name: "mastodon", out, color, log, metrics,
      config: consoleSinkSchema.parse({ style: "mastodon", limit: { burst: 2, rate: 1, queue_max: 4 } }),
      prefix: "[mastodon @fedora-firehose]",
    }),
  ];
  let endpoint = "";
  const bound = new Promise<void>((resolve) => {
    void replay({
      file: opts.file ?? DEMO_MESSAGES, bind: "tcp://127.0.0.1:*", rate: opts.rate, loop: false, waitSubscribers: 1, delayMs: 200,
      onBound: (e) => {
        endpoint = e;
        resolve();
      },
    }).then((n) => (published = n));
  });
  let published = -1;
  await bound;
  out.write(`demo: replaying ${opts.file ?? "config/demo/messages.jsonl"} on ${endpoint}; IRC sink: burst 4 then 2 lines/s, queue 8; Mastodon sink: burst 2 then 1 post/s, queue 4\n`);
  const source = new ZmqSource({ endpoints: { demo: [endpoint] }, zmq: config.zmq, log, metrics });
  const bot = await runBot({ config, sinks, log, metrics, sources: [source] });
  // Wait until everything published has been received (or a generous timeout).
  const started = Date.now();
  while ((published < 0 || metrics.total("received") < published) && Date.now() - started < 30_000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await bot.stop("demo finished");
  const m = metrics;
  out.write(
    `demo: received ${m.total("received")}, malformed ${m.total("malformed")}, formatted ${m.total("formatted")}; ` +
      `irc sent ${m.get("lines_sent", { sink: "irc" })} dropped ${m.get("lines_dropped", { sink: "irc" })}; ` +
      `mastodon sent ${m.get("lines_sent", { sink: "mastodon" })} dropped ${m.get("lines_dropped", { sink: "mastodon" })} ` +
      `(the rate limiters drop the oldest waiting lines when their queues are full)\n`,
  );
  return 0;
}
