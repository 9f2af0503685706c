/** `fedmsg-echo tail`: subscribe and print one line per message (ANSI colours on a terminal). */
import type { Config } from "../config/schema.js";
import { hasSource } from "../config/sources.js";
import { renderTerminal, type Message, type Summary } from "../formatters/index.js";
import { Filter } from "./filter.js";
import { createLogger } from "./log.js";
import { Metrics } from "./metrics.js";
import { runBot } from "./run.js";
import type { Ticket } from "./flow/outcome.js";
import type { Sink } from "./sink.js";

/** Nothing to subscribe to: a usage problem, not a runtime failure. */
export class NoSourceError extends Error {
  override readonly name = "NoSourceError";
}

export interface TailOptions {
  readonly config: Config;
  /** Extra ZeroMQ addresses (added to the config's endpoints). */
  readonly endpoints: readonly string[];
  /** Topic globs (`*` one segment, `**` any); none = everything. */
  readonly topics: readonly string[];
  /** Print the `format` JSON instead of text. */
  readonly json: boolean;
  readonly out?: NodeJS.WritableStream;
}

/** Tail prints without a rate limit: it is a terminal tool, not a bot. */
export function tailSink(opts: { topics: readonly string[]; json: boolean; color: boolean; out: NodeJS.WritableStream }): Sink {
  const filter = Filter.topics(opts.topics);
  return {
    name: "tail",
    wantsTopic: (t) => filter.acceptsTopic(t),
    offer: (msg: Message, s: Summary, ticket: Ticket) => {
      const time = msg.timestamp !== null ? new Date(msg.timestamp * 1000) : new Date();
      opts.out.write(`${opts.json ? JSON.stringify(s) : renderTerminal(s, { color: opts.color, time })}\n`);
      ticket.settle("sent");
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

export async function runTail(opts: TailOptions): Promise<number> {
  const out = opts.out ?? process.stdout;
  // Any writable may be passed: only a terminal's stream has isTTY, and only `true` means colour.
  const color = (out as { isTTY?: unknown }).isTTY === true && !process.env.NO_COLOR;
  const endpoints = { ...opts.config.endpoints };
  if (opts.endpoints.length) endpoints["command-line"] = [...opts.endpoints];
  const config: Config = { ...opts.config, endpoints, stats_interval_s: 0 };
  if (!hasSource(config)) {
    throw new NoSourceError("tail needs a source: --endpoint tcp://HOST:PORT, or a config with `endpoints` or `amqp`");
  }
  const log = createLogger(config.log.level === "info" ? "warn" : config.log.level);
  const bot = await runBot({
    config,
    sinks: [tailSink({ topics: opts.topics, json: opts.json, color, out })],
    log,
    metrics: new Metrics(),
  });
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  await bot.stop(signal);
  return 0;
}
