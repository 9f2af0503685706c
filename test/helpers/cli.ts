/** Run the real `fedmsg-echo` command (from the TypeScript sources, through tsx) in a child process. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm test` builds first and sets FEDMSG_ECHO_CLI=dist to run the compiled CLI (much faster to
 * start); a plain `mocha` run uses the sources through tsx, so it never tests a stale build.
 */
const USE_DIST = process.env.FEDMSG_ECHO_CLI === "dist";
const CLI = fileURLToPath(new URL(USE_DIST ? "../../dist/bots/cli.js" : "../../bots/cli.ts", import.meta.url));

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [...(USE_DIST ? [] : ["--import", "tsx"]), CLI, ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run to completion with `input` on stdin. */
export function runCli(args: string[], input = "", env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fedmsg-echo ${args.join(" ")} did not finish in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

/**
 * `fedmsg-echo replay FILE --bind tcp://127.0.0.1:*` with `args` after: the OS picks the port, and
 * this resolves with the endpoint replay reports once bound (it waits for subscribers if asked).
 */
export function startReplay(file: string, args: string[], timeoutMs = 30_000): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawnCli(["replay", file, "--bind", "tcp://127.0.0.1:*", ...args]);
  let stderr = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`replay did not bind in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
      const m = /replay: publishing on (tcp:\/\/\S+)/.exec(stderr);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, endpoint: m[1] });
      }
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`replay exited (${code}) before binding: ${stderr}`));
    });
  });
}

/** Resolves with the child's exit code (null after a signal), also when it has exited already. */
export function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("close", (code) => resolve(code)),
  );
}

/** What `withProcessDir` gives each test. */
export interface ProcessDir {
  /** A fresh directory for the test's config files and messages. */
  readonly dir: string;
  /** The processes the test spawns: each still running afterwards is killed and waited for. */
  readonly children: ChildProcess[];
}

/**
 * Per test of the calling `describe`: a fresh temporary directory (`prefix` names it) and the list of
 * its child processes; afterwards the children are killed (SIGKILL) and reaped, and the directory removed.
 */
export function withProcessDir(prefix: string): ProcessDir {
  let dir = "";
  const children: ChildProcess[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), prefix))));
  afterEach(async () => {
    await Promise.all(
      children.splice(0).map((c) => {
        const exited = exitCode(c);
        if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
        return exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    children,
  };
}
