/**
 * `fedmsg-echo irc`, `fedmsg-echo mastodon`, `fedmsg-echo matrix` and `fedmsg-echo web`: build the bot's sinks from the
 * config, run sources -> pipeline -> sinks, and on SIGTERM/SIGINT stop taking
 * messages, send what is due until the deadline, and exit 0.
 */
import { ConfigError } from "../config/errors.js";
import type { Config } from "../config/schema.js";
import { hasSource } from "../config/sources.js";
import { createLogger, type Logger } from "./log.js";
import { Metrics } from "./metrics.js";
import { runBot } from "./run.js";
import type { Sink } from "./sink.js";

export type ServiceKind = "irc" | "mastodon" | "matrix" | "web";
export type SinkFactory = (config: Config, deps: { log: Logger; metrics: Metrics }) => Sink[];

/** Loaded lazily so that one bot's process never loads the other's client library. */
const FACTORIES: Record<ServiceKind, () => Promise<SinkFactory>> = {
  irc: async () => (await import("./irc/main.js")).createIrcSinks,
  mastodon: async () => (await import("./mastodon/main.js")).createMastodonSinks,
  matrix: async () => (await import("./matrix/main.js")).createMatrixSinks,
  web: async () => (await import("./web/main.js")).createWebSinks,
};

const NOUNS: Record<Exclude<ServiceKind, "web">, string> = {
  irc: "IRC connection",
  mastodon: "Mastodon account",
  matrix: "Matrix account",
};

export async function runService(kind: ServiceKind, config: Config): Promise<number> {
  // The web page is one sink that always exists (its `web` section has defaults); the bots need an account.
  if (kind !== "web" && config[kind].length === 0) {
    throw new ConfigError([{ file: null, key: kind, reason: `no ${NOUNS[kind]} configured` }]);
  }
  if (!hasSource(config)) {
    throw new ConfigError([
      { file: null, key: "endpoints", reason: "no source: set `endpoints` (fedmsg, ZeroMQ) or `amqp` (fedora-messaging)" },
    ]);
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
  const first = await Promise.race([
    started.then(
      () => null,
      () => null,
    ),
    signal,
  ]);
  if (first !== null) {
    // A signal during the start (an IRC server that is down keeps a start waiting start_wait_ms):
    // nothing was taken from the bus yet, so close the sinks within the deadline and exit, rather
    // than wait for a start that may take minutes and whose timers keep the process alive.
    log.info({ signal: first }, "signal during the start; stopping");
    started.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(sinks.map((s) => s.stop(0).catch(() => undefined))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, config.shutdown_deadline_ms))),
    ]);
    clearTimeout(timer);
    process.exit(0);
  }
  const bot = await started.catch((err: unknown) => {
    log.fatal({ err }, "start failed");
    throw err;
  });
  await bot.stop(await signal);
  return 0;
}
