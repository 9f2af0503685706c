/**
 * The IRC bot's entry for the runner: one sink per configured connection
 * (`irc:` list of the config). The runner starts them, feeds them from the
 * pipeline and calls stop(shutdown_deadline_ms) on SIGTERM/SIGINT.
 */
import { readFileSync } from "node:fs";
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { uniqueSinkNames } from "../sink-names.js";
import { IrcSink } from "./sink.js";

export { IrcSink } from "./sink.js";
export { IrcAuthError, IrcConfigError, IrcTlsError } from "./errors.js";

export function createIrcSinks(config: Config, deps: { log: Logger; metrics: Metrics }): IrcSink[] {
  const version = `fedmsg-echo ${packageVersion()} (Node ${process.versions.node}, irc-framework)`;
  const sinkName = uniqueSinkNames();
  return config.irc.map((c) => new IrcSink(sinkName(`irc:${c.network}:${c.port}`), c, { ...deps, version }));
}

function packageVersion(): string {
  // From bots/irc/ in the sources, from dist/bots/irc/ once built.
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "fedmsg-echo" && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return "unknown";
}
