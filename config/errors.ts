/** A config problem: which file, which key, and why. Stops the start. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
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
