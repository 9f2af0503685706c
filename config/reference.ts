/**
 * Writes config/REFERENCE.md from the one config schema: every key with its type, default and
 * doc comment. `npm run reference` regenerates it; test/config/reference.test.ts fails when the
 * file is out of step with the schema.
 *
 * Types and defaults come from the running schema (zod 4's `z.toJSONSchema`, input side: what an
 * operator writes). The doc comments are the `/** ... *\/` comments above each key in config/*.ts,
 * read with the TypeScript compiler: the schema keeps them as comments rather than `.describe()`
 * calls so that the code reads the same to people and to the reference, and a second copy of every
 * sentence in `.describe()` would drift. A development tool (it needs `typescript`): not in the build.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { z } from "zod";
import { SECRET_KEYS } from "./secrets.js";
import { configSchema } from "./schema.js";

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  additionalProperties?: Json | boolean;
  anyOf?: Json[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
};

const SCHEMA_FILE = fileURLToPath(new URL("./schema.ts", import.meta.url));
export const REFERENCE_FILE = fileURLToPath(new URL("./REFERENCE.md", import.meta.url));
/** zod writes this for `.int()` without a bound of ours. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Doc comments by key path (`irc[].channels[].name`, `endpoints.*`), read from the schema's sources. */
export function docComments(file = SCHEMA_FILE, exportName = "configSchema"): Map<string, string> {
  // Syntax only (no type checker): a Program with its lib and zod's types takes seconds to build.
  const files = new Map<string, ts.SourceFile>();
  const sourceOf = (path: string): ts.SourceFile => {
    let sf = files.get(path);
    if (!sf) {
      sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
      files.set(path, sf);
    }
    return sf;
  };
  /** The declaration of `name` in `sf`: a top-level const there, or followed through a relative import. */
  const declarationOf = (sf: ts.SourceFile, name: string): ts.VariableDeclaration | undefined => {
    for (const st of sf.statements) {
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text.startsWith(".")) {
        const bindings = st.importClause?.namedBindings;
        if (!bindings || !ts.isNamedImports(bindings)) continue;
        const el = bindings.elements.find((e) => e.name.text === name);
        if (el)
          return declarationOf(
            sourceOf(join(dirname(sf.fileName), st.moduleSpecifier.text.replace(/\.js$/, ".ts"))),
            (el.propertyName ?? el.name).text,
          );
      }
    }
    return undefined;
  };
  const out = new Map<string, string>();
  const docOf = (node: ts.Node): string | undefined => {
    const text = ts
      .getJSDocCommentsAndTags(node)
      .map((d) => (ts.isJSDoc(d) ? ts.getTextOfJSDocComment(d.comment) : undefined))
      .filter(Boolean)
      .join(" ");
    return text ? text.replace(/\s+/g, " ").trim() : undefined;
  };
  const seen = new Set<ts.Node>();
  const walk = (node: ts.Expression, path: string): void => {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      walk(node.expression, path);
      return;
    }
    if (ts.isIdentifier(node)) {
      const decl = declarationOf(node.getSourceFile(), node.text);
      if (!decl?.initializer || seen.has(decl)) return;
      seen.add(decl);
      const statement = decl.parent.parent;
      const doc = docOf(statement);
      if (doc && path && !out.has(path)) out.set(path, doc);
      walk(decl.initializer, path);
      seen.delete(decl);
      return;
    }
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
    const method = node.expression.name.text;
    const target = node.expression.expression;
    const [first, second] = node.arguments;
    if (!(ts.isIdentifier(target) && target.text === "z")) {
      walk(target, path); // .default(), .min(), .refine(), ...
      return;
    }
    if ((method === "object" || method === "strictObject" || method === "looseObject") && first && ts.isObjectLiteralExpression(first)) {
      for (const prop of first.properties) {
        if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) continue;
        const key = path ? `${path}.${prop.name.text}` : prop.name.text;
        const doc = docOf(prop);
        if (doc) out.set(key, doc);
        walk(prop.initializer, key);
      }
    } else if (method === "array" && first) walk(first, `${path}[]`);
    else if (method === "record" && second) walk(second, `${path}.*`);
    else if ((method === "optional" || method === "nullable") && first) walk(first, path);
    else if (method === "preprocess" && second)
      walk(second, path); // z.preprocess(fn, schema): the schema is documented
    else if (method === "union" && first && ts.isArrayLiteralExpression(first)) for (const el of first.elements) walk(el, path);
  };
  const root = declarationOf(sourceOf(file), exportName);
  if (!root?.initializer) throw new Error(`no ${exportName} in ${file}`);
  walk(root.initializer, "");
  return out;
}

