/**
 * The one Redis connection of a bot (config `redis`): the memory of ids already
 * sent, shared by replicas and restarts, and the shared budgets of the flow
 * layer's pacer. Redis is help, never a dependency: a command waits at most
 * REDIS_COMMAND_TIMEOUT_MS and fails at once while disconnected, the callers fall
 * back to in-process memory, and ioredis reconnects in the background. The state
 * is logged when it changes and shown in `redis_connected`: 0 while disconnected, and also
 * while commands fail on an open connection (a Redis frozen or swapping answers nothing:
 * `redisCommandResult` in redis-state.ts); 1 once connected and again once a command succeeds.
 */
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import type { RedisConfig } from "../config/schema.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { redactUrl } from "../config/secrets.js";
import { onRedisCommandResult, reportRedisUse } from "./redis-state.js";

/** Longer than a local or same-datacentre round trip under load; short enough not to stall the pipeline. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const REDIS_RECONNECT_MAX_MS = 5000;

/** How long a starting bot waits for a Redis that is slow to connect before it consumes without it. */
export const REDIS_START_WAIT_MS = 3000;

/** Connections closed on purpose: their end is no outage to warn about. */
const closing = new WeakSet<Redis>();

export function connectRedis(cfg: RedisConfig, log: Logger, metrics: Metrics): Redis {
  const redis = new Redis(cfg.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(REDIS_RECONNECT_MAX_MS, 100 * 2 ** Math.min(times, 6)),
  });
  let up: boolean | null = null;
  const say = (now: boolean, err?: unknown) => {
    reportRedisUse(metrics, "sent", now);
    if (up === now || closing.has(redis)) return;
    up = now;
    const where = redactUrl(cfg.url);
    if (now) log.info({ redis: where }, "Redis connected: ids sent and budgets are shared");
    else log.warn({ redis: where, err }, "Redis unreachable or not answering: going on with in-process memory");
  };
  reportRedisUse(metrics, "sent", false);
  onRedisCommandResult(redis, (ok, err) => {
    if (ok && redis.status !== "ready") return;
    say(ok, err);
  });
  // The command timeout is for a Redis that stops answering while in use. The handshake (ioredis's
  // readiness INFO) is not bounded by it: a Redis slow to answer its first command (a far or busy
  // one) would time out at every attempt and never be used. connectTimeout bounds the TCP connect.
  redis.on("ready", () => {
    redis.options.commandTimeout = REDIS_COMMAND_TIMEOUT_MS;
    say(true);
  });
  redis.on("reconnecting", () => {
    redis.options.commandTimeout = undefined;
  });
  redis.on("error", (err: unknown) => say(false, err));
  redis.on("end", () => say(false));
  redis.on("close", () => {
    if (up) say(false);
  });
  return redis;
}

/**
 * The id of a shared budget (bottleneck's limiter id through the flow layer's
 * clustered pacer) for a Mastodon account: replicas posting as one account (one
 * instance, one token) share it; another account, or another token, does not. The
 * token is hashed: it never appears in Redis.
 */
export function accountBudgetId(keyPrefix: string, instance: string, accessToken: string): string {
  const host = new URL(instance).host.toLowerCase();
  const token = createHash("sha256").update(accessToken).digest("hex").slice(0, 32);
  return `${keyPrefix}budget:mastodon:${host}:${token}`;
}

/**
 * Waits until Redis is ready, for at most `ms`: a restarted bot that consumed before a slow Redis
 * answered would find no memory of what it sent and say it again. A Redis that stays down costs
 * this wait once, at start; then the bot goes on with in-process memory. True when ready.
 */
export function redisStartWait(redis: Redis, ms = REDIS_START_WAIT_MS): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const ready = () => {
      clearTimeout(timer);
      resolve(true);
    };
    // Errors are not the end of the wait: ioredis retries, and a Redis starting with the bot may answer in time.
    const timer = setTimeout(() => {
      redis.off("ready", ready);
      resolve(false);
    }, ms);
    redis.once("ready", ready);
  });
}

/** Closes a bot's Redis connection on purpose (no "unreachable" warning for it). */
export async function closeRedis(redis: Redis): Promise<void> {
  closing.add(redis);
  await redis.quit().catch(() => redis.disconnect());
}
