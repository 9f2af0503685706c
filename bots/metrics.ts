/**
 * In-process counters and gauges with labels. The bots log a summary every
 * `stats_interval_s` and on shutdown, serve them to Prometheus when
 * `metrics_listen` is set, and tests read them to assert what was counted.
 */
type Labels = Readonly<Record<string, string>>;

interface Series {
  readonly name: string;
  readonly labels: Labels | undefined;
  readonly kind: "counter" | "gauge";
  value: number;
}

export class Metrics {
  private readonly series = new Map<string, Series>();

  /** Add `n` to counter `name` (labels become part of the key: `name{a=b}`). */
  inc(name: string, labels?: Labels, n = 1): void {
    const key = keyOf(name, labels);
    const s = this.series.get(key);
    if (s) s.value += n;
    else this.series.set(key, { name, labels, kind: "counter", value: n });
  }

  /** Set gauge `name` to `value`. */
  set(name: string, value: number, labels?: Labels): void {
    const key = keyOf(name, labels);
    const s = this.series.get(key);
    if (s) s.value = value;
    else this.series.set(key, { name, labels, kind: "gauge", value });
  }

  get(name: string, labels?: Labels): number {
    return this.series.get(keyOf(name, labels))?.value ?? 0;
  }

  /** Sum of a counter over all label sets. */
  total(name: string): number {
    let sum = 0;
    for (const s of this.series.values()) if (s.name === name) sum += s.value;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.series].map(([k, s]) => [k, s.value] as const).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Prometheus text exposition: `fedmsg_echo_<name>_total` for counters, `fedmsg_echo_<name>` for gauges. */
  prometheus(): string {
    const byName = new Map<string, Series[]>();
    for (const s of this.series.values()) {
      const list = byName.get(s.name);
      if (list) list.push(s);
      else byName.set(s.name, [s]);
    }
    const out: string[] = [];
    for (const [name, list] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
      const kind = list[0]?.kind ?? "counter";
      const metric = `fedmsg_echo_${name.replace(/[^a-zA-Z0-9_]/g, "_")}${kind === "counter" ? "_total" : ""}`;
      out.push(`# TYPE ${metric} ${kind}`);
      for (const s of list) out.push(`${metric}${promLabels(s.labels)} ${s.value}`);
    }
    return `${out.join("\n")}\n`;
  }
}

function keyOf(name: string, labels?: Labels): string {
  if (!labels) return name;
  let parts = "";
  for (const k in labels) parts += `${parts ? "," : ""}${k}=${labels[k] ?? ""}`;
  return parts ? `${name}{${parts}}` : name;
}

function promLabels(labels: Labels | undefined): string {
  if (!labels) return "";
  const parts = Object.entries(labels).map(([k, v]) => `${k.replace(/[^a-zA-Z0-9_]/g, "_")}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}
