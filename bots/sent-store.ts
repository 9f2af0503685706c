/**
 * Which destinations have a final line for a message (sent, or counted in a
 * digest that was sent), known by its mark (`sentMark`: its topic and id): written when the line goes out, read when a message
 * arrives, so that a redelivery (after a restart, a lost connection, or to another
 * replica) is acked without a second line. A destination is named
 * `<sink>/<destination>` for a sink with several (an IRC channel, a Matrix room;
 * sent-sinks.ts), else `<sink>`.
 *
 * In Redis (`<prefix>sent:<scope>:<destination>:<mark>`, with a TTL) when `redis` is configured,
 * and always in a bounded in-process memory too: that is all there is without
 * Redis, and what answers while Redis is down (each failure is counted in
 * `redis_errors`; the bot goes on).
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { dedupeKey } from "./dedupe.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { redisCommandResult } from "./redis-state.js";

/**
 * The one place that says under what a message's lines are remembered: its topic and id together,
 * as the dedupe and the in-flight settling know it (`dedupeKey`). On the id alone, a message of
 * another topic that reuses a real message's id (an unsigned ZeroMQ message, a publisher allowed
 * another topic) and passes a destination's filter would mark that id, and the real message, or its
 * redelivery, would then be skipped there: a loss. Every user (the sinks' `track`, the AMQP fast ack
 * `SinkMemory.allSent`) goes through here, so they agree.
 *
 * Hashed (SHA-256, 128 bits kept, 32 hex digits): a ZeroMQ topic and id have no length bound but
 * the message's, and a mark is one Redis key and one in-process entry per destination and message:
 * their size must not be the sender's choice. 128 bits leave no collision to fear (2^64 marks before
 * one is likely). The cost: a key no longer shows the id to a person reading Redis.
 */
export function sentMark(topic: string, id: string | null): string | null {
  const key = dedupeKey(topic, id);
  return key === null ? null : createHash("sha256").update(key).digest("hex").slice(0, 32);
}

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

/** About 240 bytes an entry (measured by the second hostile review of issue 10): 24 MB. */
const LOCAL_CAPACITY_DEFAULT = 100_000;

export class SentStore {
  /** `destination\0mark` -> expiry (ms since the epoch); Map iterates in insertion order, oldest first. */
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
  isDone(mark: string, dest: string): boolean {
    const key = `${dest}\0${mark}`;
    const until = this.local.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.local.delete(key);
    return false;
  }

  /** Of `destinations`, those with a final line for the message whose `sentMark` is `mark`: from Redis when it answers, else from memory. */
  async lookup(mark: string, destinations: readonly string[]): Promise<Set<string>> {
    const done = new Set(destinations.filter((d) => this.isDone(mark, d)));
    const { redis, metrics } = this.opts;
    if (!redis || done.size === destinations.length) return done;
    if (redis.status !== "ready") {
      metrics.inc("redis_errors", { op: "read" });
      return done;
    }
    try {
      const found = await redis.mget(destinations.map((d) => this.key(d, mark)));
      redisCommandResult(redis);
      found.forEach((v, i) => {
        const dest = destinations[i];
        if (v !== null && dest !== undefined && !done.has(dest)) {
          done.add(dest);
          this.remember(mark, dest);
        }
      });
    } catch (err) {
      this.failed(err, "read");
    }
    if (done.size > 0) metrics.inc("sent_store_hits");
    return done;
  }

  /** Record that `dest` has a final line for the message whose `sentMark` is `mark`: in memory at once, in Redis in the background. */
  markDone(mark: string | null, dest: string): void {
    if (mark === null) return;
    this.remember(mark, dest);
    const { redis } = this.opts;
    if (!redis || redis.status !== "ready") {
      if (redis) this.opts.metrics.inc("redis_errors", { op: "write" });
      return;
    }
    redis.set(this.key(dest, mark), "1", "EX", this.opts.ttlS).then(
      () => redisCommandResult(redis),
      (err: unknown) => this.failed(err, "write"),
    );
  }

  /**
   * Undo `markDone`: the line was written but its message did not end sent (the connection failed
   * under it and it was dropped at shutdown): a redelivery must show it, not skip it.
   */
  forget(mark: string | null, dest: string): void {
    if (mark === null) return;
    this.local.delete(`${dest}\0${mark}`);
    const { redis } = this.opts;
    if (!redis || redis.status !== "ready") return;
    redis.del(this.key(dest, mark)).then(
      () => redisCommandResult(redis),
      (err: unknown) => this.failed(err, "write"),
    );
  }

  private remember(mark: string, dest: string): void {
    const key = `${dest}\0${mark}`;
    this.local.delete(key);
    this.local.set(key, Date.now() + this.opts.ttlS * 1000);
    if (this.local.size > this.capacity) {
      this.oldest ??= this.local.keys();
      const oldest = this.oldest.next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
  }

  private key(dest: string, mark: string): string {
    return `${this.opts.keyPrefix}sent:${this.opts.scope}:${dest}:${mark}`;
  }

  private failed(err: unknown, op: "read" | "write"): void {
    if (this.opts.redis) redisCommandResult(this.opts.redis, err);
    this.opts.metrics.inc("redis_errors", { op });
    this.opts.log.debug({ err, op }, "Redis command failed; in-process memory used");
  }
}
