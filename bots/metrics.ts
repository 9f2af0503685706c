/**
 * Counters, gauges and histograms with labels, exposed through prom-client.
 *
 * The bots log a summary every `stats_interval_s` and on shutdown, serve the
 * Prometheus text on `metrics_listen`, and tests read values to assert what was
 * counted. Exposed names: a counter `x` is `fedmsg_echo_x_total`, a gauge `x` is
 * `fedmsg_echo_x`, a histogram `x` (observed in seconds) is `fedmsg_echo_x_seconds`.
 *
 * Histograms in use (the names other modules observe):
 * - `observe("sink_latency", s, { sink })`: bus-to-send latency, from the
 *   message's bus timestamp to the transport's acknowledgement of its line;
 * - `observe("format", s, { service })`: time in the formatter per message.
 *
 * Why counters and gauges keep their own store: `get`, `total` and `snapshot` are
 * synchronous (logs, tests) while prom-client reads are asynchronous, and a label
 * set for one name may grow over time (prom-client fixes label names at creation).
 * The store is the record; prom-client renders it on each scrape (a `collect`
 * hook), owns the histograms and the process metrics. Each instance has its own
 * prom-client Registry: bots and tests never share a global one.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { Readiness } from "./readiness.js";

type Labels = Readonly<Record<string, string>>;

interface Series {
  readonly labels: Labels | undefined;
  value: number;
}

interface Family {
  readonly kind: "counter" | "gauge";
  readonly series: Map<string, Series>;
  /** prom-client metric mirroring this family, and the label names it was made with. */
  exposed?: { readonly metric: Counter | Gauge; readonly labelNames: readonly string[] };
}

/** Bucket bounds in seconds, by histogram name; others get {@link DEFAULT_BUCKETS_S}. */
const BUCKETS_S: Readonly<Record<string, readonly number[]>> = {
  // From the bus timestamp to the send: pacing (1 line/s) and digests make minutes normal.
  sink_latency: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
  // One message through the formatters: tens of microseconds expected.
  format: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1],
};
const DEFAULT_BUCKETS_S = [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 60];

const HELP: Readonly<Record<string, string>> = {
  sink_latency: "Seconds from the message's bus timestamp to its line being sent, per sink.",
  format: "Seconds spent formatting one message, per service.",
  sink_messages: "Messages a sink took, by final outcome (sent, digested, filtered, dropped).",
  sink_queue_messages: "Messages waiting in a sink's queue.",
  sink_queue_oldest_seconds: "Age of the oldest message waiting in a sink's queue.",
  ready: "1 when a source or sink reports itself connected (see /readyz).",
};

