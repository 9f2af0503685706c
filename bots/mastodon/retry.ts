/**
 * The Mastodon bot's retry policy: the reading of masto's errors into what to do
 * next (retry after a backoff, wait for a rate limit's reset, or give up) and the
 * bound of the Idempotency-Key's hour; the backoff and the bound on 429 waits are
 * shared with the Matrix bot (bots/backoff.ts). masto 7.12
 * throws `MastoHttpError` (with the Response as `cause`) for a JSON error,
 * `MastoTimeoutError` for its own timeout, a plain `TypeError` both for network
 * failures ("fetch failed") and for an HTML error page (it destructures an
 * undefined body), and `MastoUnexpectedError`/`MastoDeserializeError` for bodies it
 * cannot read.
 */
import { MastoDeserializeError, MastoHttpError, MastoTimeoutError, MastoUnexpectedError } from "masto";
import type { RetryCategory } from "../backoff.js";

/**
 * Mastodon keeps an Idempotency-Key for one hour from the first attempt; a retry
 * after that could post the status again. No attempt is sent later than this
 * after the first (the rest of the hour covers clock skew and a slow request).
 */
export const IDEMPOTENCY_RETRY_WINDOW_MS = 55 * 60_000;

export type Failure =
  /** Worth another attempt after a backoff: 5xx, timeouts, network errors, unreadable bodies. */
  | {
      readonly kind: "retry";
      readonly reason: string;
      readonly status: number | null;
      readonly category: RetryCategory;
      readonly notBeforeMs?: number;
    }
  /** 429: wait until the reset (null: the server did not say). */
  | { readonly kind: "rate-limited"; readonly resetAtMs: number | null; readonly reason: string }
  /** Any other 4xx: this request will never succeed. */
  | { readonly kind: "reject"; readonly reason: string; readonly status: number };

/** Default wait when a 429 names no reset time. */
export const RATE_LIMIT_DEFAULT_WAIT_MS = 60_000;
/** Numbers below this in X-RateLimit-Reset are seconds from now, not epoch seconds. */
const EPOCH_SECONDS_MIN = 1_000_000_000;

export function classify(err: unknown, nowMs: number): Failure {
  if (err instanceof MastoHttpError) {
    const status = err.statusCode;
    const reason = describeHttpError(err);
    if (status === 429) {
      const headers = err.cause instanceof Response ? err.cause.headers : undefined;
      return { kind: "rate-limited", resetAtMs: headers ? resetTime(headers, nowMs) : null, reason };
    }
    if (status >= 500 || status === 408) {
      // A 503 for maintenance may say when to come back; that is a floor for the backoff.
      const after = err.cause instanceof Response ? err.cause.headers.get("retry-after") : null;
      const notBeforeMs = after ? resetTime(new Headers({ "retry-after": after }), nowMs) : null;
      return { kind: "retry", reason, status, category: "server", ...(notBeforeMs !== null ? { notBeforeMs } : {}) };
    }
    return { kind: "reject", reason, status };
  }
  if (err instanceof MastoTimeoutError) return { kind: "retry", reason: "request timed out", status: null, category: "timeout" };
  if (err instanceof MastoUnexpectedError || err instanceof MastoDeserializeError)
    return { kind: "retry", reason: `unreadable response: ${err.message}`, status: null, category: "unreadable" };
  if (err instanceof TypeError) {
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${cause.message}${"code" in cause ? ` (${String(cause.code)})` : ""}` : err.message;
    const html = /destructure|undefined/.test(err.message);
    return html
      ? { kind: "retry", reason: "error page that is not JSON (HTML?)", status: null, category: "html" }
      : { kind: "retry", reason: `network error: ${detail}`, status: null, category: "network" };
  }
  return { kind: "reject", reason: `unexpected error: ${err instanceof Error ? err.message : String(err)}`, status: 0 };
}

function describeHttpError(err: MastoHttpError): string {
  const parts = [`HTTP ${err.statusCode}`, err.message];
  if (err.description) parts.push(err.description);
  if (err.details) parts.push(JSON.stringify(err.details));
  return parts.filter((p) => p).join(": ");
}

/**
 * When a rate limit ends: `X-RateLimit-Reset` (ISO-8601 on Mastodon; epoch seconds,
 * or seconds from now, on other servers), else `Retry-After` (seconds or an HTTP date).
 */
export function resetTime(headers: Headers, nowMs: number): number | null {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset) {
    if (/^\d+(\.\d+)?$/.test(reset)) {
      const n = Number(reset);
      return n >= EPOCH_SECONDS_MIN ? n * 1000 : nowMs + n * 1000;
    }
    const t = Date.parse(reset);
    if (!Number.isNaN(t)) return t;
  }
  const after = headers.get("retry-after")?.trim();
  if (after) {
    if (/^\d+$/.test(after)) return nowMs + Number(after) * 1000;
    const t = Date.parse(after);
    if (!Number.isNaN(t)) return t;
  }
  return null;
}
