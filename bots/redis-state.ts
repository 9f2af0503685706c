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

/**
 * What one bot uses Redis for, each on a connection of its own: the sent store (bots/redis.ts), a
 * Mastodon account's shared budget (bottleneck's clustering, bots/flow/pacer.ts), a Matrix
 * account's thread roots. Each reports whether its Redis answers; `redis_connected` is 1 only while
 * every use that reported does (one gauge: an operator asks "is Redis working for this bot", and a
 * budget whose Redis is frozen holds every status however well the sent store's connection does).
 */
interface Gauge {
  set(name: string, value: number): void;
}
const uses = new WeakMap<Gauge, Map<string, boolean>>();

/** `use` (e.g. `sent`, `budget:<sink>`, `threads:<sink>`) is up or down: sets `redis_connected` to all of them up. */
export function reportRedisUse(metrics: Gauge, use: string, up: boolean): void {
  let states = uses.get(metrics);
  if (!states) {
    states = new Map();
    uses.set(metrics, states);
  }
  states.set(use, up);
  metrics.set("redis_connected", [...states.values()].every(Boolean) ? 1 : 0);
}

/** A use gone (its sink stopped, its connection closed on purpose): no longer counted down. */
export function forgetRedisUse(metrics: Gauge, use: string): void {
  const states = uses.get(metrics);
  if (!states?.delete(use)) return;
  metrics.set("redis_connected", [...states.values()].every(Boolean) ? 1 : 0);
}

/** The events of an ioredis client that tell its connection's state (a type, so that nothing here loads ioredis). */
export interface RedisEvents {
  on(event: "ready" | "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (err: unknown) => void): unknown;
  readonly status: string;
}

export interface RedisUseState {
  /** After a command: succeeded (no `err`) or failed. */
  result(err?: unknown): void;
  /** Follow a client's connection events. */
  watch(client: RedisEvents): void;
  /** The use is over (closed on purpose): it leaves the gauge, and says nothing more. */
  close(): void;
}

/**
 * A use's state, reported into `redis_connected` and logged once per change: `up(ok, err)` after
 * each of its commands (a timeout or a lost connection is down, an error reply is not: Redis
 * answered), and the connection's own events (`watch`).
 */
export function redisUseState(
  metrics: Gauge,
  use: string,
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void },
  what: string,
): RedisUseState {
  let up: boolean | null = null;
  let closed = false;
  const say = (now: boolean, err?: unknown) => {
    if (closed) return;
    reportRedisUse(metrics, use, now);
    if (up === now) return;
    const before = up;
    up = now;
    if (now) {
      if (before === false) log.info({ redis_use: use }, `Redis (${what}) answers again`);
    } else log.warn({ redis_use: use, err }, `Redis (${what}) unreachable or not answering`);
  };
  reportRedisUse(metrics, use, false);
  return {
    result: (err) => {
      if (err instanceof Error && err.name === "ReplyError") return;
      say(err === undefined, err);
    },
    watch: (client) => {
      client.on("ready", () => say(true));
      client.on("error", (err) => say(false, err));
      client.on("end", () => say(false));
      client.on("close", () => say(false));
    },
    close: () => {
      closed = true;
      forgetRedisUse(metrics, use);
    },
  };
}
