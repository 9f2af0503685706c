import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { messaging } from "../../helpers/fixtures.js";

const SCHEMA = "weblate.message.v1";
const fedoraAvatar = (user: string): string =>
  `https://seccdn.libravatar.org/avatar/${createHash("sha256").update(`http://${user}.id.fedoraproject.org/`).digest("hex")}?s=64&d=retro`;

describe("schemas/weblate", () => {
  const translation = {
    change_id: 981,
    action: "Translation changed",
    timestamp: "2026-11-06T08:30:00.123456+00:00",
    url: "https://translate.example.org/translate/anaconda/master/fr/?checksum=0123456789abcdef",
    target: ["Bienvenue"],
    old: ["Bienvenu"],
    source: ["Welcome"],
    author: "claire",
    user: "marc",
    project: "anaconda",
    component: "master",
    translation: "fr",
    context: "welcome-title",
  };

  it("WeblateV1Message: any topic; the header finds it", () => {
    const s = messaging(SCHEMA, "a.made.up.topic", translation);
    assert.equal(s.text, "Translation changed event done by marc occurred in 2026-11-06T08:30:00.123456+00:00.");
    assert.equal(s.long, s.text);
    assert.equal(s.link, translation.url);
    // The author (whose suggestion was accepted) and the acting user.
    assert.deepEqual(s.usernames, ["claire", "marc"]);
    assert.deepEqual(s.packages, []);
    assert.equal(s.agent, "marc");
    assert.equal(s.avatar, fedoraAvatar("marc"));
    assert.equal(s.app, "Weblate");
    assert.equal(s.icon, "https://weblate.org/static/weblate-128.png");
    assert.equal(s.severity, 20);
  });

  it("WeblateV1Message: a change nobody made (a repository merge)", () => {
    const s = messaging(SCHEMA, "weblate.merged_repository.anaconda.master", {
      change_id: 982,
      action: "Merged repository",
      timestamp: "2026-11-06T09:00:00+00:00",
      project: "anaconda",
      component: "master",
    });
    assert.equal(s.text, "Merged repository event occurred in 2026-11-06T09:00:00+00:00.");
    assert.equal(s.agent, null);
    assert.equal(s.avatar, null);
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, []);
  });

  it("without the header: Weblate's own topics, only with the class's required fields", () => {
    const s = messaging(null, "org.fedoraproject.prod.weblate.translation_changed.anaconda.master.fr", translation);
    assert.equal(s.app, "Weblate");
    assert.equal(s.agent, "marc");
    const other = messaging(null, "org.fedoraproject.prod.weblate.translation_changed", { user: "marc" });
    assert.notEqual(other.app, "Weblate");
  });
});
