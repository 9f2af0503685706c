/**
 * masto 7.12 glue: one REST client per account, the calls the bot makes, and the
 * start sequence (credentials, the write:statuses scope, the instance's limits,
 * the bot flag). Every request first takes a slot from the account's budget.
 */
import { createRestAPIClient, MastoHttpError, MastoUnexpectedError, type mastodon } from "masto";
import type { MastodonAccountConfig } from "../../config/mastodon.js";
import { MASTODON_DEFAULT_MAX_CHARACTERS, MASTODON_DEFAULT_URL_WEIGHT, type MastodonLimits } from "../../formatters/index.js";
import { MASTODON_HTTP_BODY_MAX_BYTES, guardOrigin } from "../http-guard.js";
import type { Logger } from "../log.js";
import type { Budget } from "./budget.js";
import type { Clock } from "./clock.js";
import { backoffMs } from "./delivery.js";
import { classify, MastodonAuthError, MastodonScopeError, MastodonStartError } from "./errors.js";

export interface PostParams {
  readonly status: string;
  readonly spoilerText: string | null;
  readonly visibility: MastodonAccountConfig["visibility"];
  readonly language: string | null;
}

export interface PostResult {
  readonly id: string;
  readonly url: string | null;
  readonly headers: Headers;
}

/** The calls the bot makes; an interface so tests and benchmarks can count them. */
export interface MastodonApi {
  readonly instance: string;
  verifyCredentials(signal?: AbortSignal): Promise<{ acct: string; bot: boolean }>;
  /** POST an empty status: 422 proves the write:statuses scope without posting anything. */
  probeWrite(signal?: AbortSignal): Promise<void>;
  fetchLimits(signal?: AbortSignal): Promise<MastodonLimits>;
  setBotFlag(signal?: AbortSignal): Promise<void>;
  post(params: PostParams, idempotencyKey: string, signal?: AbortSignal): Promise<PostResult>;
}

export function createMastodonApi(instance: string, accessToken: string, timeoutMs: number): MastodonApi {
  // No `timeout` for masto: it would build AbortSignal.any([AbortSignal.timeout(t), ...]), and on
  // Node 20 the composite holds the timeout signal weakly, so a garbage collection can remove it
  // before it fires and a hung request then hangs for ever. `withDeadline` keeps a real timer.
  // masto reads every answer whole through the global fetch: bound the bodies from this instance
  // and refuse redirects to other origins. Its errors are masto's "unexpected" kind, a transient
  // failure to the callers (the next attempt may meet a sane server; a POST keeps its Idempotency-Key).
  guardOrigin(instance, {
    maxBodyBytes: MASTODON_HTTP_BODY_MAX_BYTES,
    wrapError: (err) => new MastoUnexpectedError(err.message, { cause: err }),
  });
  const client: mastodon.rest.Client = createRestAPIClient({ url: instance, accessToken, log: "error" });
  const meta = (signal?: AbortSignal, headers?: Record<string, string>) => ({
    requestInit: { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) },
  });
  const timed = <T>(signal: AbortSignal | undefined, call: (s: AbortSignal) => Promise<T>): Promise<T> =>
    withDeadline(timeoutMs, signal, call);
  return {
    instance,
    async verifyCredentials(signal) {
      const a = await timed(signal, (s) => client.v1.accounts.verifyCredentials(undefined, meta(s)));
      return { acct: a.acct, bot: (a.bot as unknown) === true }; // the server's JSON: masto's type is no check
    },
    async probeWrite(signal) {
      try {
        await timed(signal, (s) => client.v1.statuses.create({ status: "" }, meta(s)));
      } catch (err) {
        // Mastodon answers 422 (text can't be blank), some other servers 400: either way auth and scope passed.
        if (err instanceof MastoHttpError && (err.statusCode === 422 || err.statusCode === 400)) return;
        throw err;
      }
    },
    async fetchLimits(signal) {
      let statuses: { maxCharacters?: number; charactersReservedPerUrl?: number } | undefined;
      try {
        // The server's JSON, whatever masto's type says: a server may leave the statuses out.
        const v2: { configuration: { statuses?: typeof statuses } } = await timed(signal, (s) =>
          client.v2.instance.fetch(undefined, meta(s)),
        );
        statuses = v2.configuration.statuses;
      } catch (err) {
        // Servers without /api/v2/instance (Mastodon < 4.0, some others) still answer v1.
        if (!(err instanceof MastoHttpError && err.statusCode === 404)) throw err;
        const v1 = (await timed(signal, (s) => client.v1.instance.fetch(undefined, meta(s)))) as unknown as {
          configuration?: { statuses?: typeof statuses };
          maxTootChars?: number;
        };
        statuses = { maxCharacters: v1.maxTootChars, ...v1.configuration?.statuses };
      }
      return {
        maxCharacters: positive(statuses?.maxCharacters) ?? MASTODON_DEFAULT_MAX_CHARACTERS,
        urlWeight: positive(statuses?.charactersReservedPerUrl) ?? MASTODON_DEFAULT_URL_WEIGHT,
      };
    },
    async setBotFlag(signal) {
      await timed(signal, (s) => client.v1.accounts.updateCredentials({ bot: true }, { encoding: "multipart-form", ...meta(s) }));
    },
    async post(params, idempotencyKey, signal) {
      const r = await timed(signal, (s) =>
        client.v1.statuses.create.$raw(
          { status: params.status, spoilerText: params.spoilerText, visibility: params.visibility, language: params.language },
          meta(s, { "Idempotency-Key": idempotencyKey }),
        ),
      );
      return { id: r.data.id, url: r.data.url ?? null, headers: r.headers };
    },
  };
}

/**
 * Runs `call` with a signal that aborts after `timeoutMs` (as a DOMException "TimeoutError", which
 * masto reports as MastoTimeoutError) or when `outer` aborts. The timer is strongly held.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  const onAbort = (): void => ctl.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener("abort", onAbort, { once: true });
  try {
    return await call(ctl.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}

function positive(n: unknown): number | undefined {
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

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
        f.kind === "rate-limited" && f.resetAtMs !== null ? Math.max(0, f.resetAtMs - ctx.clock.now()) : backoffMs(attempt, retry);
      ctx.log.warn(
        { sink: ctx.sink, instance: ctx.api.instance, attempt, reason: f.reason, retry_in_ms: wait },
        `cannot ${what} yet; retrying`,
      );
      await ctx.clock.sleep(wait, ctx.signal);
    }
  }
}
