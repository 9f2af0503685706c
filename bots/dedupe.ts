/**
 * Drops a message whose key (topic and id, see `dedupeKey`) was seen recently. A subscriber
 * connected to several endpoints (or fed by both buses) can receive one message twice. Bounded:
 * the oldest keys are forgotten first.
 */
import { DEDUPE_SIZE_MAX } from "../config/schema.js";

/**
 * The dedupe key of a message: its topic and id together (null without an id). A copy of one
 * message has both; a message of another topic that reuses an id (an unsigned ZeroMQ message
 * copying an AMQP message's id) is not a copy and must not suppress the real one. The topic's
 * length leads, so no topic/id split can collide with another.
 */
export function dedupeKey(topic: string, id: string | null): string | null {
  return id === null ? null : `${topic.length}:${topic}${id}`;
}

export class Dedupe {
  private readonly seen = new Set<string>();
  /**
   * One iterator over `seen`, kept from the first eviction on, that always stands before the
   * oldest id. A fresh `seen.values().next()` per eviction walks from the start of V8's table over
   * every entry deleted since its last rehash (thousands at a capacity of 10,000: about 6 µs per
   * message, a quarter of the ingest's time). A Set iterator is live: it skips entries deleted
   * after it was made (evicted or forgotten) and reaches entries added later, so, since every id
   * it has passed has been deleted, its next value is the oldest id still held. It is made at the
   * first eviction, not with the set: an iterator that does not move keeps every table the set
   * outgrew alive (V8 links an outgrown table to its successor for the iterators on it).
   */
  private oldest: SetIterator<string> | undefined;
  readonly capacity: number;

  /** `capacity` is clamped to DEDUPE_SIZE_MAX: a Set throws a RangeError past 2^24 values. */
  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.min(capacity, DEDUPE_SIZE_MAX));
  }

  /** True the first time an id is seen; messages without an id always pass. */
  firstTime(id: string | null): boolean {
    if (id === null || this.capacity === 0) return true;
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      // Sets iterate in insertion order: the next value is the oldest still held.
      this.oldest ??= this.seen.values();
      const oldest = this.oldest.next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  /** Forget an id: a message given back to its source for another try must not be taken for a duplicate. */
  forget(id: string | null): void {
    if (id !== null) this.seen.delete(id);
  }
}
