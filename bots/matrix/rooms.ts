/**
 * The account's start and its rooms: `whoami` checks the token (and that it is
 * the configured user's), aliases are resolved, every room is joined and checked
 * for encryption. Any failure stops the start with the reason. While running, a
 * room is `ready` when joined and not paused; a 403 pauses it for
 * forbidden_retry_ms, and a kick or ban takes it out until it is joined again.
 */
import type { MatrixAccountConfig, MatrixRoomConfig } from "../../config/matrix.js";
import type { Logger } from "../log.js";
import type { MatrixClock as Clock } from "./clock.js";
import type { MatrixApi } from "./api.js";
import { backoffMs } from "../backoff.js";
import { classify, MatrixAuthError, MatrixHttpError, MatrixRoomError, MatrixStartError } from "./errors.js";

export interface Room {
  readonly config: MatrixRoomConfig;
  /** The room id (an alias resolved at start). */
  id: string;
  via: string[];
  joined: boolean;
  /** Paused until then (a 403, a kick): its events wait. */
  pausedUntil: number;
  /** Encryption was turned on after the start: never post in clear there again. */
  encrypted: boolean;
}

export interface StartContext {
  readonly api: MatrixApi;
  readonly config: MatrixAccountConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly sink: string;
  readonly signal: AbortSignal;
}

export function encryptedMessage(content: Record<string, unknown>): string {
  const algorithm = typeof content.algorithm === "string" ? content.algorithm : "unknown";
  return `the room is encrypted (m.room.encryption, ${algorithm}); encrypted rooms are not supported: fedmsg-echo posts in clear text only, so use an unencrypted room`;
}

/** Checks the token and joins every room; rejects with a typed error naming the reason. */
export async function startAccount(ctx: StartContext, rooms: readonly Room[]): Promise<{ userId: string; deviceId: string | null }> {
  const { api, config } = ctx;
  const hs = api.homeserver;
  let me;
  try {
    me = await retrying(ctx, "check the access token", () => api.whoami(ctx.signal));
  } catch (err) {
    if (err instanceof MatrixHttpError && err.status === 401) {
      throw new MatrixAuthError(hs, `the access token is not valid (${err.message}); log in again and set a new access_token`, {
        cause: err,
      });
    }
    throw startError(hs, "cannot check the access token", err);
  }
  if (me.user_id !== config.user_id)
    throw new MatrixAuthError(hs, `the access token belongs to ${me.user_id}, not to user_id ${config.user_id}`);
  if (config.device_id !== undefined && me.device_id !== config.device_id) {
    throw new MatrixAuthError(hs, `the access token belongs to device ${me.device_id ?? "(none)"}, not to device_id ${config.device_id}`);
  }
  for (const room of rooms) await openRoom(ctx, room);
  return { userId: me.user_id, deviceId: me.device_id ?? null };
}

async function openRoom(ctx: StartContext, room: Room): Promise<void> {
  const { api } = ctx;
  const hs = api.homeserver;
  const ref = room.config.room;
  if (ref.startsWith("#")) {
    try {
      const r = await retrying(ctx, `resolve ${ref}`, () => api.resolveAlias(ref, ctx.signal));
      room.id = r.room_id;
      room.via = r.servers;
    } catch (err) {
      if (err instanceof MatrixHttpError && err.status === 404)
        throw new MatrixRoomError(hs, ref, "the alias does not exist (404)", { cause: err });
      throw roomError(hs, ref, "cannot resolve the alias", err);
    }
  }
  try {
    await retrying(ctx, `join ${ref}`, () => api.join(room.id, room.via, ctx.signal));
  } catch (err) {
    throw roomError(hs, ref, "cannot join", err);
  }
  room.joined = true;
  let enc;
  try {
    enc = await retrying(ctx, `read the encryption state of ${ref}`, () => api.encryption(room.id, ctx.signal));
  } catch (err) {
    throw roomError(hs, ref, "cannot read the room's encryption state", err);
  }
  if (enc !== null) throw new MatrixRoomError(hs, ref, encryptedMessage(enc));
  ctx.log.info({ sink: ctx.sink, room: ref, room_id: room.id }, "Matrix room joined");
}

function roomError(hs: string, room: string, what: string, err: unknown): Error {
  if (err instanceof MatrixStartError) return err;
  if (err instanceof MatrixHttpError && err.status === 401)
    return new MatrixAuthError(hs, `the access token stopped working (${err.message})`, { cause: err });
  return new MatrixRoomError(hs, room, `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

function startError(hs: string, what: string, err: unknown): Error {
  if (err instanceof MatrixStartError) return err;
  return new MatrixStartError(hs, `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** One start-time call, retried on transient failures and 429s; any other failure is thrown as is. */
export async function retrying<T>(ctx: StartContext, what: string, fn: () => Promise<T>): Promise<T> {
  const { retry } = ctx.config;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const f = classify(err);
      if (f.kind !== "retry" && f.kind !== "rate-limited") throw err;
      if (attempt >= retry.max_attempts)
        throw new MatrixStartError(ctx.api.homeserver, `cannot ${what} after ${attempt} attempts: ${f.reason}`, { cause: err });
      const wait =
        f.kind === "rate-limited"
          ? Math.min(f.waitMs ?? retry.backoff_ms, retry.max_wait_ms)
          : backoffMs(attempt, retry.backoff_ms, retry.backoff_max_ms);
      ctx.log.warn(
        { sink: ctx.sink, homeserver: ctx.api.homeserver, attempt, reason: f.reason, retry_in_ms: wait },
        `cannot ${what} yet; retrying`,
      );
      await ctx.clock.sleep(wait, ctx.signal);
    }
  }
}
