import { strict as assert } from "node:assert";
import { abortReason } from "../../bots/abort.js";

describe("abortReason", () => {
  it("gives back an Error reason as it is, so callers still see their own error", () => {
    const ctl = new AbortController();
    const reason = new RangeError("shutdown deadline reached");
    ctl.abort(reason);
    assert.equal(abortReason(ctl.signal), reason);
  });

  it("gives back the default AbortError of an abort without a reason", () => {
    const ctl = new AbortController();
    ctl.abort();
    const r = abortReason(ctl.signal);
    assert.equal(r, ctl.signal.reason);
    assert.equal(r.name, "AbortError");
  });

  it("wraps a reason that is not an Error, keeping it as the cause", () => {
    const ctl = new AbortController();
    ctl.abort("stop now");
    const r = abortReason(ctl.signal);
    assert.ok(r instanceof Error);
    assert.equal(r.cause, "stop now");
  });
});
