/** Whether a config names a source: the one check that run, the bots and tail share. */
import type { Config } from "./schema.js";

/** At least one ZeroMQ address under `endpoints`. */
export function hasZmqEndpoints(endpoints: Config["endpoints"]): boolean {
  return Object.values(endpoints).some((addresses) => addresses.length > 0);
}

/** ZeroMQ endpoints or an AMQP broker: something to receive from. */
export function hasSource(config: Pick<Config, "endpoints" | "amqp">): boolean {
  return hasZmqEndpoints(config.endpoints) || config.amqp !== undefined;
}
