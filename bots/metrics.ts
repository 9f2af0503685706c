/**
 * In-process counters and gauges with labels. The bots log a summary every
 * `stats_interval_s` and on shutdown; tests read them to assert what was counted.
 */
export class Metrics {
  private readonly counters = new Map<string, number>();

  /** Add `n` to counter `name` (labels become part of the key: `name{a=b}`). */
  inc(name: string, labels?: Readonly<Record<string, string>>, n = 1): void {
    const key = keyOf(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + n);
  }

  set(name: string, value: number, labels?: Readonly<Record<string, string>>): void {
    this.counters.set(keyOf(name, labels), value);
  }

  get(name: string, labels?: Readonly<Record<string, string>>): number {
    return this.counters.get(keyOf(name, labels)) ?? 0;
  }

  /** Sum of a counter over all label sets. */
  total(name: string): number {
    let sum = 0;
    for (const [k, v] of this.counters) if (k === name || k.startsWith(`${name}{`)) sum += v;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function keyOf(name: string, labels?: Readonly<Record<string, string>>): string {
  if (!labels) return name;
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${name}{${parts.join(",")}}` : name;
}
