/**
 * Conformance of the formatters with Fedora's own formatters, measured on the
 * reference corpora in ../shared/corpus (read at run time, never copied here).
 *
 *   npm run conformance -- ../shared/corpus/fedmsg-meta-dev.jsonl ../shared/corpus/fedora-messaging-dev.jsonl
 *   options: --service NAME (only that service/app), --show N (differing cases to print, default 10),
 *            --field NAME (only print differences of that field), --quiet (no diffs)
 *
 * Prints the exact-match rate of each field per service and overall. Sets are
 * compared as sets; a link of "" in the corpus equals our null.
 *
 * Where the reference leaks a Python artifact (`None`, `u'...'`, a list's repr,
 * an empty line) the formatters deliberately write what a person would; such
 * expected values are counted apart, and the rate without them is printed too.
 */
import { readFileSync } from "node:fs";
import { decodeMessage, formatTrace } from "../formatters/index.js";
import type { Summary } from "../formatters/index.js";

type Expected = Record<string, unknown>;
interface Case {
  file: string;
  id: string;
  group: string;
  input: unknown;
  userMap: Record<string, string>;
  /** our field -> expected value */
  expected: Record<string, unknown>;
}

const FEDMSG_FIELDS: Record<string, keyof Summary> = {
  title: "title",
  subtitle: "text",
  link: "link",
  icon: "icon",
  secondary_icon: "avatar",
  usernames: "usernames",
  packages: "packages",
  objects: "objects",
  agent: "agent",
  long_form: "long",
};
const FM_FIELDS: Record<string, keyof Summary> = {
  summary: "text",
  str: "long",
  url: "link",
  usernames: "usernames",
  packages: "packages",
  groups: "groups",
  agent_name: "agent",
  agent_avatar: "avatar",
  app_name: "app",
  app_icon: "icon",
  severity: "severity",
};
const SET_FIELDS = new Set(["usernames", "packages", "objects", "groups"]);

function loadCases(file: string): Case[] {
  const out: Case[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const c = JSON.parse(line) as Record<string, unknown>;
    const exp = (c.expected ?? {}) as Expected;
    if ("msg" in c) {
      const ctx = (c.context ?? {}) as { fas_cache?: Record<string, string> };
      const expected: Record<string, unknown> = {};
      for (const [k, ours] of Object.entries(FEDMSG_FIELDS)) if (k in exp) expected[ours] = exp[k];
      out.push({ file, id: String(c.id), group: String(c.service), input: c.msg, userMap: ctx.fas_cache ?? {}, expected });
    } else {
      const headers = { ...((c.headers ?? {}) as Record<string, unknown>), fedora_messaging_schema: c.schema };
      const expected: Record<string, unknown> = {};
      for (const [k, ours] of Object.entries(FM_FIELDS)) if (k in exp) expected[ours] = exp[k];
      out.push({
        file,
        id: String(c.id),
        group: String(c.app),
        input: { topic: c.topic, headers, body: c.body, id: null },
        userMap: {},
        expected,
      });
    }
  }
  return out;
}

/** Expected values that show a Python artifact the formatters deliberately do not reproduce. */
const PY_ARTIFACT = /\bNone\b|\[None\]|\bu'|\['[^\]]*'\]/;
function isArtifact(field: string, want: unknown): boolean {
  if (field === "text" && want === "") return true; // fedmsg.meta's empty line for unknown topics
  return (field === "text" || field === "long") && typeof want === "string" && PY_ARTIFACT.test(want);
}

function same(field: string, want: unknown, got: unknown): boolean {
  if (field === "link" && (want === "" || want === null)) return got === null || got === "";
  if (SET_FIELDS.has(field) && Array.isArray(want) && Array.isArray(got)) {
    const w = new Set(want.filter((x) => x !== null));
    const g = new Set(got);
    return w.size === g.size && [...w].every((x) => g.has(x as string));
  }
  return JSON.stringify(want) === JSON.stringify(got);
}

