/**
 * The import graph of the program (bots/, config/, formatters/), type imports included,
 * read with the TypeScript compiler's own import scanner: it has no cycle, and neither has the
 * graph of the tests and benchmarks with it.
 */
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const LAYERS = ["bots", "config", "formatters"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** File -> the files it imports (static, dynamic and `import type`; re-exports too). */
export function importGraph(dirs: readonly string[] = LAYERS): Map<string, string[]> {
  const files = dirs.flatMap(sourceFiles);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, ".ts"))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("architecture: imports", () => {
  it("the cycle finder finds a cycle through a type import and a self-import", () => {
    const g = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["d.ts"]],
      ["e.ts", ["a.ts"]],
    ]);
    assert.deepEqual(cycles(g), [["a.ts", "b.ts", "c.ts"], ["d.ts"]]);
  });

  it("the scanner sees type-only, dynamic and re-export imports", () => {
    const info = ts.preProcessFile(
      'import type { A } from "./a.js";\nexport { B } from "./b.js";\nconst c = await import("./c.js");\n',
      true,
      true,
    );
    assert.deepEqual(info.importedFiles.map((f) => f.fileName).sort(), ["./a.js", "./b.js", "./c.js"]);
  });

  it("bots/, config/ and formatters/ import each other without a cycle", () => {
    const graph = importGraph();
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.deepEqual(cycles(graph), []);
  });

  it("nor do the tests and benchmarks, with the program they import", () => {
    const graph = importGraph([...LAYERS, "test", "bench"]);
    assert.ok(graph.size > 400, `only ${graph.size} files read`);
    assert.deepEqual(cycles(graph), []);
  });
});
