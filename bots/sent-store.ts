/**
 * Which destinations have a final line for a message id (sent, or counted in a
 * digest that was sent): written when the line goes out, read when a message
 * arrives, so that a redelivery (after a restart, a lost connection, or to another
 * replica) is acked without a second line. A destination is named
 * `<sink>/<destination>` for a sink with several (an IRC channel, a Matrix room;
 * sent-sinks.ts), else `<sink>`.
 *
 * In Redis (`<prefix>sent:<scope>:<destination>:<id>`, with a TTL) when `redis` is configured,
 * and always in a bounded in-process memory too: that is all there is without
 * Redis, and what answers while Redis is down (each failure is counted in
 * `redis_errors`; the bot goes on).
 */
import type { Redis } from "ioredis";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { redisCommandResult } from "./redis-state.js";

export interface SentStoreOptions {
  /** null: in process only. */
  readonly redis: Redis | null;
  readonly keyPrefix: string;
  /**
   * The AMQP queue (or "private"): replicas and restarts share a queue, and only they
   * may suppress each other's lines. Two deployments on one Redis with the same
   * prefix and sink names (an IRC sink is named by its network) each show theirs.
   */
  readonly scope: string;
  readonly ttlS: number;
  /** Entries kept in process (destination and id pairs); the oldest are forgotten first. */
  readonly localCapacity?: number;
  readonly log: Logger;
  readonly metrics: Metrics;
}

/** About 100 bytes an entry: 10 MB. */
const LOCAL_CAPACITY_DEFAULT = 100_000;

export class SentStore {
  /** `destination\0id` -> expiry (ms since the epoch); Map iterates in insertion order, oldest first. */
  private readonly local = new Map<string, number>();
  /**
   * One iterator over `local`, kept from the first eviction on, standing before the oldest entry
   * (as in Dedupe): `local.keys().next()` per eviction would walk over every entry deleted since
   * the map's last rehash, tens of thousands at this capacity. Map iterators are live (deleted
   * entries are skipped, added ones reached), and every key this one passes is deleted at once.
   * Made at the first eviction: an iterator that does not move keeps every outgrown table alive.
   */
  private oldest: MapIterator<string> | undefined;
  private readonly capacity: number;

  constructor(private readonly opts: SentStoreOptions) {
    this.capacity = opts.localCapacity ?? LOCAL_CAPACITY_DEFAULT;
  }

  /** Known done here (in process, including what `lookup` brought from Redis). */
  isDone(id: string, dest: string): boolean {
    const key = `${dest}\0${id}`;
    const until = this.local.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.local.delete(key);
    return false;
  }

  /** Of `destinations`, those with a final line for `id`: from Redis when it answers, else from memory. */
  async lookup(id: string, destinations: readonly string[]): Promise<Set<string>> {
    const done = new Set(destinations.filter((d) => this.isDone(id, d)));
    const { redis, metrics } = this.opts;
    if (!redis || done.size === destinations.length) return done;
    if (redis.status !== "ready") {
      metrics.inc("redis_errors", { op: "read" });
      return done;
    }
    try {
      const found = await redis.mget(destinations.map((d) => this.key(d, id)));
      redisCommandResult(redis);
      found.forEach((v, i) => {
        const dest = destinations[i];
        if (v !== null && dest !== undefined && !done.has(dest)) {
          done.add(dest);
          this.remember(id, dest);
        }
      });
    } catch (err) {
      this.failed(err, "read");
    }
    if (done.size > 0) metrics.inc("sent_store_hits");
    return done;
  }

  /** Record that `dest` has a final line for `id`: in memory at once, in Redis in the background. */
  markDone(id: string | null, dest: string): void {
    if (id === null) return;
    this.remember(id, dest);
    const { redis } = this.opts;
    if (!redis || redis.status !== "ready") {
      if (redis) this.opts.metrics.inc("redis_errors", { op: "write" });
      return;
    }
    redis.set(this.key(dest, id), "1", "EX", this.opts.ttlS).then(
      () => redisCommandResult(redis),
      (err: unknown) => this.failed(err, "write"),
    );
  }

  /**
   * Undo `markDone`: the line was written but its message did not end sent (the connection failed
   * under it and it was dropped at shutdown): a redelivery must show it, not skip it.
   */
  forget(id: string | null, dest: string): void {
    if (id === null) return;
    this.local.delete(`${dest}\0${id}`);
    const { redis } = this.opts;
    if (!redis || redis.status !== "ready") return;
    redis.del(this.key(dest, id)).then(
      () => redisCommandResult(redis),
      (err: unknown) => this.failed(err, "write"),
    );
  }

  private remember(id: string, dest: string): void {
    const key = `${dest}\0${id}`;
    this.local.delete(key);
    this.local.set(key, Date.now() + this.opts.ttlS * 1000);
    if (this.local.size > this.capacity) {
      this.oldest ??= this.local.keys();
      const oldest = this.oldest.next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
  }

  private key(dest: string, id: string): string {
    return `${this.opts.keyPrefix}sent:${this.opts.scope}:${dest}:${id}`;
  }

  private failed(err: unknown, op: "read" | "write"): void {
    if (this.opts.redis) redisCommandResult(this.opts.redis, err);
    this.opts.metrics.inc("redis_errors", { op });
    this.opts.log.debug({ err, op }, "Redis command failed; in-process memory used");
  }
}
