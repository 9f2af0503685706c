/**
 * YAML for config files in linear time. The yaml package's own duplicate-key check (`uniqueKeys`)
 * compares every key of a map with every earlier one: a user_map of 20,000 entries took 12 s to
 * load and 300,000 never finished. Here the check is off and duplicates are found in one pass over
 * the parsed document, with a set per map.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";

export class YamlConfigError extends Error {
  override readonly name = "YamlConfigError";
  constructor(
    message: string,
    /** Dotted path of the offending key; empty for a syntax error. */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Parses one YAML document; throws YamlConfigError on a syntax error or a duplicate key. */
export function parseConfigYaml(text: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  const [error] = doc.errors;
  if (error) throw new YamlConfigError(error.message.split("\n")[0] ?? error.message, "", { cause: error });
  const dup = firstDuplicate(doc.contents);
  if (dup) {
    const line = dup.offset === undefined ? "" : ` (line ${lines.linePos(dup.offset).line})`;
    throw new YamlConfigError(`duplicate key${line}`, dup.path.join("."));
  }
  return doc.toJS({ maxAliasCount: 100 });
}

interface Duplicate {
  readonly path: readonly string[];
  readonly offset: number | undefined;
}

/** The first key that appears twice in one map, depth first; keys compare as the strings they become in JS. */
function firstDuplicate(root: unknown): Duplicate | undefined {
  const stack: { node: unknown; path: string[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: string[] };
    if (isMap(node)) {
      const seen = new Set<string>();
      const children: { node: unknown; path: string[] }[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyString(pair.key);
        if (seen.has(key)) return { path: [...path, key], offset: (pair.key as Node | null)?.range?.[0] };
        seen.add(key);
        children.push({ node: pair.value, path: [...path, key] });
      }
      // Reversed, so that the first child is looked at first.
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as { node: unknown; path: string[] });
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], path: [...path, String(i)] });
    }
  }
  return undefined;
}

function keyString(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (isAlias(key)) return `*${key.source}`;
  if (key === null || key === undefined) return "";
  return JSON.stringify((key as { toJSON(): unknown }).toJSON());
}
