/**
 * `fedmsg-echo import-fedmsg-config DIR`: an old fedmsg.d directory -> one fedmsg-echo YAML file.
 * Reads DIR/*.py in name order (as fedmsg does), takes each file's `config = {...}` or
 * `config = dict(...)` without executing anything, merges the files shallowly (a later file's key
 * replaces an earlier one's, as fedmsg's `config.update`), maps the keys (./map.ts) and checks the
 * result against the config schema. What cannot be mapped is listed by file and line, on stderr
 * and as comments at the top of the YAML.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Document } from "yaml";
import { parseConfig } from "../../config/load.js";
import { Mapper, type SourceKey, type Unmapped } from "./map.js";
import { parsePythonAssignments, PythonSyntaxError } from "./python-literal.js";

/** The directory cannot be read, or a file is not Python this reader understands. */
export class ImportError extends Error {
  override readonly name = "ImportError";
}

export interface ImportResult {
  readonly yaml: string;
  readonly config: Record<string, unknown>;
  /** Not carried over, with why. */
  readonly unmapped: readonly Unmapped[];
  /** Carried over with a remark (a fedmsg default written out). */
  readonly notes: readonly Unmapped[];
  readonly files: readonly string[];
}

export function importFedmsgConfig(dir: string): ImportResult {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".py"))
      .sort();
  } catch (err) {
    throw new ImportError(`cannot read ${dir}: ${(err as Error).message}`, { cause: err });
  }
  if (names.length === 0) throw new ImportError(`${dir} holds no *.py file (is it a fedmsg.d directory?)`);
  const merged = new Map<string, SourceKey>();
  const early: Unmapped[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let parsed;
    try {
      parsed = parsePythonAssignments(readFileSync(file, "utf8"));
    } catch (err) {
      if (err instanceof PythonSyntaxError)
        throw new ImportError(`${file}:${err.line}: ${err.message.replace(/^line \d+: /, "")}`, { cause: err });
      throw new ImportError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
    for (const s of parsed.skipped)
      early.push({ file, line: s.line, key: "(statement)", reason: `\`${s.source}\` is not an assignment of literals; not run` });
    const configs = parsed.assignments.filter((a) => a.name === "config");
    const config = configs.at(-1);
    if (!config) continue; // helper-only files (fedmsg ignores them too)
    if (config.value.kind !== "dict") {
      early.push({
        file,
        line: config.line,
        key: "config",
        reason: config.value.kind === "unsupported" ? `not a literal (${config.value.source})` : "not a dict",
      });
      continue;
    }
    for (const { key, value } of config.value.entries) {
      if (key.kind !== "str") early.push({ file, line: key.line, key: "config", reason: "a key that is not a string" });
      else merged.set(key.value, { key: key.value, value, file });
    }
  }
  const mapper = new Mapper();
  const config = mapper.map([...merged.values()]);
  // The output must load: a failure here is a mapping bug, not the operator's.
  parseConfig(config, "(imported)");
  const unmapped = [...early, ...mapper.unmapped].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const doc = new Document(config);
  doc.commentBefore = [
    ` fedmsg-echo config imported from ${dir} (${names.join(", ")}) by \`fedmsg-echo import-fedmsg-config\`.`,
    unmapped.length === 0 ? " Every key was carried over." : ` Not carried over (${unmapped.length}):`,
    ...unmapped.map((u) => `   ${formatItem(u)}`),
    ...(mapper.notes.length ? [" Notes:", ...mapper.notes.map((u) => `   ${formatItem(u)}`)] : []),
  ].join("\n");
  return { yaml: doc.toString({ lineWidth: 0 }), config, unmapped, notes: mapper.notes, files: names.map((n) => join(dir, n)) };
}

export function formatItem(u: Unmapped): string {
  return `${u.file}:${u.line}: ${u.key}: ${u.reason}`;
}
