/**
 * The Mastodon bot's typed errors: what stops its start. The reading of a failed
 * request into what to do next is the retry policy (retry.ts).
 */
import { StartError } from "../../config/errors.js";

/** The account cannot be used; stops the start. */
export class MastodonStartError extends StartError {
  override name = "MastodonStartError";
  readonly heading = "cannot start";
  constructor(
    readonly instance: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Mastodon ${instance}: ${message}`, options);
  }
}

/** HTTP 401: the token is wrong, expired or revoked. */
export class MastodonAuthError extends MastodonStartError {
  override name = "MastodonAuthError";
}

/** HTTP 403: the token lacks a scope. */
export class MastodonScopeError extends MastodonStartError {
  override name = "MastodonScopeError";
  constructor(
    instance: string,
    readonly scope: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(instance, message, options);
  }
}
