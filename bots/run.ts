/**
 * Runs a bot: sources -> pipeline -> sinks, with metric summaries in the log and
 * an orderly shutdown (stop the sources, let each sink send what is due until the
 * deadline, close). Each bot's entry builds its sinks and calls `runBot`.
 */
import type { Config } from "../config/schema.js";
import { hasZmqEndpoints } from "../config/sources.js";
import type { Logger } from "./log.js";
import { startMetricsServer } from "./metrics-http.js";
import type { Metrics } from "./metrics.js";
import { Pipeline } from "./pipeline.js";
import type { Sink } from "./sink.js";
import type { Source } from "./sources/source.js";
import { ZmqSource } from "./sources/zmq.js";
import { SinkMemory } from "./sent-sinks.js";
import { SentStore } from "./sent-store.js";

/** Without Redis the memory of sent ids lives as long as the process; an hour bounds it anyway. */
const SENT_TTL_LOCAL_S = 3600;

export interface RunningBot {
  readonly pipeline: Pipeline;
  /** Stop taking messages, drain the sinks until the deadline, close. Idempotent. */
  stop(reason: string): Promise<void>;
}

export interface RunOptions {
  readonly config: Config;
  readonly sinks: readonly Sink[];
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Sources to use instead of those the config names (demo, tests). */
  readonly sources?: readonly Source[];
}

/**
 * The sources a config names: ZeroMQ if it has endpoints, AMQP if it has `amqp` (acking at once what `memory`
 * knows every destination was sent).
 * The AMQP client is imported only when `amqp` is configured (as Redis and the signature stage
 * below): a bot that does not use it does not hold it in memory.
 */
export async function sourcesFromConfig(config: Config, log: Logger, metrics: Metrics, memory?: SinkMemory): Promise<Source[]> {
  const out: Source[] = [];
  if (hasZmqEndpoints(config.endpoints)) {
    out.push(new ZmqSource({ endpoints: config.endpoints, zmq: config.zmq, log: log.child({ source: "zmq" }), metrics }));
  }
  if (config.amqp) {
    const { AmqpSource } = await import("./sources/amqp.js");
    const shared = memory ? { alreadySent: (topic: string, id: string) => memory.allSent(topic, id) } : {};
    out.push(new AmqpSource({ amqp: config.amqp, log: log.child({ source: "amqp" }), metrics, ...shared }));
  }
  return out;
}

/**
 * What the sent-id keys in Redis are scoped by: the AMQP queue, whose replicas and
 * restarts get each other's redeliveries. A private queue (or none) gets no
 * redelivery from another process: "private" is only there to keep it apart.
 */
export function sentScope(config: Config): string {
  return config.amqp?.queue ?? "private";
}

export async function runBot(opts: RunOptions): Promise<RunningBot> {
  const { config, log, metrics } = opts;
  // The memory of what each sink's destinations were sent: in Redis when configured (shared by replicas and restarts), else in process.
  const redisModule = config.redis ? await import("./redis.js") : null;
  const redis = config.redis && redisModule ? redisModule.connectRedis(config.redis, log.child({ redis: true }), metrics) : null;
  // Before anything is consumed: a redelivery looked up while Redis still connects would be said again.
  if (redis && redisModule && !(await redisModule.redisStartWait(redis)))
    log.warn({ waited_ms: redisModule.REDIS_START_WAIT_MS }, "Redis not ready at start: consuming with in-process memory until it is");
  const memory = new SinkMemory(
    new SentStore({
      redis,
      keyPrefix: config.redis?.key_prefix ?? "",
      scope: sentScope(config),
      ttlS: config.redis?.sent_ttl_s ?? SENT_TTL_LOCAL_S,
      log,
      metrics,
    }),
    metrics,
  );
  const sinks = opts.sinks.map((s) => memory.wrap(s));
  const sources = opts.sources ?? (await sourcesFromConfig(config, log, metrics, memory));
  if (sources.length === 0) {
    log.warn("no source configured (no `endpoints`, no `amqp`): nothing will be received");
  }
  // Loaded before anything connects: an unreadable CA or CRL stops the start with its file named.
  const verify = config.verify.validate_signatures ? (await import("./verify.js")).verifierFromConfig(config.verify) : undefined;
  if (verify) log.info({ ca: config.verify.ca_cert_location, crl: config.verify.crl_location ?? null }, "checking fedmsg signatures");
  const pipeline = new Pipeline({
    sinks,
    log,
    metrics,
    dedupeSize: config.dedupe_size,
    maxMessageBytes: config.zmq.max_message_bytes,
    format: { userMap: config.user_map },
    ...(verify ? { verify } : {}),
  });
  // Sources start at once, with the sinks: lines wait (and fold into digests) in each sink's flow
  // until its channel is joined or its account checked, so nothing published meanwhile is lost.
  // A sink that cannot start (bad token, bad TLS) still stops the start: the sources and the
  // sinks that did start are stopped again (what they took is settled as dropped, "shutdown").
  const starts = Promise.allSettled(sinks.map((s) => s.start()));
  const stopAll = async (): Promise<void> => {
    await Promise.all(sources.map((s) => s.stop().catch(() => undefined)));
    await Promise.all(sinks.map((s) => s.stop(0).catch(() => undefined)));
    await Promise.all(sources.map(async (s) => s.close?.().catch(() => undefined)));
    if (redis && redisModule) await redisModule.closeRedis(redis);
  };
  const health = () => sources.map((s) => ({ name: s.name, ...(s.health?.() ?? { ok: true, detail: "running" }) }));
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    metricsServer = config.metrics_listen ? await startMetricsServer(config.metrics_listen, metrics, log, health) : undefined;
    for (const src of sources) await src.start(pipeline.accept);
  } catch (err) {
    await starts;
    await stopAll();
    throw err;
  }
  const failed = (await starts).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stopAll();
    await metricsServer?.close();
    throw failed.reason;
  }
  log.info({ sinks: sinks.map((s) => s.name), sources: sources.map((s) => s.name) }, "running");

  const statsTimer =
    config.stats_interval_s > 0
      ? setInterval(() => log.info({ metrics: metrics.snapshot() }, "stats"), config.stats_interval_s * 1000)
      : undefined;
  statsTimer?.unref();

  let stopping: Promise<void> | undefined;
  return {
    pipeline,
    stop(reason: string) {
      stopping ??= (async () => {
        log.info({ reason, deadline_ms: config.shutdown_deadline_ms }, "shutting down: sources stopped, sending what is queued");
        if (statsTimer) clearInterval(statsTimer);
        await Promise.all(sources.map((s) => s.stop().catch((err: unknown) => log.error({ err, source: s.name }, "source stop failed"))));
        await Promise.all(
          sinks.map((s) =>
            s.stop(config.shutdown_deadline_ms).catch((err: unknown) => log.error({ err, sink: s.name }, "sink stop failed")),
          ),
        );
        // After the drain: what the sinks finished is acked by now, the rest goes back to the queue.
        await Promise.all(
          sources.map(async (s) => s.close?.().catch((err: unknown) => log.error({ err, source: s.name }, "source close failed"))),
        );
        await metricsServer?.close();
        if (redis && redisModule) await redisModule.closeRedis(redis);
        log.info({ metrics: metrics.snapshot() }, "stopped");
      })();
      return stopping;
    },
  };
}
