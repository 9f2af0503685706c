/**
 * The Matrix bot's typed errors, and the reading of a failed request into what to
 * do next (retry, wait, pause the room, stop the sink). The backoff and the failure
 * categories are shared with the Mastodon bot (bots/backoff.ts).
 */
import { StartError } from "../../config/errors.js";
import type { RetryCategory } from "../backoff.js";

/** The account or a room cannot be used: stops the start, naming the homeserver and why. */
export class MatrixStartError extends StartError {
  override name = "MatrixStartError";
  readonly heading = "cannot start";
  constructor(
    readonly homeserver: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Matrix ${homeserver}: ${message}`, options);
  }
}

/** 401: the access token is unknown, expired or for another user or device. */
export class MatrixAuthError extends MatrixStartError {
  override name = "MatrixAuthError";
}

/** A configured room cannot be used: not found, not joinable, or encrypted. */
export class MatrixRoomError extends MatrixStartError {
  override name = "MatrixRoomError";
  constructor(
    homeserver: string,
    readonly room: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(homeserver, `room ${room}: ${message}`, options);
  }
}

/** A non-2xx answer. `errcode`/`error` come from the JSON error body when there is one. */
export class MatrixHttpError extends Error {
  override name = "MatrixHttpError";
  constructor(
    readonly status: number,
    readonly errcode: string | null,
    readonly error: string | null,
    /** `retry_after_ms` of the body, else the Retry-After header; null when neither says. */
    readonly retryAfterMs: number | null,
    /** What the body was: a Matrix JSON error, an HTML page (a proxy), or something else. */
    readonly body: "json" | "html" | "other",
    readonly location: string | null = null,
  ) {
    super(
      `HTTP ${status}${errcode ? ` ${errcode}` : ""}${error ? `: ${error}` : body === "html" ? ": an HTML error page" : ""}${location ? ` (redirect to ${location}, not followed)` : ""}`,
    );
  }
}

/** No answer within the request's deadline. */
export class MatrixTimeoutError extends Error {
  override name = "MatrixTimeoutError";
}

/** The connection failed or was reset. */
export class MatrixNetworkError extends Error {
  override name = "MatrixNetworkError";
}

/** A 2xx answer that is not the JSON we need, or a body over the size bound. */
export class MatrixResponseError extends Error {
  override name = "MatrixResponseError";
}

export type Failure =
  /** Worth another attempt after a backoff. */
  | { readonly kind: "retry"; readonly reason: string; readonly category: RetryCategory }
  /** 429 M_LIMIT_EXCEEDED: wait (null: the server did not say how long). */
  | { readonly kind: "rate-limited"; readonly waitMs: number | null; readonly reason: string }
  /** 401: the token is gone; nothing this account sends will pass. */
  | { readonly kind: "unauthorized"; readonly reason: string }
  /** 403: not in the room, banned, or below the power level to post. */
  | { readonly kind: "forbidden"; readonly reason: string }
  /** Any other 4xx (or a redirect): this request will never succeed. */
  | { readonly kind: "reject"; readonly reason: string; readonly status: number };

export function classify(err: unknown): Failure {
  if (err instanceof MatrixHttpError) {
    const reason = err.message;
    if (err.status === 429 || err.errcode === "M_LIMIT_EXCEEDED") return { kind: "rate-limited", waitMs: err.retryAfterMs, reason };
    if (err.status === 401) return { kind: "unauthorized", reason };
    if (err.status === 403) return { kind: "forbidden", reason };
    if (err.status >= 500 || err.status === 408) return { kind: "retry", reason, category: err.body === "html" ? "html" : "server" };
    return { kind: "reject", reason, status: err.status };
  }
  if (err instanceof MatrixTimeoutError) return { kind: "retry", reason: err.message, category: "timeout" };
  if (err instanceof MatrixNetworkError) return { kind: "retry", reason: err.message, category: "network" };
  if (err instanceof MatrixResponseError) return { kind: "retry", reason: err.message, category: "unreadable" };
  return { kind: "reject", reason: `unexpected error: ${err instanceof Error ? err.message : String(err)}`, status: 0 };
}
