import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

describe("announce (fedmsg)", () => {
  it("announce.announcement: the message and its link; the sender from the envelope", () => {
    const s = fedmsg(
      "announce.announcement",
      { message: "Fedora 41 is out!", link: "https://fedoramagazine.org/f41" },
      { envelope: { username: "marta" } },
    );
    assert.equal(s.text, "Fedora 41 is out!");
    assert.equal(s.link, "https://fedoramagazine.org/f41");
    assert.deepEqual(s.usernames, ["marta"]);
    assert.equal(s.agent, "marta");
    assert.equal(s.icon, null);
    assert.equal(s.avatar, null);
  });

  it("without a sender", () => {
    const s = fedmsg("announce.announcement", { message: "Maintenance tonight", link: "" });
    assert.equal(s.text, "Maintenance tonight");
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.agent, null);
  });

  it("an announcement without text still gives a line (fedmsg's was empty)", () => {
    assert.equal(
      fedmsg("announce.announcement", { link: "https://example.org" }, { envelope: { username: "marta" } }).text,
      "marta made an announcement",
    );
    assert.equal(fedmsg("announce.announcement", { message: "  " }).text, "someone made an announcement");
  });
});
