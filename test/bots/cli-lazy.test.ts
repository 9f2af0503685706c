/**
 * A command loads only what it uses: each command's module is imported when that command runs,
 * and the AMQP client, the Redis client and the signature stage only when the config asks for
 * them. Memory a library takes at start is held for as long as a bot runs (issue 13: idle RSS).
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort, waitFor } from "../helpers/collect.js";

const USE_DIST = process.env.FEDMSG_ECHO_CLI === "dist";
const CLI = fileURLToPath(new URL(USE_DIST ? "../../dist/bots/cli.js" : "../../bots/cli.ts", import.meta.url));

describe("fedmsg-echo loads only what a command uses", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-lazy-"));
    // A module hook that writes the URL of every module loaded (ESM and the entry of each CommonJS package).
    writeFileSync(
      join(dir, "hooks.mjs"),
      `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  const r = await next(url, context);
  appendFileSync(${JSON.stringify(join(dir, "loaded.txt"))}, url + "\\n");
  return r;
}
`,
    );
    writeFileSync(
      join(dir, "register.mjs"),
      `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("tail on a ZeroMQ endpoint loads no AMQP client, Redis client, signature stage, replay, demo or rate limiter", async () => {
    const log = join(dir, "loaded.txt");
    const child = spawn(
      process.execPath,
      [
        ...(USE_DIST ? [] : ["--import", "tsx"]),
        "--import",
        join(dir, "register.mjs"),
        CLI,
        "tail",
        "--endpoint",
        `tcp://127.0.0.1:${await freePort()}`,
      ],
      { stdio: "ignore", env: { ...process.env, FEDMSG_ECHO_CONFIG: "" } },
    );
    try {
      const loaded = () => (existsSync(log) ? readFileSync(log, "utf8") : "");
      // The ZeroMQ source is loaded with the rest of the bot's static imports: by then all of them are.
      await waitFor(() => /\/bots\/sources\/zmq\.(js|ts)\n/.test(loaded()), "the ZeroMQ source to load");
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(child.exitCode, null, "tail is still running");
      const urls = loaded().split("\n");
      for (const unwanted of [
        /\/node_modules\/amqplib\//,
        /\/node_modules\/ioredis\//,
        /\/node_modules\/bottleneck\//,
        /\/bots\/sources\/amqp\.(js|ts)$/,
        /\/bots\/redis\.(js|ts)$/,
        /\/bots\/verify\.(js|ts)$/,
        /\/bots\/replay\.(js|ts)$/,
        /\/bots\/demo\.(js|ts)$/,
        /\/bots\/service\.(js|ts)$/,
      ]) {
        assert.deepEqual(
          urls.filter((u) => unwanted.test(u)),
          [],
          `${unwanted.source} loaded`,
        );
      }
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("close", r)));
    }
  });
});
