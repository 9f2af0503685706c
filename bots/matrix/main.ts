/** The Matrix bot's entry for the runner: one sink per configured account (`matrix:` list of the config). */
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { FlowClock } from "../flow/clock.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { createMatrixApi, type MatrixApi } from "./api.js";
import { MatrixSink } from "./sink.js";
import { Redis } from "ioredis";
import { redisUseState } from "../redis-state.js";
import { RedisThreadStore, type RedisLike, type ThreadStore } from "./threads.js";

/** A Redis answer slower than this sends the event outside its thread rather than hold the room. */
const REDIS_COMMAND_TIMEOUT_MS = 1000;

export { MatrixSink } from "./sink.js";
export { MatrixTransport, transactionId } from "./transport.js";
export { MatrixAuthError, MatrixRoomError, MatrixStartError } from "./errors.js";

export interface MatrixDeps {
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Tests and benchmarks: a virtual clock. */
  readonly clock?: FlowClock;
  /** Tests: wrap the client (count or fail calls). */
  readonly wrapApi?: (api: MatrixApi) => MatrixApi;
  readonly threads?: ThreadStore;
}

export function createMatrixSinks(config: Config, deps: MatrixDeps): Sink[] {
  return createMatrixAccountSinks(config, deps);
}

/** Same as createMatrixSinks, typed as MatrixSink for tests. */
export function createMatrixAccountSinks(config: Config, deps: MatrixDeps): MatrixSink[] {
  const seen = new Map<string, number>();
  return config.matrix.map((account) => {
    let name = account.name ?? `matrix:${account.user_id}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name}#${n}`;
    const api = createMatrixApi({
      homeserver: account.homeserver,
      accessToken: account.access_token,
      timeoutMs: account.request_timeout_ms,
    });
    const threaded = account.rooms.some((r) => r.thread_by === "artifact");
    // `redis.url` (top level) keeps thread roots in Redis, shared by replicas and kept over restarts.
    const redisUrl = config.redis?.url;
    const inRedis = threaded && !deps.threads && redisUrl ? redisThreads(redisUrl, account.thread_ttl_s * 1000, name, deps) : undefined;
    const threads = deps.threads ?? inRedis?.store;
    return new MatrixSink({
      name,
      config: account,
      api: deps.wrapApi ? deps.wrapApi(api) : api,
      log: deps.log,
      metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(threads ? { threads } : {}),
      // Redis down at start: the bot posts anyway, outside threads, while ioredis keeps trying.
      ...(inRedis ? { start: inRedis.start, close: inRedis.close } : {}),
    });
  });
}

/**
 * An account's thread roots in Redis: a connection of its own, made at `start`. Whether Redis
 * answers (each command's outcome, the connection's events) shows in `redis_connected` and in one
 * log line per change; meanwhile events go outside their threads.
 */
export function redisThreads(
  url: string,
  ttlMs: number,
  name: string,
  deps: Pick<MatrixDeps, "log" | "metrics">,
): { store: RedisThreadStore; start: () => Promise<void>; close: () => Promise<void> } {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  });
  const state = redisUseState(
    deps.metrics,
    `threads:${name}`,
    deps.log.child({ sink: name }),
    `thread roots of ${name}: events go outside their threads`,
  );
  state.watch(redis);
  const observed = <T>(p: Promise<T>): Promise<T> =>
    p.then(
      (v) => {
        state.result();
        return v;
      },
      (err: unknown) => {
        state.result(err);
        throw err;
      },
    );
  const reporting: RedisLike = {
    get: (key) => observed(redis.get(key)),
    set: (key, value, px, ttl) => observed(redis.set(key, value, px, ttl)),
  };
  return {
    store: new RedisThreadStore(reporting, ttlMs),
    // Redis down at start: the bot posts anyway, outside threads, while ioredis keeps trying.
    start: () => redis.connect().catch(() => undefined),
    close: async () => {
      state.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