export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly histograms = new Map<string, { readonly metric: Histogram; readonly labelNames: readonly string[] }>();
  private readonly registry = new Registry();
  /** Observation labels made safe for the exposition, by key: cleaning them per call cost more than the observation. */
  private readonly cleaned = new Map<string, Record<string, string>>();
  private processMetrics = false;
  /** Sources and sinks report here whether they are connected; `/readyz` reads it. */
  readonly readiness = new Readiness(
    (kind, name, ready) => this.set("ready", ready ? 1 : 0, { kind, name }),
    (kind, name) => this.unset("ready", { kind, name }),
  );

  /** Add `n` to counter `name` (labels become part of the key: `name{a=b}`). */
  inc(name: string, labels?: Labels, n = 1): void {
    // A counter only goes up; a bad `n` would make prom-client throw inside a scrape.
    if (!(n >= 0) || !Number.isFinite(n)) return;
    const family = this.family(name, "counter");
    const key = keyOf(name, labels);
    const s = family.series.get(key);
    if (s) s.value += n;
    else family.series.set(key, { labels, value: n });
  }

  /** Set gauge `name` to `value`. */
  set(name: string, value: number, labels?: Labels): void {
    const family = this.family(name, "gauge");
    const key = keyOf(name, labels);
    const s = family.series.get(key);
    if (s) s.value = value;
    else family.series.set(key, { labels, value });
  }

  /** Remove gauge `name`'s series with these labels (a component no longer there). */
  unset(name: string, labels?: Labels): void {
    this.families.get(name)?.series.delete(keyOf(name, labels));
  }

  /** Record one observation of `seconds` in histogram `name` (exposed as `fedmsg_echo_<name>_seconds`). */
  observe(histogram: string, seconds: number, labels?: Labels): void {
    if (!Number.isFinite(seconds)) return;
    // `sink_latency` and `sink_latency_seconds` are one histogram: the unit is the method's.
    const name = histogram.replace(/_seconds$/, "");
    const key = keyOf(name, labels);
    let clean = this.cleaned.get(key);
    if (!clean) {
      clean = cleanLabels(labels);
      this.cleaned.set(key, clean);
    }
    let h = this.histograms.get(name);
    if (!h) {
      const labelNames = Object.keys(clean);
      const metric = new Histogram({
        name: `${metricName(name)}_seconds`,
        help: HELP[name] ?? `fedmsg-echo histogram ${name} (seconds).`,
        labelNames,
        buckets: [...(BUCKETS_S[name] ?? DEFAULT_BUCKETS_S)],
        registers: [this.registry],
      });
      h = { metric, labelNames };
      this.histograms.set(name, h);
    }
    // Label names are fixed by the first observation; a key outside them would make prom-client throw.
    for (const k of Object.keys(clean)) {
      if (!h.labelNames.includes(k)) {
        this.inc("metrics_label_mismatches", { metric: name });
        return;
      }
    }
    h.metric.observe(clean, Math.max(0, seconds));
  }

  get(name: string, labels?: Labels): number {
    return this.families.get(name)?.series.get(keyOf(name, labels))?.value ?? 0;
  }

  /** Sum of a counter over all label sets. */
  total(name: string): number {
    let sum = 0;
    for (const s of this.families.get(name)?.series.values() ?? []) sum += s.value;
    return sum;
  }

  /** Counters and gauges by key (`name{a=b}`), sorted; for logs and tests. */
  snapshot(): Record<string, number> {
    const out: [string, number][] = [];
    for (const f of this.families.values()) for (const [k, s] of f.series) out.push([k, s.value]);
    return Object.fromEntries(out.sort(([a], [b]) => a.localeCompare(b)));
  }

  /**
   * Adds the default process metrics (`process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`,
   * `nodejs_gc_duration_seconds`, ...). Only a process that serves /metrics needs them, and they start
   * an event-loop monitor and a GC observer, so they are opt-in. Idempotent.
   */
  enableProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Prometheus text exposition (format 0.0.4). */
  async prometheus(): Promise<string> {
    for (const [name, family] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) this.expose(name, family);
    // prom-client writes NaN as `Nan` (the event-loop lag before its first sample): Go's ParseFloat takes
    // it, but the format says `NaN` and strict readers (OpenMetrics-style) refuse the page. Values end the line.
    return (await this.registry.metrics()).replace(/^([^#\n][^\n]* )Nan$/gm, "$1NaN");
  }

  /** The content type of {@link prometheus}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  private family(name: string, kind: Family["kind"]): Family {
    let f = this.families.get(name);
    if (!f) {
      f = { kind, series: new Map() };
      this.families.set(name, f);
    }
    return f;
  }

  /** Make (or remake, when new label names appeared) the prom-client metric that renders a family. */
  private expose(name: string, family: Family): void {
    const wanted = new Set<string>();
    for (const s of family.series.values()) for (const k in s.labels) wanted.add(promLabelName(k));
    const have = family.exposed?.labelNames;
    if (have && [...wanted].every((k) => have.includes(k))) return;
    const labelNames = [...new Set([...(have ?? []), ...wanted])];
    const full = `${metricName(name)}${family.kind === "counter" ? "_total" : ""}`;
    if (family.exposed) this.registry.removeSingleMetric(full);
    const series = family.series;
    const help = HELP[name] ?? `fedmsg-echo ${family.kind} ${name}.`;
    const metric =
      family.kind === "counter"
        ? new Counter({
            name: full,
            help,
            labelNames,
            registers: [this.registry],
            collect() {
              this.reset();
              for (const s of series.values()) this.inc(cleanLabels(s.labels), s.value);
            },
          })
        : new Gauge({
            name: full,
            help,
            labelNames,
            registers: [this.registry],
            collect() {
              this.reset();
              for (const s of series.values()) this.set(cleanLabels(s.labels), s.value);
            },
          });
    family.exposed = { metric, labelNames };
  }
}

function keyOf(name: string, labels?: Labels): string {
  if (!labels) return name;
  let parts = "";
  for (const k in labels) parts += `${parts ? "," : ""}${k}=${labels[k] ?? ""}`;
  return parts ? `${name}{${parts}}` : name;
}

function metricName(name: string): string {
  return `fedmsg_echo_${name.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

function promLabelName(k: string): string {
  const s = k.replace(/[^a-zA-Z0-9_]/g, "_");
  // Label names may not start with a digit, and `__` is reserved for Prometheus itself.
  return /^[0-9]|^__/.test(s) ? `l_${s}` : s;
}

/**
 * Control characters (C0, DEL, C1) and Unicode line separators in a label value are written as
 * visible `\xHH` / `\uHHHH` text: the text format only escapes backslash, quote and LF, and a raw CR
 * (from an operator's sink name) makes strict parsers, which split lines on CR too, reject the whole
 * page. Lone surrogates become U+FFFD, since the page must be UTF-8.
 */
export function cleanLabelValue(v: string): string {
  return v.replace(LONE_SURROGATE, "\ufffd").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanLabels(labels: Labels | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in labels) out[promLabelName(k)] = cleanLabelValue(labels[k] ?? "");
  return out;
}
