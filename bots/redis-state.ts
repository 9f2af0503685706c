/**
 * How the users of a Redis connection report a command's outcome into its state
 * (`redis_connected`, the "unreachable" warning; bots/redis.ts). Apart from redis.ts so that
 * reporting loads no Redis client: a bot without Redis never loads ioredis (test/bots/cli-lazy).
 */
import type { Redis } from "ioredis";

const reporters = new WeakMap<Redis, (ok: boolean, err?: unknown) => void>();

/** Called by `connectRedis`: `report` gets each outcome on `redis`. */
export function onRedisCommandResult(redis: Redis, report: (ok: boolean, err?: unknown) => void): void {
  reporters.set(redis, report);
}

/**
 * A command on `redis` succeeded (`err` undefined) or failed: a timeout or a lost connection marks
 * Redis down (`redis_connected` 0, one warning) even while the TCP connection stays open; a success
 * on a ready connection marks it up again. An error reply (Redis answered) says nothing of that.
 */
export function redisCommandResult(redis: Redis, err?: unknown): void {
  if (err instanceof Error && err.name === "ReplyError") return;
  reporters.get(redis)?.(err === undefined, err);
}
