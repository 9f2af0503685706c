import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

const ICON = "https://apps.fedoraproject.org/img/icons/fedmsg.png";

describe("fedora-messaging: fmn", () => {
  // The rule classes define no summary: the line is the topic, as Fedora shows it.
  it("fmn.rule.create.v1: the topic, with a sentence in the long form", () => {
    const s = messaging("fmn.rule.create.v1", "org.fedoraproject.prod.fmn.rule.update.v1", {
      rule: { id: 42, name: "My koji builds" },
      user: { name: "alice" },
    });
    assert.equal(s.text, "org.fedoraproject.prod.fmn.rule.update.v1");
    assert.equal(s.long, "FMN rule My koji builds was created by alice");
    assert.equal(s.app, "FMN");
    assert.equal(s.icon, ICON);
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.agent, null);
  });

  it("fmn.rule.update.v1 without a schema header", () => {
    const s = messaging(null, "fmn.rule.update.v1", { rule: { id: 7 }, user: { name: "bob" } });
    assert.equal(s.text, "fmn.rule.update.v1");
    assert.equal(s.long, "FMN rule 7 was updated by bob");
    assert.equal(s.app, "FMN");
  });

  it("fmn.rule.delete.v1", () => {
    const s = messaging("fmn.rule.delete.v1", "fmn.rule.delete.v1", { rule: { id: 3, name: null }, user: { name: "carol" } });
    assert.equal(s.text, "fmn.rule.delete.v1");
    assert.equal(s.long, "FMN rule 3 was deleted by carol");
  });
});
