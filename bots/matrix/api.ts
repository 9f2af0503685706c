/**
 * A thin typed client over the Matrix client-server API (v3) on Node's fetch: the
 * seven calls the bot makes and nothing else. Every request has a deadline on a
 * strongly held timer, every response body is read up to a bound, and no redirect
 * is followed (a redirect would carry the access token to wherever it points).
 */
import { MatrixHttpError, MatrixNetworkError, MatrixResponseError, MatrixTimeoutError } from "./errors.js";

/** The most of a response body ever read; a filtered /sync and every other answer are far smaller. */
export const MATRIX_RESPONSE_MAX_BYTES = 4 * 1024 * 1024;
const CLIENT = "/_matrix/client/v3";

export interface WhoAmI {
  readonly user_id: string;
  readonly device_id?: string;
}

export interface SyncEvent {
  readonly type?: string;
  readonly state_key?: string;
  readonly sender?: string;
  readonly content?: { readonly membership?: string; readonly reason?: string };
}

export interface SyncResponse {
  readonly next_batch: string;
  readonly rooms?: {
    readonly invite?: Readonly<Record<string, { readonly invite_state?: { readonly events?: readonly SyncEvent[] } }>>;
    readonly leave?: Readonly<
      Record<
        string,
        { readonly timeline?: { readonly events?: readonly SyncEvent[] }; readonly state?: { readonly events?: readonly SyncEvent[] } }
      >
    >;
    readonly join?: Readonly<Record<string, unknown>>;
  };
}

/** The calls the bot makes; an interface so tests and benchmarks can count or replace them. */
export interface MatrixApi {
  readonly homeserver: string;
  whoami(signal?: AbortSignal): Promise<WhoAmI>;
  resolveAlias(alias: string, signal?: AbortSignal): Promise<{ room_id: string; servers: string[] }>;
  join(roomIdOrAlias: string, via: readonly string[], signal?: AbortSignal): Promise<{ room_id: string }>;
  /** The room's m.room.encryption state content, or null when the room has none (404). */
  encryption(roomId: string, signal?: AbortSignal): Promise<Record<string, unknown> | null>;
  send(roomId: string, txnId: string, content: unknown, signal?: AbortSignal): Promise<{ event_id: string }>;
  sync(params: { since?: string; filter: string; timeoutMs: number }, signal?: AbortSignal): Promise<SyncResponse>;
}

export interface MatrixApiOptions {
  readonly homeserver: string;
  readonly accessToken: string;
  readonly timeoutMs: number;
}

export function createMatrixApi(opts: MatrixApiOptions): MatrixApi {
  const { homeserver, accessToken, timeoutMs } = opts;
  const call = <T>(
    method: string,
    path: string,
    init: { body?: unknown; query?: readonly [string, string][]; deadlineMs?: number; signal?: AbortSignal | undefined } = {},
  ): Promise<T> =>
    request<T>({
      homeserver,
      accessToken,
      method,
      path,
      timeoutMs: init.deadlineMs ?? timeoutMs,
      body: init.body,
      query: init.query,
      signal: init.signal,
    });
  const enc = encodeURIComponent;
  return {
    homeserver,
    whoami: (signal) =>
      call<WhoAmI>("GET", "/account/whoami", { signal }).then((r) => {
        if (typeof r.user_id !== "string") throw new MatrixResponseError("whoami answered without a user_id");
        return r;
      }),
    resolveAlias: (alias, signal) =>
      call<{ room_id: string; servers?: string[] }>("GET", `/directory/room/${enc(alias)}`, { signal }).then((r) => {
        if (typeof r.room_id !== "string") throw new MatrixResponseError(`alias ${alias} resolved without a room_id`);
        return { room_id: r.room_id, servers: Array.isArray(r.servers) ? r.servers.filter((s): s is string => typeof s === "string") : [] };
      }),
    join: (room, via, signal) => {
      // `server_name` is the older name of `via` (repeated parameters); servers of both generations read one of them.
      const servers = via.slice(0, 3);
      const query: [string, string][] = [
        ...servers.map((s): [string, string] => ["via", s]),
        ...servers.map((s): [string, string] => ["server_name", s]),
      ];
      return call<{ room_id: string }>("POST", `/join/${enc(room)}`, { body: {}, signal, query });
    },
    async encryption(roomId, signal) {
      try {
        return await call<Record<string, unknown>>("GET", `/rooms/${enc(roomId)}/state/m.room.encryption`, { signal });
      } catch (err) {
        if (err instanceof MatrixHttpError && err.status === 404) return null;
        throw err;
      }
    },
    send: (roomId, txnId, content, signal) =>
      call<{ event_id: string }>("PUT", `/rooms/${enc(roomId)}/send/m.room.message/${enc(txnId)}`, { body: content, signal }).then((r) => {
        if (typeof r.event_id !== "string") throw new MatrixResponseError("send answered without an event_id");
        return r;
      }),
    sync: (p, signal) =>
      call<SyncResponse>("GET", "/sync", {
        query: [["filter", p.filter], ["timeout", String(p.timeoutMs)], ...(p.since ? [["since", p.since] as [string, string]] : [])],
        // The server holds a long poll open for timeoutMs: the deadline comes on top of it.
        deadlineMs: timeoutMs + p.timeoutMs,
        signal,
      }).then((r) => {
        if (typeof r.next_batch !== "string") throw new MatrixResponseError("sync answered without next_batch");
        return r;
      }),
  };
}

