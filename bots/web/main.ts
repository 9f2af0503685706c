/** The web bot's entry for the runner: one web sink (the `web` section of the config). */
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { WebSink } from "./sink.js";

export { WebSink } from "./sink.js";

export function createWebSinks(config: Config, deps: { log: Logger; metrics: Metrics }): Sink[] {
  return [new WebSink({ config: config.web, ...deps })];
}
