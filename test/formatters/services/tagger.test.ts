import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/tagger.png";
const user = { username: "olek", anonymous: false, rank: 3 };
const anon = { username: "anonymous", anonymous: true };
const tag = (pkg: unknown) => ({ tag: "terminal", package: pkg, like: 2, dislike: 0 });

describe("tagger (fedmsg)", () => {
  it("tag.create", () => {
    const s = fedmsg("fedoratagger.tag.create", { vote: { like: true, user, tag: tag("htop") } });
    assert.equal(s.text, 'olek added tag "terminal" to htop');
    assert.equal(s.link, "https://apps.fedoraproject.org/tagger/htop");
    assert.deepEqual(s.packages, ["htop"]);
    assert.deepEqual(s.objects, ["labels/terminal", "packages/htop"]);
    assert.equal(s.avatar, fedoraAvatar("olek"));
    assert.equal(s.icon, ICON);
  });

  it("tag.update: up and down votes; legacy package objects", () => {
    assert.equal(
      fedmsg("fedoratagger.tag.update", { vote: { like: true, user, tag: tag("htop") } }).text,
      'olek upvoted "terminal" on htop',
    );
    const legacy = fedmsg("fedoratagger.tag.update", { vote: { like: false, user, tag: tag({ btop: { x: 1 } }) } });
    assert.equal(legacy.text, 'olek downvoted "terminal" on btop');
    assert.equal(legacy.link, "https://apps.fedoraproject.org/tagger/btop");
  });

  it("the anonymous user is nobody", () => {
    const s = fedmsg("fedoratagger.tag.update", { vote: { like: true, user: anon, tag: tag("htop") } });
    assert.deepEqual(s.usernames, []);
    assert.equal(s.avatar, ICON);
  });

  it("rating.update (named and anonymous)", () => {
    const s = fedmsg("fedoratagger.rating.update", { rating: { user, package: { name: "htop" }, rating: 90 } });
    assert.equal(s.text, "olek gave htop a rating of 90");
    assert.equal(s.link, "https://apps.fedoraproject.org/tagger/htop");
    assert.equal(
      fedmsg("fedoratagger.rating.update", { rating: { user: anon, package: { name: "htop" }, rating: 10 } }).text,
      "An anonymous user gave htop a rating of 10",
    );
  });

  it("user.rank.update", () => {
    const s = fedmsg("fedoratagger.user.rank.update", { user: { username: "olek", rank: 7 } });
    assert.equal(s.text, "olek's rank changed to 7");
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, ["olek"]);
  });

  it("usage.toggle", () => {
    const s = fedmsg("fedoratagger.usage.toggle", { user, package: { name: "htop" }, usage: true });
    assert.equal(s.text, "olek declared that they use htop");
    assert.deepEqual(s.packages, ["htop"]);
    assert.equal(
      fedmsg("fedoratagger.usage.toggle", { user: anon, package: { name: "htop" }, usage: false }).text,
      "An anonymous user declared that they no longer use htop",
    );
  });
});
