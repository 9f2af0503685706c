import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

const ICON = "https://pbs.twimg.com/profile_images/378800000417679469/47eb45c6205aa9f2cdb8705e6d46745c_normal.png";

describe("zanata (fedmsg)", () => {
  it("zanata.document.milestone.event: the whole line is lower-cased", () => {
    const s = fedmsg("zanata.document.milestone.event", {
      docId: "Release_Notes.pot",
      eventType: "org.zanata.event.DocumentMilestoneEvent",
      locale: "pt-BR",
      milestone: "100% Reviewed",
      project: "fedora-docs",
      version: "f44",
    });
    assert.equal(s.text, "release_notes.pot from the fedora-docs project is now 100% reviewed in the 'pt-br' locale");
    assert.equal(s.link, "https://fedora.zanata.org/iteration/view/fedora-docs/f44/languages/pt-BR");
    assert.deepEqual(s.objects, ["fedora-docs/f44/languages/pt-BR"]);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.icon, ICON);
    assert.equal(s.avatar, ICON);
  });

  it("a payload without a version has no link", () => {
    const s = fedmsg("zanata.document.milestone.event", { docId: "a.po", project: "p", locale: "de", milestone: "Done" });
    assert.equal(s.text, "a.po from the p project is now done in the 'de' locale");
    assert.equal(s.link, null);
  });
});
