/**
 * What `npm pack` puts in the package: what a user of the CLI and the library needs (the compiled
 * code every packed module imports, the formatter library bundled as its own package
 * fedmsg-echo-formatters with its types, re-exported as `fedmsg-echo/formatters`, the example
 * config, the reference, the demo's messages, the systemd unit) and nothing else (no sources,
 * tests, benches, source maps, types of internal modules, container or CI files).
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The formatter library's package: a workspace (formatters/), bundled into the root's tarball. */
const LIB = "fedmsg-echo-formatters";
const BUNDLED = `node_modules/${LIB}`;

interface Packed {
  files: { path: string; size: number }[];
  size: number;
  unpackedSize: number;
}

describe("npm pack", function () {
  this.timeout(120_000);
  let packed: Packed;
  let paths: Set<string>;

  before(function () {
    assert.ok(existsSync(join(ROOT, "dist/bots/cli.js")), "dist/ is missing: run `npm run build` first (npm test does)");
    // --ignore-scripts: `prepare` would rebuild; the build is npm test's first step.
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    packed = (JSON.parse(out) as Packed[])[0] as Packed;
    paths = new Set(packed.files.map((f) => f.path));
  });

  it("holds the CLI, the library with its types, and the files the commands and operators read", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      exports: Record<string, string | Record<string, string>>;
    };
    const needed = [
      "package.json",
      "README.md",
      "config/example.yaml",
      "config/REFERENCE.md",
      "config/demo/messages.jsonl",
      "config/systemd/fedmsg-echo@.service",
      ...Object.values(pkg.bin),
      ...Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e))),
    ].map((p) => normalize(p).replace(/^\.\//, ""));
    for (const p of needed) assert.ok(paths.has(p), `${p} is packed`);
  });

  it("bundles the formatter library with its package.json, README, code and types", () => {
    const lib = JSON.parse(readFileSync(join(ROOT, "formatters/package.json"), "utf8")) as {
      name: string;
      exports: Record<string, string | Record<string, string>>;
    };
    assert.equal(lib.name, LIB);
    const needed = [
      "package.json",
      "README.md",
      ...Object.values(lib.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e))),
    ];
    for (const p of needed.map((q) => `${BUNDLED}/${normalize(q).replace(/^\.\//, "")}`)) assert.ok(paths.has(p), `${p} is packed`);
  });

  it("holds every module that a packed module imports, and every type file a packed type file imports", () => {
    let checked = 0;
    for (const p of paths) {
      if (!/\.(js|d\.ts)$/.test(p)) continue;
      // The bundled library is read where npm packs it from (the workspace link).
      const text = readFileSync(join(ROOT, p), "utf8");
      if (/from\s*["']fedmsg-echo-formatters["']/.test(text))
        assert.ok(paths.has(`${BUNDLED}/package.json`), `${p} imports ${LIB}, which is not bundled`);
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        let target = normalize(join(dirname(p), m[1] ?? ""));
        if (p.endsWith(".d.ts")) target = target.replace(/\.js$/, ".d.ts");
        assert.ok(paths.has(target), `${p} imports ${m[1]}, which is not packed`);
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} imports checked`);
  });

  it("holds nothing else: no sources, tests, benches, maps, internal types, container or CI files, no other bundled package", () => {
    const allowed = [
      /^package\.json$/,
      /^README\.md$/,
      /^LICENSE/,
      /^config\/[^/]+\.yaml$/,
      /^config\/REFERENCE\.md$/,
      /^config\/demo\/messages\.jsonl$/,
      /^config\/systemd\/[^/]+$/,
      /^dist\/(bots|config|formatters)\/.+\.js$/,
      /^bots\/export\/formatters\.(js|d\.ts)$/,
      /^bots\/web\/static\/[^/]+$/,
      new RegExp(`^${BUNDLED}/(package\\.json|README\\.md|LICENSE|dist/.+\\.(js|d\\.ts))$`),
    ];
    const stray = [...paths].filter((p) => !allowed.some((re) => re.test(p)));
    assert.ok(paths.has("LICENSE") && paths.has(`${BUNDLED}/LICENSE`), "the licence travels with the package and the bundled library");
    assert.deepEqual(stray, []);
    assert.ok(![...paths].some((p) => p.endsWith("reference.js")), "the reference generator is a development tool");
  });
});
