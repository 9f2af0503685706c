/**
 * `fedmsg-echo irc`, `fedmsg-echo mastodon` and `fedmsg-echo web`: build the bot's sinks from the
 * config, run sources -> pipeline -> sinks, and on SIGTERM/SIGINT stop taking
 * messages, send what is due until the deadline, and exit 0.
 */
import { ConfigError } from "../config/errors.js";
import type { Config } from "../config/schema.js";
import { createLogger, type Logger } from "./log.js";
import { Metrics } from "./metrics.js";
import { runBot } from "./run.js";
import type { Sink } from "./sink.js";

export type ServiceKind = "irc" | "mastodon" | "web";
export type SinkFactory = (config: Config, deps: { log: Logger; metrics: Metrics }) => Sink[];

/** Loaded lazily so that one bot's process never loads the other's client library. */
const FACTORIES: Record<ServiceKind, () => Promise<SinkFactory>> = {
  irc: async () => (await import("./irc/main.js")).createIrcSinks,
  mastodon: async () => (await import("./mastodon/main.js")).createMastodonSinks,
  web: async () => (await import("./web/main.js")).createWebSinks,
};

export async function runService(kind: ServiceKind, config: Config): Promise<number> {
  // The web page is one sink that always exists (its `web` section has defaults); the bots need an account.
  if (kind !== "web" && config[kind].length === 0) {
    throw new ConfigError([{ file: null, key: kind, reason: `no ${kind === "irc" ? "IRC connection" : "Mastodon account"} configured` }]);
  }
  if (!Object.values(config.endpoints).some((a) => a.length > 0) && !config.amqp) {
    throw new ConfigError([{ file: null, key: "endpoints", reason: "no source: set `endpoints` (fedmsg, ZeroMQ) or `amqp` (fedora-messaging)" }]);
  }
  const log = createLogger(config.log.level).child({ bot: kind });
  const metrics = new Metrics();
  const sinks = (await FACTORIES[kind]())(config, { log, metrics });
  // Listen before starting: a start can take a while (IRC registration, Mastodon checks).
  const signal = new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  const started = runBot({ config, sinks, log, metrics });
  const first = await Promise.race([started.then(() => null), signal]);
  const bot = await started.catch((err: unknown) => {
    log.fatal({ err }, "start failed");
    throw err;
  });
  await bot.stop(first ?? (await signal));
  return 0;
}
