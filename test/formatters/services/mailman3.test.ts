import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { fedmsg } from "../../helpers/fixtures.js";

/*
 * Notes on the reference (fedmsg.meta's mailman3 processor):
 * - it keys a known sender's avatar by the SHA-256 of the bare account name
 *   (not of the account's OpenID as everywhere else); that value is what its
 *   own tests assert, so it is reproduced.
 */

const userMap = { "p.novak@example.cz": "pnovak" };
const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");
const md5 = (s: string): string => createHash("md5").update(s).digest("hex");

function post(from: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    mlist: { list_name: "test" },
    msg: {
      from,
      subject: "[Test] Heads-up:\n F45 mass rebuild",
      "message-id": "<abc.123@example.cz>",
      references: null,
      "in-reply-to": null,
      "archived-at": "/list/test@lists.fedoraproject.org/message/QWERTY/",
      ...extra,
    },
  };
}

describe("mailman3 (fedmsg, mailman.receive)", () => {
  it("a new thread from a known sender", () => {
    const s = fedmsg("mailman.receive", post('"Petr Novak" <p.novak@example.cz>', {}), { userMap });
    assert.equal(s.text, "pnovak wrote '[Test] Heads-up:  F45 mass rebuild' to the test list");
    assert.equal(s.link, "https://lists.fedoraproject.org/archives/list/test@lists.fedoraproject.org/message/QWERTY/");
    assert.deepEqual(s.usernames, ["pnovak"]);
    assert.equal(s.agent, "pnovak");
    assert.deepEqual(s.objects, ["test/abc.123@example.cz/message"]);
    assert.equal(s.avatar, `https://seccdn.libravatar.org/avatar/${sha256("pnovak")}?s=64&d=retro`);
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/hyperkitty.png");
  });

  it("a reply from an unknown sender: named by address, no username, avatar by e-mail", () => {
    const s = fedmsg(
      "mailman.receive",
      post("Someone <who@example.com>", {
        references: "<root.1@example.com>\n\t<mid.2@example.com>",
        "in-reply-to": "<mid.2@example.com>",
        "archived-at": "<https://lists.example.org/archives/msg/1/>",
      }),
    );
    assert.equal(s.text, "On the test list, who@example.com replied to '[Test] Heads-up:  F45 mass rebuild'");
    assert.equal(s.link, "https://lists.example.org/archives/msg/1/");
    assert.deepEqual(s.usernames, []);
    assert.deepEqual(s.objects, ["test/root.1@example.com/mid.2@example.com/abc.123@example.cz/message"]);
    assert.equal(s.avatar, `https://seccdn.libravatar.org/avatar/${md5("who@example.com")}?s=64&d=retro`);
  });

  it("a fedoraproject.org address is its account", () => {
    const s = fedmsg("mailman.receive", post("zoe@fedoraproject.org", { "in-reply-to": "<x@y>" }));
    assert.equal(s.text, "On the test list, zoe replied to '[Test] Heads-up:  F45 mass rebuild'");
    assert.deepEqual(s.objects, ["test/x@y/abc.123@example.cz/message"]);
  });
});
