/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written from its grammar
 * (prometheus.io/docs/instrumenting/exposition_formats): it throws on anything a strict parser
 * may refuse, so a test that reads a page through it shows the page is well formed.
 * Stricter than the grammar where parsers differ: no control character but LF anywhere (Python's
 * splitlines and many JavaScript readers split on CR, VT, FF, FS/GS/RS, NEL, U+2028/9), no
 * duplicate series, each family's samples together and after its TYPE, histograms consistent.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  type: string;
  help: string | undefined;
  readonly samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Readonly<Record<string, readonly string[]>> = { histogram: ["_bucket", "_sum", "_count"], summary: ["_sum", "_count", ""] };

export function parsePrometheusText(page: string): Map<string, Family> {
  const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.exec(page);
  if (bad) throw new Error(`control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")} at offset ${bad.index}`);
  if (page.length > 0 && !page.endsWith("\n")) throw new Error("the page does not end with a line feed");
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const finished = new Set<string>();
  let current: string | undefined;
  const lines = page.split("\n").slice(0, -1);
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      const m = /^#\s+(HELP|TYPE)\s+([^\s]+)(?:\s(.*))?$/.exec(line);
      if (!m) return; // a plain comment
      const [, kw, name = "", rest = ""] = m;
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) throw new Error(`bad metric name in ${where}`);
      const fam = families.get(name) ?? { type: "untyped", help: undefined, samples: [] };
      if (fam.samples.length > 0 || finished.has(name)) throw new Error(`${kw} after samples in ${where}`);
      if (kw === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`bad type in ${where}`);
        if (families.has(name) && families.get(name)?.type !== "untyped") throw new Error(`second TYPE in ${where}`);
        fam.type = rest;
      } else {
        if (fam.help !== undefined) throw new Error(`second HELP in ${where}`);
        fam.help = unescape(rest, false, where);
      }
      families.set(name, fam);
      return;
    }
    const sample = parseSample(line, where);
    const family = familyOf(sample.name, families);
    if (current !== family && current !== undefined) finished.add(current);
    if (finished.has(family)) throw new Error(`samples of ${family} are not together (${where})`);
    current = family;
    const fam = families.get(family) ?? { type: "untyped", help: undefined, samples: [] };
    families.set(family, fam);
    const id = `${sample.name}{${Object.entries(sample.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(",")}}`;
    if (seen.has(id)) throw new Error(`duplicate series ${id} (${where})`);
    seen.add(id);
    fam.samples.push(sample);
  });
  for (const [name, fam] of families) if (fam.type === "histogram") checkHistogram(name, fam);
  return families;
}

function familyOf(sample: string, families: Map<string, Family>): string {
  for (const [name, fam] of families) {
    for (const suffix of SUFFIXES[fam.type] ?? [""]) if (sample === name + suffix) return name;
  }
  return sample;
}

function parseSample(line: string, where: string): Sample {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) throw new Error(`bad metric name in ${where}`);
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    while (!rest.startsWith("}")) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label || !rest.slice(label.length).startsWith('="')) throw new Error(`bad label in ${where}`);
      if (label in labels) throw new Error(`label ${label} twice in ${where}`);
      rest = rest.slice(label.length + 2);
      let raw = "";
      for (;;) {
        const c = rest[0];
        if (c === undefined) throw new Error(`unterminated label value in ${where}`);
        if (c === '"') break;
        if (c === "\\") {
          raw += rest.slice(0, 2);
          rest = rest.slice(2);
        } else {
          raw += c;
          rest = rest.slice(1);
        }
      }
      labels[label] = unescape(raw, true, where);
      rest = rest.slice(1);
      if (rest.startsWith(",")) rest = rest.slice(1);
      else if (!rest.startsWith("}")) throw new Error(`expected , or } in ${where}`);
    }
    rest = rest.slice(1);
  }
  const m = /^ +([^ ]+)(?: +(-?\d+))?$/.exec(rest);
  if (!m?.[1]) throw new Error(`bad value in ${where}`);
  const value = parseValue(m[1], where);
  return { name, labels, value };
}

function parseValue(s: string, where: string): number {
  if (s === "NaN") return NaN;
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new Error(`bad number ${s} in ${where}`);
  return Number(s);
}

/** Label values escape `\\`, `\"` and `\n`; HELP text `\\` and `\n`. Any other escape is an error. */
function unescape(raw: string, quoteAllowed: boolean, where: string): string {
  if (raw.includes("\n")) throw new Error(`raw line feed in ${where}`);
  return raw.replace(/\\(.?)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && quoteAllowed) return '"';
    throw new Error(`bad escape \\${c} in ${where}`);
  });
}

function checkHistogram(name: string, fam: Family): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of fam.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new Error(`${name}_bucket without le`);
      g.buckets.push([parseValue(le, name), s.value]);
    } else if (s.name === `${name}_count`) g.count = s.value;
  }
  for (const [key, g] of groups) {
    const sorted = [...g.buckets].sort(([a], [b]) => a - b);
    if (sorted.at(-1)?.[0] !== Infinity) throw new Error(`${name}${key} has no +Inf bucket`);
    for (let i = 1; i < sorted.length; i++)
      if ((sorted[i]?.[1] ?? 0) < (sorted[i - 1]?.[1] ?? 0)) throw new Error(`${name}${key} buckets decrease`);
    if (sorted.at(-1)?.[1] !== g.count) throw new Error(`${name}${key}: +Inf bucket differs from _count`);
  }
}

/** A counter or gauge of a bot's metrics page on 127.0.0.1:`port`: the sum over the series whose labels include `labels`. */
export async function scrapeSum(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const page = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  return (page.get(name)?.samples ?? [])
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
