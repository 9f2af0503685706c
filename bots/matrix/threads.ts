/**
 * Thread roots by artifact key, per room: the first event about an artifact is the
 * root, the later ones go into its thread. A small interface so that a Redis store
 * (shared by replicas and kept over restarts) can stand in for the in-process one.
 */
import { createHash } from "node:crypto";

export interface ThreadRef {
  /** The thread's root event. */
  readonly root: string;
  /** The latest event in the thread: the reply fallback for clients without threads. */
  readonly last: string;
}

export interface ThreadStore {
  get(room: string, key: string): Promise<ThreadRef | undefined>;
  set(room: string, key: string, ref: ThreadRef): Promise<void>;
}

/** Entries kept at most; past it the least recently used go first (memory bound). */
export const THREAD_STORE_MAX_ENTRIES = 50_000;

/** In process, with a TTL from the last use; a Map's insertion order is its LRU order. */
export class MemoryThreadStore implements ThreadStore {
  private readonly map = new Map<string, { ref: ThreadRef; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = THREAD_STORE_MAX_ENTRIES,
  ) {}

  get(room: string, key: string): Promise<ThreadRef | undefined> {
    const k = `${room}\n${key}`;
    const e = this.map.get(k);
    if (!e) return Promise.resolve(undefined);
    if (e.expires <= this.now()) {
      this.map.delete(k);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(e.ref);
  }

  set(room: string, key: string, ref: ThreadRef): Promise<void> {
    const k = `${room}\n${key}`;
    this.map.delete(k);
    this.map.set(k, { ref, expires: this.now() + this.ttlMs });
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
    return Promise.resolve();
  }

  size(): number {
    return this.map.size;
  }
}

/** The subset of an ioredis client the Redis store uses. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: "PX", ttlMs: number): Promise<unknown>;
}

/**
 * In Redis, shared by every replica posting as the account and kept over restarts: one
 * key per room and artifact (hashed: artifact keys come from payloads), expiring
 * `ttlMs` after its last use.
 */
export class RedisThreadStore implements ThreadStore {
  constructor(
    private readonly redis: RedisLike,
    private readonly ttlMs: number,
    private readonly prefix = "fedmsg-echo:matrix:thread:",
  ) {}

  async get(room: string, key: string): Promise<ThreadRef | undefined> {
    const raw = await this.redis.get(this.keyOf(room, key));
    if (raw === null) return undefined;
    try {
      const v = JSON.parse(raw) as Partial<ThreadRef>;
      return typeof v.root === "string" && typeof v.last === "string" ? { root: v.root, last: v.last } : undefined;
    } catch {
      return undefined;
    }
  }

  async set(room: string, key: string, ref: ThreadRef): Promise<void> {
    await this.redis.set(this.keyOf(room, key), JSON.stringify({ root: ref.root, last: ref.last }), "PX", this.ttlMs);
  }

  private keyOf(room: string, key: string): string {
    return `${this.prefix}${createHash("sha256").update(`${room}\n${key}`).digest("hex")}`;
  }
}
