/** The Matrix bot's entry for the runner: one sink per configured account (`matrix:` list of the config). */
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { FlowClock } from "../flow/clock.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { createMatrixApi, type MatrixApi } from "./api.js";
import { MatrixSink } from "./sink.js";
import type { ThreadStore } from "./threads.js";

export { MatrixSink } from "./sink.js";
export { MatrixTransport, transactionId } from "./transport.js";
export { MatrixAuthError, MatrixRoomError, MatrixStartError } from "./errors.js";

export interface MatrixDeps {
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Tests and benchmarks: a virtual clock. */
  readonly clock?: FlowClock;
  /** Tests: wrap the client (count or fail calls). */
  readonly wrapApi?: (api: MatrixApi) => MatrixApi;
  readonly threads?: ThreadStore;
}

export function createMatrixSinks(config: Config, deps: MatrixDeps): Sink[] {
  return createMatrixAccountSinks(config, deps);
}

/** Same as createMatrixSinks, typed as MatrixSink for tests. */
export function createMatrixAccountSinks(config: Config, deps: MatrixDeps): MatrixSink[] {
  const seen = new Map<string, number>();
  return config.matrix.map((account) => {
    let name = account.name ?? `matrix:${account.user_id}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name}#${n}`;
    const api = createMatrixApi({ homeserver: account.homeserver, accessToken: account.access_token, timeoutMs: account.request_timeout_ms });
    return new MatrixSink({
      name, config: account, api: deps.wrapApi ? deps.wrapApi(api) : api, log: deps.log, metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.threads ? { threads: deps.threads } : {}),
    });
  });
}
