/**
 * Posting one status: exactly once, whatever the server does. The Idempotency-Key
 * stays the same over every attempt, so a retry after a lost response returns the
 * status already stored instead of posting it again. 5xx, timeouts, network errors
 * and HTML error pages are retried with backoff; a 429 waits for its reset; any
 * other 4xx (422: too long, invalid) drops the status with its reason. Attempts and
 * waits are bounded: nothing loops forever.
 */
import type { MastodonRetryConfig } from "../../config/mastodon.js";
import type { Logger } from "../log.js";
import type { Budget } from "./budget.js";
import type { Clock } from "./clock.js";
import type { MastodonApi, PostParams } from "./api.js";
import { backoffMs, MAX_RATE_LIMIT_WAITS, type RetryCategory } from "../backoff.js";
import { classify, IDEMPOTENCY_RETRY_WINDOW_MS, RATE_LIMIT_DEFAULT_WAIT_MS, resetTime } from "./retry.js";

const REJECT_MESSAGES: Record<number, string> = {
  0: "unexpected error while posting; status dropped",
  401: "the access token is no longer valid (401): statuses are dropped until it is replaced",
  403: "the access token lost the write:statuses scope (403): statuses are dropped until it is replaced",
  422: "Mastodon refused the status (422); dropped",
};

export type Outcome =
  | { readonly kind: "posted"; readonly id: string; readonly attempts: number }
  /** The server refused this status (4xx other than 429): it will never be accepted. */
  | { readonly kind: "rejected"; readonly status: number; readonly reason: string; readonly attempts: number }
  /** Transient failures outlasted the attempts, or a 429 asked for too long a wait. */
  | { readonly kind: "gave-up"; readonly reason: string; readonly attempts: number }
  | { readonly kind: "aborted"; readonly attempts: number };

export interface DeliveryContext {
  readonly api: MastodonApi;
  readonly budget: Budget;
  readonly clock: Clock;
  readonly retry: MastodonRetryConfig;
  readonly log: Logger;
  /** Fields for every log line (sink, topic, msg_id). */
  readonly logFields: Record<string, unknown>;
  readonly signal: AbortSignal;
  /** Called for each retry, with its reason class (for metrics). */
  readonly onRetry?: (reason: RetryCategory | "rate-limited") => void;
}

export async function deliver(params: PostParams, idempotencyKey: string, ctx: DeliveryContext): Promise<Outcome> {
  const { api, budget, clock, retry, log, logFields, signal } = ctx;
  let attempts = 0;
  let rateLimitWaits = 0;
  let firstAt = 0;
  const tooLate = (at: number): boolean => attempts > 0 && at - firstAt >= IDEMPOTENCY_RETRY_WINDOW_MS;
  const keyExpiring = (reason: string): Outcome => {
    log.warn(
      { ...logFields, reason, attempts },
      "retrying now could post twice (Mastodon keeps an Idempotency-Key for an hour); status dropped",
    );
    return { kind: "gave-up", reason, attempts };
  };
  for (;;) {
    try {
      await budget.acquireRequest(signal);
    } catch {
      return { kind: "aborted", attempts };
    }
    if (tooLate(clock.now())) return keyExpiring("the Idempotency-Key is about to expire");
    if (attempts === 0) firstAt = clock.now();
    attempts++;
    try {
      const r = await api.post(params, idempotencyKey, signal);
      budget.recordStatus();
      noteServerBudget(r.headers, budget, clock);
      return { kind: "posted", id: r.id, attempts };
    } catch (err) {
      if (signal.aborted) return { kind: "aborted", attempts };
      const f = classify(err, clock.now());
      if (f.kind === "reject") {
        // A bad token or an unexpected error concerns every status, not just this one.
        const severe = f.status === 0 || f.status === 401 || f.status === 403;
        log[severe ? "error" : "warn"](
          { ...logFields, http_status: f.status, reason: f.reason, attempts },
          REJECT_MESSAGES[f.status] ?? "Mastodon refused the status; dropped",
        );
        return { kind: "rejected", status: f.status, reason: f.reason, attempts };
      }
      let wait: number;
      if (f.kind === "rate-limited") {
        rateLimitWaits++;
        const until = f.resetAtMs ?? clock.now() + RATE_LIMIT_DEFAULT_WAIT_MS;
        budget.blockUntil(until);
        wait = Math.max(0, until - clock.now());
        if (tooLate(until)) return keyExpiring(`rate limited until ${new Date(until).toISOString()}, past the Idempotency-Key's hour`);
        if (wait > retry.max_wait_ms || rateLimitWaits > MAX_RATE_LIMIT_WAITS) {
          const reason = `rate limited until ${new Date(until).toISOString()}`;
          log.warn({ ...logFields, reason, attempts }, "rate limited for too long; status dropped (the account pauses until the reset)");
          return { kind: "gave-up", reason, attempts };
        }
        log.warn(
          { ...logFields, reason: f.reason, reset: new Date(until).toISOString(), wait_ms: wait },
          "rate limited (429); waiting for the reset",
        );
        ctx.onRetry?.("rate-limited");
        // The budget holds every request until the reset; no separate sleep needed.
        continue;
      }
      if (attempts >= retry.max_attempts) {
        log.error({ ...logFields, reason: f.reason, attempts }, "status not posted after the last attempt; dropped");
        return { kind: "gave-up", reason: f.reason, attempts };
      }
      wait = Math.min(
        Math.max(backoffMs(attempts, retry.backoff_ms, retry.backoff_max_ms), (f.notBeforeMs ?? 0) - clock.now()),
        retry.max_wait_ms,
      );
      if (tooLate(clock.now() + wait)) return keyExpiring(`${f.reason}; the next attempt would fall past the Idempotency-Key's hour`);
      log.warn(
        { ...logFields, reason: f.reason, attempt: attempts, retry_in_ms: wait },
        "posting failed; retrying with the same Idempotency-Key",
      );
      ctx.onRetry?.(f.category);
      try {
        await clock.sleep(wait, signal);
      } catch {
        return { kind: "aborted", attempts };
      }
    }
  }
}

/** `X-RateLimit-Remaining: 0` on a success: the server's window is spent, wait for its reset. */
function noteServerBudget(headers: Headers, budget: Budget, clock: Clock): void {
  if (headers.get("x-ratelimit-remaining")?.trim() !== "0") return;
  const until = resetTime(headers, clock.now());
  if (until !== null) budget.blockUntil(until);
}
