import { strict as assert } from "node:assert";
import { withDeadline } from "../../../bots/mastodon/client.js";

/** A call that only ends when its signal aborts, like fetch to a server that hangs. */
const hang = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });

describe("mastodon request deadline", () => {
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
});
