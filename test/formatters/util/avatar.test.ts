import { strict as assert } from "node:assert";
import { avatarUrl } from "../../../formatters/index.js";
import { isDefaultAvatarUrl } from "../../../formatters/util/avatar.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("formatters/util/avatar", () => {
  it("the tests' own libravatar URL is the reference's (corpus: agent dudemcpants)", () => {
    // expected.agent_avatar of a fedora-messaging corpus case, computed by the Python reference.
    const reference = "https://seccdn.libravatar.org/avatar/caa750edf4a11206831a58713cf9231b5b3227765887cbc765d4f8c5c55576a5?s=64&d=retro";
    assert.equal(fedoraAvatar("dudemcpants"), reference);
  });

  it("avatarUrl gives the libravatar URL of the account, from the cache too", () => {
    for (const name of ["dudemcpants", "ralph", "björn", "dudemcpants"]) assert.equal(avatarUrl(name), fedoraAvatar(name));
  });

  it("isDefaultAvatarUrl knows the usual URLs avatarUrl handed out, which format() then keeps without a scan", () => {
    const url = avatarUrl("speed3-someone");
    assert.equal(isDefaultAvatarUrl(url), true);
    // The same text made apart, not the string avatarUrl remembered: still known.
    assert.equal(isDefaultAvatarUrl(fedoraAvatar("speed3-someone")), true);
    for (const other of [avatarUrl("speed3-someone", 32), fedoraAvatar("speed3-never-asked"), `${url} `, "", null, undefined, 42])
      assert.equal(isDefaultAvatarUrl(other), false, String(other));
  });
});