function main(): void {
  const args = process.argv.slice(2);
  const files: string[] = [];
  let only: string | undefined;
  let onlyField: string | undefined;
  let show = 10;
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--service") only = args[++i];
    else if (a === "--field") onlyField = args[++i];
    else if (a === "--show") show = Number(args[++i]);
    else if (a === "--quiet") quiet = true;
    else files.push(a);
  }
  if (files.length === 0) {
    files.push("../shared/corpus/fedmsg-meta-dev.jsonl", "../shared/corpus/fedora-messaging-dev.jsonl");
  }
  // per file -> group -> field -> [ok, total, artifact misses]
  const stats = new Map<string, Map<string, Map<string, Stat>>>();
  let shown = 0;
  for (const file of files) {
    const byGroup = new Map<string, Map<string, Stat>>();
    stats.set(file, byGroup);
    for (const c of loadCases(file)) {
      if (only && c.group !== only) continue;
      let summary: Summary;
      let via = "";
      try {
        const t = formatTrace(decodeMessage(c.input), { userMap: c.userMap });
        summary = t.summary;
        via = `${t.service}${t.key ? `:${t.key}` : ""}${t.errors.length ? ` (handler errors: ${t.errors.map((e) => String(e.error)).join("; ")})` : ""}`;
      } catch (err) {
        summary = {} as Summary;
        via = `decode error: ${String(err)}`;
      }
      const g = byGroup.get(c.group) ?? new Map<string, Stat>();
      byGroup.set(c.group, g);
      for (const [field, want] of Object.entries(c.expected)) {
        const got = (summary as unknown as Record<string, unknown>)[field];
        const ok = same(field, want, got);
        const s = g.get(field) ?? [0, 0, 0];
        s[0] += ok ? 1 : 0;
        s[1] += 1;
        s[2] += !ok && isArtifact(field, want) ? 1 : 0;
        g.set(field, s);
        if (!ok && !quiet && shown < show && (!onlyField || onlyField === field)) {
          shown++;
          console.log(`--- ${c.id} [${c.group}] field ${field} via ${via}`);
          console.log(`  want: ${JSON.stringify(want)}`);
          console.log(`  got:  ${JSON.stringify(got)}`);
        }
      }
    }
  }
  const overall = new Map<string, Stat>();
  for (const [file, byGroup] of stats) {
    console.log(`\n== ${file}`);
    const fileTotals = new Map<string, Stat>();
    for (const [group, fields] of [...byGroup].sort((a, b) => a[0].localeCompare(b[0]))) {
      const parts: string[] = [];
      for (const [field, [ok, total, art]] of fields) {
        parts.push(`${field} ${ok}/${total}${art ? ` (+${art} py)` : ""}`);
        for (const m of [fileTotals, overall]) {
          const t = m.get(field) ?? [0, 0, 0];
          t[0] += ok;
          t[1] += total;
          t[2] += art;
          m.set(field, t);
        }
      }
      console.log(`  ${group.padEnd(40)} ${parts.join("  ")}`);
    }
    console.log(`  ${"file total".padEnd(40)} ${rates(fileTotals)}`);
  }
  console.log(
    `\n(+N py): expected values with a Python artifact (None, u'', a list repr, an empty line) that the formatters deliberately write as a person would`,
  );
  console.log(`overall: ${rates(overall)}`);
}

type Stat = [ok: number, total: number, artifactMisses: number];

function rates(m: Map<string, Stat>): string {
  return [...m]
    .map(([f, [ok, total, art]]) => {
      const base = `${f} ${((100 * ok) / total).toFixed(1)}% (${ok}/${total})`;
      return art ? `${base} [${((100 * ok) / (total - art)).toFixed(1)}% without ${art} Python-artifact case${art > 1 ? "s" : ""}]` : base;
    })
    .join(", ");
}

main();
