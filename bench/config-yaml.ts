/**
 * Loading a config with a large user_map (hardening finding 6): figures for the loader, and with
 * `--before` for the yaml package's own duplicate-key check (quadratic; minutes at 40,000 keys).
 * Usage: tsx bench/config-yaml.ts [--before] [N ...]   (default N: 20000 40000 300000)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../config/load.js";

const args = process.argv.slice(2);
const before = args.includes("--before");
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-bench-yaml-"));
try {
  for (const n of sizes.length ? sizes : [20_000, 40_000, 300_000]) {
    const lines = ["user_map:"];
    for (let i = 0; i < n; i++) lines.push(`  user${i}@example.org: user${i}`);
    const text = `${lines.join("\n")}\n`;
    const file = join(dir, `map-${n}.yaml`);
    writeFileSync(file, text);
    let t = performance.now();
    const loaded = loadConfig(file).config;
    const after = performance.now() - t;
    const json = join(dir, `map-${n}.json`);
    writeFileSync(json, JSON.stringify({ user_map: loaded.user_map }));
    t = performance.now();
    loadConfig(json);
    const asJson = performance.now() - t;
    let old = "";
    if (before) {
      t = performance.now();
      parse(text);
      old = `  yaml.parse with uniqueKeys (before) ${(performance.now() - t).toFixed(0)} ms`;
    }
    console.log(
      `${String(n).padStart(7)} entries, ${(text.length / 1e6).toFixed(1)} MB: loadConfig YAML ${after.toFixed(0)} ms, JSON ${asJson.toFixed(0)} ms${old}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
