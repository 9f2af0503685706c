/**
 * Bounded HTTP for clients whose fetch calls we do not make ourselves (masto calls the global
 * fetch and reads every body whole with `response.text()`): a body is read up to a bound and the
 * request fails past it, and a redirect to another origin is never followed (it would re-send a
 * POST, its Idempotency-Key and the bearer token to a host nobody configured).
 *
 * `guardOrigin` puts one wrapper around the global fetch (once per process) that applies to the
 * origins registered with it; requests to other origins pass through untouched.
 */

/** A Mastodon answer is a few KB (an instance description with rules, tens of KB). */
export const MASTODON_HTTP_BODY_MAX_BYTES = 4 * 1024 * 1024;
/** Same-origin redirects followed before giving up. */
export const HTTP_REDIRECTS_MAX = 5;

/** The answer's body was over the bound; the attempt is given up. */
export class HttpBodyTooLargeError extends Error {
  override readonly name = "HttpBodyTooLargeError";
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    detail: string,
  ) {
    super(`the answer of ${url} is larger than ${maxBytes} bytes (${detail}); gave up reading it`);
  }
}

/** A redirect to another origin (or too many redirects) was refused. */
export class HttpRedirectError extends Error {
  override readonly name = "HttpRedirectError";
  constructor(
    readonly url: string,
    readonly location: string | null,
    detail: string,
  ) {
    super(`refused a redirect of ${url}${location ? ` to ${location}` : ""}: ${detail}`);
  }
}

export interface GuardOptions {
  readonly maxBodyBytes: number;
  /** Turns the guard's errors into what the client's callers expect (e.g. masto's error types). */
  readonly wrapError?: (err: HttpBodyTooLargeError | HttpRedirectError) => unknown;
}

const guarded = new Map<string, GuardOptions>();
let unguardedFetch: typeof fetch | undefined;

/** Applies the bounds to every request the process makes to `origin` through the global fetch. */
export function guardOrigin(origin: string, options: GuardOptions): void {
  guarded.set(new URL(origin).origin, options);
  if (unguardedFetch) return;
  const original = globalThis.fetch;
  unguardedFetch = original;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // The origin first, without a Request: building one takes over the body of a Request handed in,
    // which the unguarded call below must pass on as it came.
    const opts = guarded.get(originOf(input));
    if (!opts) return original(input, init);
    const request = new Request(input, init);
    try {
      // The caller's signal, which the caller holds; `request.signal` only follows it weakly.
      const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
      return await boundedFetch(original, request, opts.maxBodyBytes, signal);
    } catch (err) {
      if (opts.wrapError && (err instanceof HttpBodyTooLargeError || err instanceof HttpRedirectError)) throw opts.wrapError(err);
      throw err;
    }
  };
}

/** The origin of a fetch input; "" when it is not an absolute URL (fetch then refuses it itself). */
function originOf(input: string | URL | Request): string {
  try {
    return new URL(input instanceof Request ? input.url : input).origin;
  } catch {
    return "";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response cannot carry a body. */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * `request` through `fetchFn` with manual redirects (same origin only, at most HTTP_REDIRECTS_MAX)
 * and the final body read into memory up to `maxBytes`. `signal` (by default the request's) aborts
 * every hop.
 *
 * Each hop passes an init to `fetchFn`, never a new Request: Node's fetch (undici) has a Request
 * follow the signal it is given only through a weak reference to its own AbortController, and
 * fetch copies the Request it is handed and keeps nothing of it. A garbage collection while the
 * answer was awaited then cut the abort (the request deadline, the shutdown) off from the request,
 * which hung until the server closed the connection (a Mastodon fault test, 5 times in 200 runs;
 * every time with a forced GC). An init's signal is followed by fetch's own Request, which lives as
 * long as the request does.
 */
export async function boundedFetch(
  fetchFn: typeof fetch,
  request: Request,
  maxBytes: number,
  signal: AbortSignal | null = request.signal,
): Promise<Response> {
  const origin = new URL(request.url).origin;
  // The body is kept so that a same-origin 307/308 can send it again (API bodies are small).
  const body = request.body ? await request.arrayBuffer() : null;
  let method = request.method;
  let url = request.url;
  for (let hop = 0; ; hop++) {
    const res = await fetchFn(url, {
      method,
      headers: request.headers,
      body: method === "GET" || method === "HEAD" ? null : body,
      signal,
      redirect: "manual",
    });
    if (!REDIRECTS.has(res.status)) return readBounded(res, url, maxBytes);
    await res.body?.cancel();
    const location = res.headers.get("location");
    if (location === null) return new Response(null, { status: res.status, statusText: res.statusText, headers: res.headers });
    const next = new URL(location, url);
    if (next.origin !== origin) throw new HttpRedirectError(url, next.href, `${res.status} to another origin`);
    if (hop + 1 >= HTTP_REDIRECTS_MAX) throw new HttpRedirectError(url, next.href, `more than ${HTTP_REDIRECTS_MAX} redirects`);
    // As fetch does: 303 turns anything but HEAD into GET, and 301/302 turn a POST into GET.
    if ((res.status === 303 && method !== "HEAD") || ((res.status === 301 || res.status === 302) && method === "POST")) method = "GET";
    url = next.href;
  }
}

async function readBounded(res: Response, url: string, maxBytes: number): Promise<Response> {
  const init = { status: res.status, statusText: res.statusText, headers: res.headers };
  const declared = Number(res.headers.get("content-length") ?? "");
  // A cancel that fails (a stream already broken) must not hide why the answer was refused.
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new HttpBodyTooLargeError(url, maxBytes, `Content-Length ${declared}`);
  }
  if (!res.body || NULL_BODY.has(res.status)) {
    await res.body?.cancel();
    return new Response(null, init);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new HttpBodyTooLargeError(url, maxBytes, `more than ${maxBytes} bytes read`);
    }
    chunks.push(value);
  }
  return new Response(Buffer.concat(chunks, total), init);
}

/** Reads at most `maxBytes` of a response's body as text; throws HttpBodyTooLargeError past that. */
export async function readTextBounded(res: Response, url: string, maxBytes: number): Promise<string> {
  return (await readBounded(res, url, maxBytes)).text();
}
