import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("karma (fedmsg)", () => {
  it("irc.karma: a cookie, quoting the line of older messages", () => {
    const s = fedmsg("irc.karma", {
      agent: "marta",
      recipient: "olek",
      total: 12,
      vote: 1,
      channel: "#fedora-admin",
      line: "olek++ for the fix",
    });
    assert.equal(s.text, 'marta gave olek(12) a karma cookie in #fedora-admin.  "olek++ for the fix"');
    assert.equal(s.link, "https://badges.fedoraproject.org/user/olek");
    assert.equal(s.icon, fedoraAvatar("marta"));
    assert.equal(s.avatar, fedoraAvatar("olek"));
    assert.deepEqual(s.usernames, ["marta", "olek"]);
    assert.deepEqual(s.objects, ["karma/olek"]);
    assert.equal(s.agent, "marta");
  });

  it("irc.karma: negative karma without a line", () => {
    const s = fedmsg("irc.karma", { agent: "marta", recipient: "olek", total: 11, vote: -1, channel: "#fedora-admin" });
    assert.equal(s.text, "marta gave olek(11) negative karma in #fedora-admin");
  });
});
