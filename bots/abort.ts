/**
 * Why an AbortSignal aborted, as the Error a promise rejects with. Every abort in fedmsg-echo passes
 * an Error, and an abort without a reason gets a DOMException "AbortError" (an Error too): those come
 * back as they are, so callers still see their own ShutdownDeadline or TimeoutError. Anything else
 * (a non-Error reason from a caller outside the project) is wrapped, with the reason as its cause.
 */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error("aborted", { cause: reason });
}
