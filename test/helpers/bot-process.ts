/** A bot as an operator runs it: `fedmsg-echo <kind> --config DIR` in a child process, with its stderr kept. */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCli } from "./cli.js";

export interface BotProcess {
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (null after a signal). */
  exited(): Promise<number | null>;
}

export function startBotProcess(kind: "irc" | "mastodon", config: unknown): BotProcess & { readonly cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-bot-"));
  writeFileSync(join(dir, "bot.json"), JSON.stringify(config));
  const child = spawnCli([kind, "--config", dir]);
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString("utf8")));
  child.stdout?.resume();
  const exit = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return {
    child,
    stderr: () => err,
    exited: () => exit,
    cleanup: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
