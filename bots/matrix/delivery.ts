/**
 * Sending one event: exactly once, whatever the homeserver does. The txnId stays
 * the same over every attempt, and Matrix makes a send idempotent per access
 * token and txnId, so a retry after a lost answer returns the event already
 * stored instead of posting it again. 5xx, HTML error pages, timeouts and network
 * errors back off and retry; 429 M_LIMIT_EXCEEDED waits `retry_after_ms`; 401 and
 * 403 are handed back to the caller (they concern the account or the room, not
 * this event). Attempts and waits are bounded: nothing loops forever.
 */
import type { MatrixRetryConfig } from "../../config/matrix.js";
import type { Logger } from "../log.js";
import type { MatrixClock as Clock } from "./clock.js";
import type { MatrixApi } from "./api.js";
import { backoffMs, MAX_RATE_LIMIT_WAITS, type RetryCategory } from "../backoff.js";
import { classify } from "./errors.js";

/** When a 429 names no wait. */
export const RATE_LIMIT_DEFAULT_WAIT_MS = 5_000;
/**
 * Synapse answers a repeated transaction from a cache it keeps for about 30 minutes
 * after the first request; no attempt goes out later than this after the first, so a
 * retry can never post the event a second time.
 */
export const TXN_RETRY_WINDOW_MS = 25 * 60_000;

export type SendOutcome =
  | { readonly kind: "sent"; readonly eventId: string; readonly attempts: number }
  /** 401: the token is gone. */
  | { readonly kind: "unauthorized"; readonly reason: string; readonly attempts: number }
  /** 403: not in the room, banned, or not allowed to post there. */
  | { readonly kind: "forbidden"; readonly reason: string; readonly attempts: number }
  /** Any other 4xx: this event will never be accepted. */
  | { readonly kind: "rejected"; readonly status: number; readonly reason: string; readonly attempts: number }
  /** Transient failures outlasted the attempts, or a 429 asked for too long a wait. */
  | { readonly kind: "gave-up"; readonly reason: string; readonly attempts: number }
  | { readonly kind: "aborted"; readonly attempts: number };

export interface SendContext {
  readonly api: MatrixApi;
  readonly clock: Clock;
  readonly retry: MatrixRetryConfig;
  readonly log: Logger;
  /** Fields for every log line (sink, room, topic, msg_id). */
  readonly logFields: Record<string, unknown>;
  readonly signal: AbortSignal;
  readonly onRetry?: (reason: RetryCategory | "rate-limited") => void;
  /** A 429: the account must hold every send until then, not only this one. */
  readonly onRateLimited?: (untilMs: number) => void;
}

export async function sendEvent(roomId: string, txnId: string, content: unknown, ctx: SendContext): Promise<SendOutcome> {
  const { api, clock, retry, log, logFields, signal } = ctx;
  let attempts = 0;
  let rateLimitWaits = 0;
  const firstAt = clock.now();
  const pastWindow = (at: number): boolean => at - firstAt >= TXN_RETRY_WINDOW_MS;
  for (;;) {
    if (signal.aborted) return { kind: "aborted", attempts };
    attempts++;
    try {
      const r = await api.send(roomId, txnId, content, signal);
      return { kind: "sent", eventId: r.event_id, attempts };
    } catch (err) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborted while api.send waited (TypeScript keeps the narrowing across await)
      if (signal.aborted) return { kind: "aborted", attempts };
      const f = classify(err);
      if (f.kind === "unauthorized") return { kind: "unauthorized", reason: f.reason, attempts };
      if (f.kind === "forbidden") return { kind: "forbidden", reason: f.reason, attempts };
      if (f.kind === "reject") {
        log.warn({ ...logFields, reason: f.reason, attempts }, "the homeserver refused the event; dropped");
        return { kind: "rejected", status: f.status, reason: f.reason, attempts };
      }
      let wait: number;
      if (f.kind === "rate-limited") {
        rateLimitWaits++;
        wait = f.waitMs ?? RATE_LIMIT_DEFAULT_WAIT_MS;
        ctx.onRateLimited?.(clock.now() + wait);
        if (wait > retry.max_wait_ms || rateLimitWaits > MAX_RATE_LIMIT_WAITS || pastWindow(clock.now() + wait)) {
          log.warn({ ...logFields, reason: f.reason, wait_ms: wait, attempts }, "rate limited for too long; event given up");
          return { kind: "gave-up", reason: `rate limited for ${wait} ms`, attempts };
        }
        log.warn({ ...logFields, reason: f.reason, wait_ms: wait }, "rate limited (429 M_LIMIT_EXCEEDED); waiting retry_after_ms");
        ctx.onRetry?.("rate-limited");
      } else {
        if (attempts >= retry.max_attempts) {
          log.error({ ...logFields, reason: f.reason, attempts }, "event not sent after the last attempt; given up");
          return { kind: "gave-up", reason: f.reason, attempts };
        }
        wait = Math.min(backoffMs(attempts, retry.backoff_ms, retry.backoff_max_ms), retry.max_wait_ms);
        if (pastWindow(clock.now() + wait)) {
          log.warn(
            { ...logFields, reason: f.reason, attempts },
            "a retry now could post twice (the homeserver forgets the transaction); event given up",
          );
          return { kind: "gave-up", reason: f.reason, attempts };
        }
        log.warn(
          { ...logFields, reason: f.reason, attempt: attempts, retry_in_ms: wait },
          "sending failed; retrying with the same transaction id",
        );
        ctx.onRetry?.(f.category);
      }
      try {
        await clock.sleep(wait, signal);
      } catch {
        return { kind: "aborted", attempts };
      }
    }
  }
}
