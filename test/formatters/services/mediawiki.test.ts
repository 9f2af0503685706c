import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - an edit without any user name got the avatar of the empty account name;
 *   here there is no avatar.
 */

describe("mediawiki (fedmsg, wiki.*)", () => {
  it("wiki.article.edit: wiki name in the text, lower-cased account elsewhere", () => {
    const s = fedmsg("wiki.article.edit", {
      title: "QA/Test Days/",
      user: "Pbrobinson",
      url: "http://fedoraproject.org/w/index.php?title=QA/Test_Days&diff=1&oldid=0",
      summary: "",
      minor_edit: 0,
      text: "...",
    });
    assert.equal(s.text, 'Pbrobinson made a wiki edit to "QA/Test Days/"');
    assert.equal(s.link, "https://fedoraproject.org/w/index.php?title=QA/Test_Days&diff=1&oldid=0");
    assert.deepEqual(s.usernames, ["pbrobinson"]);
    assert.equal(s.agent, "pbrobinson");
    assert.deepEqual(s.objects, ["QA/Test Days-page"]);
    assert.equal(s.avatar, fedoraAvatar("pbrobinson"));
    assert.equal(s.icon, "https://fedoraproject.org/w/skins/common/images/mediawiki.png");
  });

  it("wiki.upload.complete: description cut at 35 characters", () => {
    const s = fedmsg("wiki.upload.complete", {
      user_text: "Kevin",
      title: { mPrefixedText: "File:Badge-sketch.svg" },
      url: "/w/uploads/a/ab/Badge-sketch.svg",
      description: "A first sketch of the new contributor badge artwork",
    });
    assert.equal(s.text, 'Kevin uploaded File:Badge-sketch.svg to the wiki: "A first sketch of the new contribut..."');
    assert.equal(s.link, "https://fedoraproject.org/w/uploads/a/ab/Badge-sketch.svg");
    assert.deepEqual(s.usernames, ["kevin"]);
    assert.deepEqual(s.objects, ["w/uploads/a/ab/Badge-sketch.svg"]);
  });

  it("an edit without a user has no avatar", () => {
    const s = fedmsg("wiki.article.edit", { title: "Main Page", url: "https://fedoraproject.org/wiki/Main_Page" });
    assert.equal(s.avatar, null);
    assert.deepEqual(s.usernames, []);
  });
});