interface Row {
  readonly key: string;
  readonly type: string;
  readonly dflt: string;
  readonly doc: string;
}

function typeOf(s: Json): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const t = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  if (t === "array") return `list of ${s.items ? typeOf(s.items) : "any"}${s.minItems ? ` (at least ${s.minItems})` : ""}`;
  if (t === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object")
    return `map of ${typeOf(s.additionalProperties)}`;
  const bounds: string[] = [];
  if (s.minimum !== undefined && s.minimum > -MAX_SAFE) bounds.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < MAX_SAFE) bounds.push(`≤ ${s.maximum}`);
  if (s.minLength) bounds.push("not empty");
  return bounds.length ? `${t} ${bounds.join(", ")}` : t;
}

function rows(s: Json, path: string, required: boolean, docs: Map<string, string>, out: Row[]): void {
  if (path) {
    const objectDefault = s.default !== null && typeof s.default === "object" && !Array.isArray(s.default) && s.properties;
    const value = s.default !== undefined ? s.default : TOP_DEFAULTS[path];
    const dflt = path.endsWith(".*")
      ? ""
      : value !== undefined
        ? objectDefault
          ? "(its keys' defaults)"
          : `\`${JSON.stringify(value)}\``
        : required
          ? "**required**"
          : "(unset)";
    out.push({ key: path, type: typeOf(s), dflt, doc: docs.get(path) ?? "" });
  }
  const objects = [s, ...(s.anyOf ?? []), ...(s.items ? [s.items, ...(s.items.anyOf ?? [])] : [])];
  for (const o of objects) {
    const base = o === s.items || (s.items?.anyOf ?? []).includes(o) ? `${path}[]` : path;
    for (const [k, child] of Object.entries(o.properties ?? {}))
      rows(child, base ? `${base}.${k}` : k, (o.required ?? []).includes(k), docs, out);
    if (
      o.additionalProperties &&
      typeof o.additionalProperties === "object" &&
      (o.additionalProperties.properties || o.additionalProperties.items)
    ) {
      rows(o.additionalProperties, `${base}.*`, false, docs, out);
    }
  }
}

/** zod's JSON Schema leaves out some defaults (a list of objects with a refinement); the parse of `{}` has them all. */
const TOP_DEFAULTS: Readonly<Record<string, unknown>> = configSchema.parse({});

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderReference(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Json;
  const out: Row[] = [];
  rows(schema, "", false, docComments(), out);
  const seen = new Set<string>();
  const unique = out.filter((r) => !seen.has(r.key) && seen.add(r.key));
  return [
    "# fedmsg-echo configuration reference",
    "",
    "<!-- Generated from config/schema.ts by `npm run reference` (config/reference.ts); do not edit. -->",
    "",
    "Every key the config schema knows, with its type, default and the comment above it in the",
    "schema. Unknown keys are errors. `key[]` is an element of a list, `key.*` any key of a map.",
    "`${VAR}` and `${VAR:-default}` in values read the environment; for the secret keys",
    `(${[...SECRET_KEYS]
      .sort()
      .map((k) => `\`${k}\``)
      .join(", ")}) \`<key>_file: PATH\` reads the value from a file.`,
    "",
    "| key | type | default | description |",
    "|---|---|---|---|",
    ...unique.map((r) => `| \`${cell(r.key)}\` | ${cell(r.type)} | ${cell(r.dflt)} | ${cell(r.doc)} |`),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REFERENCE_FILE, renderReference());
  process.stdout.write(`wrote ${REFERENCE_FILE}\n`);
}
