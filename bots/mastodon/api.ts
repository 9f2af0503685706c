/**
 * The port to the Mastodon server: the calls the bot makes (`MastodonApi`, which
 * tests and benchmarks replace or count), and their masto 7.12 implementation, one
 * REST client per account. The callers take a slot from the account's budget
 * before each request (start.ts, delivery.ts, the sink's instance refresh).
 */
import { createRestAPIClient, MastoHttpError, MastoUnexpectedError, type mastodon } from "masto";
import type { MastodonAccountConfig } from "../../config/mastodon.js";
import { MASTODON_DEFAULT_MAX_CHARACTERS, MASTODON_DEFAULT_URL_WEIGHT, type MastodonLimits } from "../../formatters/index.js";
import { withDeadline } from "../deadline.js";
import { MASTODON_HTTP_BODY_MAX_BYTES, guardOrigin } from "../http-guard.js";

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
  // before it fires and a hung request then hangs for ever. `withDeadline` (bots/deadline.ts) keeps a real timer.
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
      return { acct: a.acct, bot: a.bot };
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

function positive(n: unknown): number | undefined {
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}
