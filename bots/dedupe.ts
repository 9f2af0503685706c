/**
 * Drops a message whose id was seen recently. A subscriber connected to several
 * endpoints (or fed by both buses) can receive one message twice. Bounded: the
 * oldest ids are forgotten first.
 */
export class Dedupe {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True the first time an id is seen; messages without an id always pass. */
  firstTime(id: string | null): boolean {
    if (id === null || this.capacity === 0) return true;
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      // Sets iterate in insertion order: the first value is the oldest.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
