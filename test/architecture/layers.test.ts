/**
 * The import-direction rules of eslint.config.js (run by `npm run lint`) are in force: lint a few
 * one-line files placed in each layer and see which imports are refused.
 */
import { strict as assert } from "node:assert";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The texts linted here are at paths that do not exist, so no tsconfig holds them: they are linted
// without type information (the import rules need none), as eslint.config.js lints plain JS.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

/** The no-restricted-imports messages for `import type { X } from "<spec>"` written in `file`. */
async function refused(file: string, spec: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import type { X } from "${spec}";\nexport type Y = X;\n`, { filePath: join(ROOT, file) });
  const messages = result?.messages ?? [];
  // A text the linter could not parse has no rule messages at all: that must not pass for "allowed".
  const fatal = messages.find((m) => m.fatal === true);
  assert.equal(fatal, undefined, `${file}: ${fatal?.message ?? ""}`);
  return messages.some((m) => m.ruleId === "no-restricted-imports");
}

describe("architecture: import directions (lint)", function () {
  this.timeout(20_000);

  it("formatters/ never imports bots/ or config/", async () => {
    assert.equal(await refused("formatters/services/x.ts", "../../bots/log.js"), true);
    assert.equal(await refused("formatters/x.ts", "../config/schema.js"), true);
    assert.equal(await refused("formatters/services/x.ts", "../util/text.js"), false);
  });

  it("outside formatters/, only formatters/index.js", async () => {
    assert.equal(await refused("bots/x.ts", "../formatters/render/irc.js"), true);
    assert.equal(await refused("config/x.ts", "../formatters/types.js"), true);
    assert.equal(await refused("bots/irc/x.ts", "../../formatters/render/irc.js"), true);
    assert.equal(await refused("bots/x.ts", "../formatters/index.js"), false);
    assert.equal(await refused("bots/irc/x.ts", "../../formatters/index.js"), false);
  });

  it("no transport imports another", async () => {
    const transports = ["irc", "mastodon", "matrix", "web", "console"];
    for (const from of transports) {
      for (const to of transports) {
        assert.equal(await refused(`bots/${from}/x.ts`, `../${to}/y.js`), from !== to, `${from} -> ${to}`);
      }
      assert.equal(await refused(`bots/${from}/x.ts`, "../log.js"), false, `${from} -> bots/log.ts`);
    }
    assert.equal(await refused("bots/run.ts", "./irc/main.js"), false, "the runner may import a transport");
  });
});
