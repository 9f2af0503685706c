/** The Matrix bot's entry for the runner: one sink per configured account (`matrix:` list of the config). */
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { FlowClock } from "../flow/clock.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { createMatrixApi, type MatrixApi } from "./api.js";
import { MatrixSink } from "./sink.js";
import { Redis } from "ioredis";
import { RedisThreadStore, type ThreadStore } from "./threads.js";

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
    const redis =
      threaded && !deps.threads && redisUrl
        ? new Redis(redisUrl, {
            lazyConnect: true,
            maxRetriesPerRequest: 1,
            enableOfflineQueue: false,
            commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
          })
        : undefined;
    redis?.on("error", (err: unknown) =>
      deps.log.warn(
        { sink: name, reason: String(err) },
        "Redis (thread roots): connection error; events go outside their threads meanwhile",
      ),
    );
    const threads = deps.threads ?? (redis ? new RedisThreadStore(redis, account.thread_ttl_s * 1000) : undefined);
    return new MatrixSink({
      name,
      config: account,
      api: deps.wrapApi ? deps.wrapApi(api) : api,
      log: deps.log,
      metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(threads ? { threads } : {}),
      // Redis down at start: the bot posts anyway, outside threads, while ioredis keeps trying.
      ...(redis
        ? {
            start: () =>
              redis
                .connect()
                .catch((err: unknown) =>
                  deps.log.warn(
                    { sink: name, reason: String(err) },
                    "Redis (thread roots) unreachable at start; events go outside their threads meanwhile",
                  ),
                ),
            close: async () => {
              await redis.quit().catch(() => redis.disconnect());
            },
          }
        : {}),
    });
  });
}
