import { strict as assert } from "node:assert";
import { withDeadline } from "../../bots/deadline.js";

/** A call that only ends when its signal aborts, like fetch to a server that hangs. */
const hang = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });

describe("request deadline (the Mastodon port and the Matrix client)", () => {
  it("aborts a hung call with a TimeoutError (what masto reports as MastoTimeoutError)", async () => {
    await assert.rejects(withDeadline(50, undefined, hang), (err: unknown) => err instanceof DOMException && err.name === "TimeoutError");
  });

  it("passes the caller's abort through, and lets a call that answers in time through", async () => {
    const outer = new AbortController();
    const pending = withDeadline(60_000, outer.signal, hang);
    outer.abort(new Error("shutting down"));
    await assert.rejects(pending, /shutting down/);
    assert.equal(await withDeadline(60_000, undefined, () => Promise.resolve(42)), 42);
    const already = new AbortController();
    already.abort(new Error("already stopped"));
    await assert.rejects(withDeadline(60_000, already.signal, hang), /already stopped/);
  });

  it("aborts with the reason the caller names (the Matrix client's own timeout error)", async () => {
    class Late extends Error {}
    await assert.rejects(
      withDeadline(50, undefined, hang, () => new Late("no answer within 50 ms")),
      (err: unknown) => err instanceof Late && /50 ms/.test(err.message),
    );
  });

  it("clears its timer and its listener on the caller's signal once the call is done", async () => {
    const outer = new AbortController();
    let listeners = 0;
    const add = outer.signal.addEventListener.bind(outer.signal);
    const remove = outer.signal.removeEventListener.bind(outer.signal);
    outer.signal.addEventListener = (...a: Parameters<typeof add>) => {
      listeners++;
      add(...a);
    };
    outer.signal.removeEventListener = (...a: Parameters<typeof remove>) => {
      listeners--;
      remove(...a);
    };
    let inner: AbortSignal | undefined;
    assert.equal(
      await withDeadline(30, outer.signal, (s) => {
        inner = s;
        return Promise.resolve("done");
      }),
      "done",
    );
    assert.equal(listeners, 0, "the abort listener on the caller's signal is removed");
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(inner?.aborted, false, "the deadline's timer was cleared: it never fired");
  });
});
