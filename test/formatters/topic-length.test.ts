import { strict as assert } from "node:assert";
import { DecodeError, decodeMessage } from "../../formatters/index.js";

describe("decode: topic length", () => {
  it("a topic over 512 characters is no bus topic: a DecodeError, for both eras (glob matching and digests grew with it)", () => {
    const long = `org.fedoraproject.prod.${"bodhi.".repeat(100)}x`;
    assert.throws(
      () => decodeMessage({ topic: long, msg: {} }),
      (e: unknown) => e instanceof DecodeError && /over 512/.test(e.message),
    );
    assert.throws(() => decodeMessage({ topic: long, body: {}, headers: {}, id: "x" }), DecodeError);
    const ok = `org.fedoraproject.prod.${"a".repeat(480)}`;
    assert.equal(decodeMessage({ topic: ok, msg: {} }).topic.full, ok);
  });
});
