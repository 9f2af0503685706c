/**
 * Hardening finding 2, through the real command in a child process: files that are not regular
 * files or are too large are refused with the file and key named; `replay` streams its input; every
 * command stops on SIGINT and SIGTERM.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, spawnCli } from "../helpers/cli.js";

/** Sends `signal` once the child has printed `ready` on stderr (or after `afterMs`), then waits for its exit. */
async function stopsOn(
  args: string[],
  signal: NodeJS.Signals,
  opts: { ready?: RegExp; afterMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; ms: number; stderr: string }> {
  const child = spawnCli(args, opts.env);
  let stderr = "";
  const ready = new Promise<void>((resolve) => {
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
      if (opts.ready?.test(stderr)) resolve();
    });
    if (!opts.ready) setTimeout(resolve, opts.afterMs ?? 1500);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await Promise.race([ready, exited]);
  await new Promise((r) => setTimeout(r, opts.afterMs ?? 300));
  const t0 = Date.now();
  child.kill(signal);
  const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const code = await exited;
  clearTimeout(killer);
  return { code, ms: Date.now() - t0, stderr };
}

describe("hostile files and signals (hardening finding 2)", function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-files-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("check-config --config /dev/zero is refused at once, naming the file", async () => {
    const r = await runCli(["check-config", "--config", "/dev/zero"], "", {}, 20_000);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /\/dev\/zero.*not a regular file/);
  });

  it("a secret file that is /dev/zero or a FIFO is refused, naming the file and the key", async () => {
    const fifo = join(dir, "token.fifo");
    execFileSync("mkfifo", [fifo]);
    for (const secret of ["/dev/zero", fifo]) {
      const cfg = join(dir, "secret.yaml");
      writeFileSync(cfg, `mastodon:\n  - instance: https://example.org\n    access_token_file: ${secret}\n`);
      const r = await runCli(["check-config", "--config", cfg], "", {}, 20_000);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /mastodon\.0\.access_token_file/);
      assert.match(r.stderr, /not a regular file/);
    }
  });

  it("an over-large secret file is refused", async () => {
    const big = join(dir, "big-token");
    writeFileSync(big, "x".repeat(100 * 1024));
    const cfg = join(dir, "big.yaml");
    writeFileSync(cfg, `mastodon:\n  - instance: https://example.org\n    access_token_file: ${big}\n`);
    const r = await runCli(["check-config", "--config", cfg], "", {}, 20_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /access_token_file.*more than the 65536 allowed/);
  });

  it("format --user-map /dev/zero is refused at once", async () => {
    const r = await runCli(["format", "--user-map", "/dev/zero"], "", {}, 20_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--user-map \/dev\/zero.*not a regular file/);
  });

  it("replay /dev/zero stops by itself with an error naming the line, instead of growing", async () => {
    const r = await runCli(["replay", "/dev/zero", "--bind", "tcp://127.0.0.1:*", "--delay", "0"], "", {}, 30_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\/dev\/zero:1: line longer than/);
  });

  // Each signal once per waiting state: a child process costs seconds under tsx.
  for (const [what, extra, signal] of [
    ["publishing in a loop", ["--loop", "--rate", "5"], "SIGINT"],
    ["waiting for subscribers", ["--wait-subscribers", "1"], "SIGTERM"],
  ] as const) {
    {
      it(`replay ${what} stops on ${signal}`, async () => {
        const file = join(dir, "replay.jsonl");
        writeFileSync(file, `${JSON.stringify({ topic: "org.fedoraproject.prod.foo.bar", msg: {} })}\n`);
        const r = await stopsOn(["replay", file, "--bind", "tcp://127.0.0.1:*", "--delay", "0", ...extra], signal, {
          ready: /publishing on/,
        });
        assert.ok(r.ms < 5000, `took ${r.ms} ms`);
        assert.equal(r.code, 0, r.stderr);
      });
    }
  }

  for (const [what, args, signals] of [
    ["format waiting on stdin", ["format"], ["SIGTERM"]],
    ["tail waiting for messages", ["tail", "--endpoint", "tcp://127.0.0.1:9"], ["SIGINT"]],
    ["irc retrying a server that is down", ["irc"], ["SIGINT", "SIGTERM"]],
  ] as const) {
    for (const signal of signals) {
      it(`${what} stops on ${signal}`, async () => {
        const cfg = join(dir, "irc.yaml");
        writeFileSync(
          cfg,
          "endpoints: {x: ['tcp://127.0.0.1:9']}\nirc:\n  - {network: 127.0.0.1, port: 9, tls: false, nickname: fedbot, channels: ['#x'], start_wait_ms: 60000}\n",
        );
        const r = await stopsOn([...args], signal, { afterMs: 1500, env: { FEDMSG_ECHO_CONFIG: args[0] === "irc" ? cfg : "" } });
        assert.ok(r.ms < 5000, `took ${r.ms} ms`);
      });
    }
  }
});
