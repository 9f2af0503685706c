/** The Mastodon bot's entry for the runner: one sink per configured account. */
import type { Config } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import type { Clock } from "./clock.js";
import { accountBudgetId } from "../redis.js";
import { createMastodonApi } from "./client.js";
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
  const seen = new Map<string, number>();
  return config.mastodon.map((account) => {
    let name = account.name ?? `mastodon:${new URL(account.instance).host}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name}#${n}`;
    return new MastodonSink({
      name,
      config: account,
      api: createMastodonApi(account.instance, account.access_token, account.request_timeout_ms),
      log: deps.log,
      metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}),
      // Replicas posting as one account share one budget in Redis.
      ...(config.redis ? { cluster: { url: config.redis.url, id: accountBudgetId(config.redis.key_prefix, account.instance, account.access_token) } } : {}),
    });
  });
}
