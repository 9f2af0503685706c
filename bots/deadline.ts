/**
 * A deadline on one request, on a strongly held timer. `AbortSignal.timeout` composed with
 * `AbortSignal.any` is held weakly on Node 20: a garbage collection can remove it before it fires,
 * and a hung request then hangs for ever. Used by the Mastodon port (around masto) and the Matrix
 * client (around fetch).
 */

/**
 * Runs `call` with a signal that aborts after `timeoutMs` with `timeoutReason()` (by default a
 * DOMException "TimeoutError", which fetch clients such as masto report as their timeout), or when
 * `outer` aborts, with its reason.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  outer: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>,
  timeoutReason: () => unknown = () => new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"),
): Promise<T> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(timeoutReason()), timeoutMs);
  const onAbort = (): void => ctl.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener("abort", onAbort, { once: true });
  try {
    return await call(ctl.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}