interface RequestInit {
  readonly homeserver: string;
  readonly accessToken: string;
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;
  readonly body?: unknown;
  readonly query?: readonly [string, string][] | undefined;
  readonly signal?: AbortSignal | undefined;
}

async function request<T>(r: RequestInit): Promise<T> {
  const url = new URL(`${r.homeserver}${CLIENT}${r.path}`);
  for (const [k, v] of r.query ?? []) url.searchParams.append(k, v);
  const ctl = new AbortController();
  const timer = setTimeout(
    () => ctl.abort(new MatrixTimeoutError(`${r.method} ${r.path}: no answer within ${r.timeoutMs} ms`)),
    r.timeoutMs,
  );
  const onAbort = (): void => ctl.abort(r.signal?.reason);
  if (r.signal?.aborted) onAbort();
  else r.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        method: r.method,
        headers: {
          Authorization: `Bearer ${r.accessToken}`,
          Accept: "application/json",
          ...(r.body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
        redirect: "manual",
        signal: ctl.signal,
      });
    } catch (err) {
      throw failure(err, ctl.signal, r);
    }
    let text: string;
    try {
      text = await readBounded(res, MATRIX_RESPONSE_MAX_BYTES);
    } catch (err) {
      throw failure(err, ctl.signal, r);
    }
    const json = parseJson(text);
    if (res.status >= 300 || res.status < 200) throw httpError(res, json, text);
    if (json === undefined || typeof json !== "object" || json === null)
      throw new MatrixResponseError(`${r.method} ${r.path}: HTTP ${res.status} with a body that is not a JSON object`);
    return json as T;
  } finally {
    clearTimeout(timer);
    r.signal?.removeEventListener("abort", onAbort);
  }
}

/** What a thrown fetch or body read means: our deadline, the caller's abort, or the network. */
function failure(err: unknown, signal: AbortSignal, r: RequestInit): Error {
  if (err instanceof MatrixResponseError) return err;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error ? reason : new MatrixNetworkError(`${r.method} ${r.path}: aborted`, { cause: err });
  }
  const cause = (err as { cause?: unknown }).cause;
  const detail =
    cause instanceof Error
      ? `${cause.message}${"code" in cause ? ` (${String(cause.code)})` : ""}`
      : err instanceof Error
        ? err.message
        : String(err);
  return new MatrixNetworkError(`${r.method} ${r.path}: network error: ${detail}`, { cause: err });
}

/** Reads at most `max` bytes; a longer body is cancelled and refused. */
async function readBounded(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new MatrixResponseError(`response of ${declared} bytes is over the ${max}-byte bound`);
  }
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new MatrixResponseError(`response over the ${max}-byte bound`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function httpError(res: Response, json: unknown, text: string): MatrixHttpError {
  const obj = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : undefined;
  const errcode = typeof obj?.errcode === "string" ? obj.errcode : null;
  const error = typeof obj?.error === "string" ? obj.error.slice(0, 300) : null;
  let retryAfterMs = typeof obj?.retry_after_ms === "number" && obj.retry_after_ms >= 0 ? obj.retry_after_ms : null;
  const header = res.headers.get("retry-after")?.trim();
  if (retryAfterMs === null && header && /^\d+$/.test(header)) retryAfterMs = Number(header) * 1000;
  const html = obj === undefined && (/html/i.test(res.headers.get("content-type") ?? "") || /^\s*</.test(text));
  const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
  return new MatrixHttpError(res.status, errcode, error, retryAfterMs, obj ? "json" : html ? "html" : "other", location);
}
