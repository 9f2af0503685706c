/**
 * Loading the config: a file or a directory (`*.yaml`, `*.yml`, `*.json`, merged
 * recursively in file-name order, the fedmsg.d habit), `${VAR}` and
 * `${VAR:-default}` expanded from the environment, `<key>_file` keys replaced by
 * the file's content (for secrets), then checked against the one schema. Every
 * problem names the file, the key and the reason.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError, type ConfigProblem } from "./errors.js";
import { CONFIG_FILE_MAX_BYTES, FileReadError, SECRET_FILE_MAX_BYTES, readBoundedText } from "./read-file.js";
import { configSchema, type Config } from "./schema.js";
import { CHANNEL_KEY, REDACTED, SECRET_KEYS, URL_KEYS, redactUrl } from "./secrets.js";
import { YamlConfigError, parseConfigYaml } from "./yaml.js";

export const CONFIG_ENV = "FEDMSG_ECHO_CONFIG";
const CONFIG_EXT = /\.(ya?ml|json)$/i;

export interface LoadedConfig {
  readonly config: Config;
  /** The files read, in merge order. */
  readonly files: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Origins = Map<string, string>;

/** Load and check the config at `path` (file or directory); no path means defaults only. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const files = path === undefined ? [] : listFiles(path);
  const problems: ConfigProblem[] = [];
  const origins: Origins = new Map();
  let merged: Record<string, Json> = {};
  for (const file of files) {
    const doc = readDoc(file, problems);
    if (doc === undefined) continue;
    const expanded = expand(doc, file, [], env, problems);
    merged = mergeInto(merged, expanded as Record<string, Json>, file, [], origins);
  }
  if (problems.length) throw new ConfigError(problems);
  return { config: validate(merged, origins, files), files };
}

/** Check an in-memory config object (tests, the demo). */
export function parseConfig(value: unknown, source = "(inline)"): Config {
  const origins: Origins = new Map([["", source]]);
  return validate(value, origins, [source]);
}

function validate(value: unknown, origins: Origins, files: readonly string[]): Config {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue): ConfigProblem => {
    const path = issue.path.map(String);
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const keyPaths = keys.length ? keys.map((k) => [...path, k]) : [path];
    return {
      file: originOf(origins, keyPaths[0] ?? path) ?? (files.length === 1 ? (files[0] ?? null) : null),
      key: keyPaths.map((p) => p.join(".")).join(", "),
      reason: issue.code === "unrecognized_keys" ? `unknown key${keys.length > 1 ? "s" : ""}` : issue.message,
    };
  });
  throw new ConfigError(problems);
}

function originOf(origins: Origins, path: readonly string[]): string | undefined {
  for (let n = path.length; n >= 0; n--) {
    const f = origins.get(path.slice(0, n).join("."));
    if (f) return f;
  }
  return undefined;
}

function listFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new ConfigError([{ file: path, key: "", reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }], {
      cause: err,
    });
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => CONFIG_EXT.test(f))
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
}

function readDoc(file: string, problems: ConfigProblem[]): Record<string, Json> | undefined {
  let text: string;
  try {
    text = readBoundedText(file, CONFIG_FILE_MAX_BYTES);
  } catch (err) {
    problems.push({ file, key: "", reason: err instanceof FileReadError ? err.reason : String(err) });
    return undefined;
  }
  let doc: unknown;
  try {
    doc = /\.json$/i.test(file) ? JSON.parse(text) : parseConfigYaml(text);
  } catch (err) {
    if (err instanceof YamlConfigError && err.key !== "") {
      problems.push({ file, key: err.key, reason: err.message });
      return undefined;
    }
    problems.push({
      file,
      key: "",
      reason: `not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(err as Error).message.split("\n")[0]}`,
    });
    return undefined;
  }
  if (doc === null || doc === undefined) return {}; // an empty file is allowed
  if (typeof doc !== "object" || Array.isArray(doc)) {
    problems.push({ file, key: "", reason: "the top level must be a mapping of keys" });
    return undefined;
  }
  return doc as Record<string, Json>;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function expand(v: Json, file: string, path: string[], env: NodeJS.ProcessEnv, problems: ConfigProblem[]): Json {
  if (typeof v === "string") {
    return v.replace(VAR, (_m, name: string, fallback: string | undefined) => {
      const val = env[name];
      if (val !== undefined) return val;
      if (fallback !== undefined) return fallback;
      problems.push({ file, key: path.join("."), reason: `environment variable ${name} is not set` });
      return "";
    });
  }
  if (Array.isArray(v)) return v.map((x, i) => expand(x, file, [...path, String(i)], env, problems));
  if (v !== null && typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) {
      const val = expand(x, file, [...path, k], env, problems);
      const m = /^(.+)_file$/.exec(k);
      // `<key>_file: PATH` reads a secret from a file; `ca_file`-style keys that the schema knows stay paths.
      if (m && m[1] && FILE_KEYS.has(m[1]) && typeof val === "string") {
        try {
          out[m[1]] = readBoundedText(val, SECRET_FILE_MAX_BYTES).replace(/\r?\n$/, "");
        } catch (err) {
          problems.push({
            file,
            key: [...path, k].join("."),
            reason: `secret file ${val}: ${err instanceof FileReadError ? err.reason : String(err)}`,
          });
        }
      } else out[k] = val;
    }
    return out;
  }
  return v;
}

/** Keys whose value may come from a file named by `<key>_file`. */
const FILE_KEYS: ReadonlySet<string> = new Set([...SECRET_KEYS, ...URL_KEYS]);

function mergeInto(
  base: Record<string, Json>,
  over: Record<string, Json>,
  file: string,
  path: string[],
  origins: Origins,
): Record<string, Json> {
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const p = [...path, k];
    const prev = out[k];
    if (isMap(prev) && isMap(v)) out[k] = mergeInto(prev, v, file, p, origins);
    else {
      out[k] = v; // scalars and lists: the later file wins
      markOrigins(v, p, file, origins);
    }
  }
  return out;
}

function markOrigins(v: Json, path: string[], file: string, origins: Origins): void {
  origins.set(path.join("."), file);
  if (Array.isArray(v)) v.forEach((x, i) => markOrigins(x, [...path, String(i)], file, origins));
  else if (isMap(v)) for (const [k, x] of Object.entries(v)) markOrigins(x, [...path, k], file, origins);
}

function isMap(v: Json | undefined): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The effective config with secrets replaced by "<redacted>", for printing and logs. */
export function redactConfig(config: Config): unknown {
  return redact(config);
}

const WHOLE: ReadonlySet<string> = new Set([...SECRET_KEYS, CHANNEL_KEY]);
const URLS: ReadonlySet<string> = new Set(URL_KEYS);
function redact(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => redact(x));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x, k)]));
  }
  if (typeof v === "string" && WHOLE.has(key)) return REDACTED;
  // A URL is only secret in its credentials.
  if (typeof v === "string" && URLS.has(key)) return redactUrl(v);
  return v;
}

export function resolveConfigPath(cli: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = cli ?? env[CONFIG_ENV];
  return p === undefined || p === "" ? undefined : resolve(p);
}
