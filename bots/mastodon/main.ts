/** The Mastodon bot's entry for the runner: one sink per configured account. */
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { uniqueSinkNames } from "../sink-names.js";
import type { Clock } from "./clock.js";
import { accountBudgetId } from "../redis.js";
import { redisUseState } from "../redis-state.js";
import { createMastodonApi } from "./api.js";
import { MastodonSink } from "./sink.js";

export { MastodonSink } from "./sink.js";
export { MastodonAuthError, MastodonScopeError, MastodonStartError } from "./errors.js";

export interface MastodonDeps {
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Tests and benchmarks: a virtual clock. */
  readonly clock?: Clock;
}

export function createMastodonSinks(config: Config, deps: MastodonDeps): Sink[] {
  return createMastodonAccountSinks(config, deps);
}

/** Same as createMastodonSinks, typed as MastodonSink for tests. */
export function createMastodonAccountSinks(config: Config, deps: MastodonDeps): MastodonSink[] {
  const sinkName = uniqueSinkNames();
  return config.mastodon.map((account) => {
    const name = sinkName(account.name ?? `mastodon:${new URL(account.instance).host}`);
    return new MastodonSink({
      name,
      config: account,
      api: createMastodonApi(account.instance, account.access_token, account.request_timeout_ms),
      log: deps.log,
      metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}),
      // Replicas posting as one account share one budget in Redis; whether it answers shows in `redis_connected`.
      ...(config.redis
        ? {
            cluster: {
              url: config.redis.url,
              id: accountBudgetId(config.redis.key_prefix, account.instance, account.access_token),
              redis: redisUseState(deps.metrics, `budget:${name}`, deps.log, `the shared budget of ${name}: statuses wait`),
            },
          }
        : {}),
    });
  });
}
