/** Every formatter file of a service or a schema package has its own test file, at the mirrored path. */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("architecture: test files mirror the formatters", () => {
  for (const dir of ["formatters/services", "formatters/schemas"]) {
    it(`each ${dir}/X.ts has test/${dir}/X.test.ts`, () => {
      const sources = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(".ts") && f !== "index.ts");
      assert.ok(sources.length > 20, `only ${sources.length} files in ${dir}`);
      const missing = sources.filter((f) => !existsSync(join(ROOT, "test", dir, f.replace(/\.ts$/, ".test.ts"))));
      assert.deepEqual(missing, []);
    });
  }
});
