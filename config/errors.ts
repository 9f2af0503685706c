/**
 * Why a command cannot start: the operator must fix the config, a file it names,
 * an account or the server's side, and retrying as is will not help. The CLI
 * prints `fedmsg-echo: <heading>:` with the message indented below, and exits
 * with `exitCode` (README "The CLI": 1 for a config or start problem).
 */
export abstract class StartError extends Error {
  abstract readonly heading: string;
  readonly exitCode: number = 1;
}

/** A config problem: which file, which key, and why. Stops the start. */
export class ConfigError extends StartError {
  override readonly name = "ConfigError";
  readonly heading = "bad config";
  constructor(
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(problems.map(formatProblem).join("\n"), options);
  }
}

export interface ConfigProblem {
  /** The file the key came from, or null (a default, or the whole merged config). */
  readonly file: string | null;
  /** Dotted key path, e.g. `irc.0.channels.1.name`; empty for the whole file. */
  readonly key: string;
  readonly reason: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file ?? "(config)"}: ${p.key === "" ? "" : `${p.key}: `}${p.reason}`;
}
