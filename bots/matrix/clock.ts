/**
 * Time for the Matrix bot's waits (retries, start calls) on the flow layer's
 * clock: monotonic in production, the ManualClock of tests and benchmarks.
 */
import { abortReason } from "../abort.js";
import type { FlowClock } from "../flow/clock.js";

export interface MatrixClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function matrixClock(clock: FlowClock): MatrixClock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const onAbort = (): void => {
          timer.cancel();
          reject(abortReason(signal));
        };
        const timer = clock.setTimer(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}
