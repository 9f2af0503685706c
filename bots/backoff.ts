/**
 * What the retry policies of the HTTP transports (bots/mastodon/retry.ts, bots/matrix/errors.ts)
 * share: the categories of transient failure, the backoff between attempts, and how many 429s one
 * message may wait out. Each transport keeps its own reading of its server's errors.
 */

/** What kind of transient failure: a metric label and a row of the fault tables. */
export type RetryCategory = "server" | "html" | "timeout" | "network" | "unreadable";

/** 429s tolerated for one message before it is given up (each wait is bounded by max_wait_ms too). */
export const MAX_RATE_LIMIT_WAITS = 5;

/** Exponential backoff with jitter: attempt 1 waits about `baseMs`, doubling up to `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
