/**
 * Hardening finding 6: the config loader reads YAML in linear time (the yaml package's own
 * duplicate-key check is quadratic in the keys of a map), and still refuses duplicate keys, naming
 * the file, the key and the line. Timing is measured in bench/config-yaml.ts, not here.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors.js";
import { loadConfig } from "../../config/load.js";

describe("config YAML duplicate keys (hardening finding 6)", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-yaml-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function problems(yaml: string): { file: string | null; key: string; reason: string }[] {
    const f = join(dir, "c.yaml");
    writeFileSync(f, yaml);
    try {
      loadConfig(f);
    } catch (err) {
      if (err instanceof ConfigError) return [...err.problems];
      throw err;
    }
    return [];
  }

  it("refuses a duplicate top-level key, naming it and its line", () => {
    const p = problems("environment: dev\ntopic_prefix: x\nenvironment: prod\n");
    assert.equal(p.length, 1);
    assert.equal(p[0]?.key, "environment");
    assert.match(p[0].reason, /duplicate key.*line 3/);
  });

  it("refuses a duplicate inside a nested map and inside a list item", () => {
    assert.equal(problems("user_map:\n  a: x\n  b: y\n  a: z\n")[0]?.key, "user_map.a");
    assert.equal(problems("irc:\n  - network: a\n    nickname: n\n    network: b\n")[0]?.key, "irc.0.network");
    assert.equal(problems("user_map: {a: x, 'a': y}\n")[0]?.key, "user_map.a", "quoting does not make another key");
  });

  it("takes the same key in different maps, and a large map without duplicates", () => {
    let big = "user_map:\n";
    for (let i = 0; i < 5000; i++) big += `  user${i}@example.org: user${i}\n`;
    const f = join(dir, "big.yaml");
    writeFileSync(f, `${big}irc:\n  - {network: a, nickname: n, channels: ['#a']}\n  - {network: a, nickname: m, channels: ['#a']}\n`);
    const c = loadConfig(f).config;
    assert.equal(Object.keys(c.user_map).length, 5000);
    assert.equal(c.user_map["user4999@example.org"], "user4999");
  });

  it("finds the one duplicate at the end of a large map", () => {
    let big = "user_map:\n";
    for (let i = 0; i < 5000; i++) big += `  user${i}: u${i}\n`;
    const p = problems(`${big}  user17: again\n`);
    assert.equal(p[0]?.key, "user_map.user17");
    assert.match(p[0].reason, /line 5002/);
  });

  it("still reports YAML syntax errors", () => {
    assert.match(problems("a: [1, 2\n")[0]?.reason ?? "", /not valid YAML/);
  });
});
