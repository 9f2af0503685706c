import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("fedora-messaging: planet", () => {
  it("planet.build with a title", () => {
    const s = messaging("planet.build", "planet.build", { title: "Planet Fedora", url: "https://fedoraplanet.org" });
    assert.equal(s.text, "Planet Fedora has been rebuilt");
    assert.equal(s.long, "Planet Fedora has been rebuilt");
    assert.equal(s.link, null);
    assert.equal(s.app, null);
    assert.equal(s.icon, null);
    assert.deepEqual(s.usernames, []);
  });

  // Python artifact: a null title reads "None has been rebuilt" in the reference; we use the default.
  it("planet.build without a title, or a null one", () => {
    assert.equal(messaging(null, "org.fedoraproject.prod.planet.build", {}).text, "The planet has been rebuilt");
    assert.equal(messaging("planet.build", "planet.build", { title: null }).text, "The planet has been rebuilt");
  });

  it("planet.post.new quotes title and author like Python's repr", () => {
    const s = messaging("planet.post.new", "planet.post.new", {
      username: "dave",
      name: "Dave's blog",
      post: { title: "Packaging notes" },
    });
    assert.equal(s.text, "A new post 'Packaging notes' was published on planet by 'dave'.");
    assert.equal(s.agent, "dave");
    assert.equal(s.avatar, fedoraAvatar("dave"));
    assert.deepEqual(s.usernames, ["dave"]);
  });

  it("planet.post.new: a title with an apostrophe is double-quoted; no title, no author", () => {
    const s = messaging("planet.post.new", "planet.post.new", { username: "erin", post: { title: "Don't panic" } });
    assert.equal(s.text, `A new post "Don't panic" was published on planet by 'erin'.`);
    const t = messaging("planet.post.new", "planet.post.new", { post: { title: null } });
    assert.equal(t.text, "A new post was published on planet.");
    assert.equal(t.agent, null);
    assert.deepEqual(t.usernames, []);
  });
});
