/**
 * The start sequence of one account: the credentials, the write:statuses scope,
 * the instance's limits and the bot flag, each call through the budget and retried
 * on transient failures; a failure that stops the start is a typed error (errors.ts).
 */
import { MastoHttpError } from "masto";
import type { MastodonAccountConfig } from "../../config/mastodon.js";
import { MASTODON_DEFAULT_MAX_CHARACTERS, MASTODON_DEFAULT_URL_WEIGHT, type MastodonLimits } from "../../formatters/index.js";
import type { Logger } from "../log.js";
import type { MastodonApi } from "./api.js";
import type { Budget } from "./budget.js";
import type { Clock } from "./clock.js";
import { MastodonAuthError, MastodonScopeError, MastodonStartError } from "./errors.js";
import { backoffMs } from "../backoff.js";
import { classify } from "./retry.js";

export interface StartContext {
  readonly api: MastodonApi;
  readonly config: MastodonAccountConfig;
  readonly budget: Budget;
  readonly clock: Clock;
  readonly log: Logger;
  readonly sink: string;
  readonly signal?: AbortSignal;
}

export interface Started {
  readonly account: string | null;
  readonly limits: MastodonLimits;
}

/** Check the token and read the instance's limits; rejects with a typed error that stops the start. */
export async function startAccount(ctx: StartContext): Promise<Started> {
  const { api, config, log, sink } = ctx;
  const instance = api.instance;
  let account: { acct: string; bot: boolean } | null = null;
  try {
    account = await call(ctx, "check the credentials", () => api.verifyCredentials(ctx.signal));
  } catch (err) {
    if (!(err instanceof MastoHttpError && err.statusCode === 403)) throw startError(instance, err, "read:accounts");
    // A token with only write:statuses cannot read its account; it can still post.
    log.warn(
      { sink, instance },
      "the access token cannot read its account (no read:accounts or profile scope): account name unknown, bot flag not set",
    );
  }
  try {
    await call(ctx, "check the write:statuses scope", () => api.probeWrite(ctx.signal));
  } catch (err) {
    throw startError(instance, err, "write:statuses");
  }
  let limits: MastodonLimits = { maxCharacters: MASTODON_DEFAULT_MAX_CHARACTERS, urlWeight: MASTODON_DEFAULT_URL_WEIGHT };
  try {
    limits = await call(ctx, "read the instance configuration", () => api.fetchLimits(ctx.signal));
  } catch (err) {
    log.warn(
      { sink, instance, reason: String(err), max_characters: limits.maxCharacters },
      "cannot read the instance configuration; using Mastodon's default limits",
    );
  }
  if (config.set_bot_flag && account && !account.bot) {
    try {
      await call(ctx, "set the bot flag", () => api.setBotFlag(ctx.signal));
      log.info({ sink, instance, account: account.acct }, "account marked as a bot");
    } catch (err) {
      log.warn({ sink, instance, reason: String(err) }, "cannot set the bot flag (the token needs write:accounts); posting anyway");
    }
  }
  return { account: account?.acct ?? null, limits };
}

function startError(instance: string, err: unknown, scope: string): Error {
  if (err instanceof MastodonStartError) return err;
  if (err instanceof MastoHttpError && err.statusCode === 401) {
    return new MastodonAuthError(
      instance,
      `the access token is invalid (HTTP 401: ${err.message}); create a new one under Preferences > Development`,
      { cause: err },
    );
  }
  if (err instanceof MastoHttpError && err.statusCode === 403) {
    return new MastodonScopeError(
      instance,
      scope,
      `the access token lacks the ${scope} scope (HTTP 403: ${err.message}); create a token with ${scope}`,
      { cause: err },
    );
  }
  return new MastodonStartError(instance, `start failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** One start-time call with the budget and retries on transient failures. */
async function call<T>(ctx: StartContext, what: string, fn: () => Promise<T>): Promise<T> {
  const { retry } = ctx.config;
  for (let attempt = 1; ; attempt++) {
    await ctx.budget.acquireRequest(ctx.signal);
    try {
      return await fn();
    } catch (err) {
      const f = classify(err, ctx.clock.now());
      if (f.kind === "reject") throw err;
      if (attempt >= retry.max_attempts) {
        throw new MastodonStartError(ctx.api.instance, `cannot ${what} after ${attempt} attempts: ${f.reason}`, { cause: err });
      }
      const wait =
        f.kind === "rate-limited" && f.resetAtMs !== null
          ? Math.max(0, f.resetAtMs - ctx.clock.now())
          : backoffMs(attempt, retry.backoff_ms, retry.backoff_max_ms);
      ctx.log.warn(
        { sink: ctx.sink, instance: ctx.api.instance, attempt, reason: f.reason, retry_in_ms: wait },
        `cannot ${what} yet; retrying`,
      );
      await ctx.clock.sleep(wait, ctx.signal);
    }
  }
}
