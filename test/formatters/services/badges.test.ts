import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("badges (fedmsg)", () => {
  it("badge.award: the badge's image is the icon and its description the long form", () => {
    const s = fedmsg("fedbadges.badge.award", {
      badge: { name: "Curious Penguin (Ask Fedora I)", description: "You helped someone.", image_url: "https://badges.example/ask.png" },
      user: { username: "olek", badges_user_id: 1 },
    });
    assert.equal(s.text, 'olek has been awarded the "Curious Penguin (Ask Fedora I)" badge');
    assert.equal(s.link, "https://badges.fedoraproject.org/user/olek");
    assert.equal(s.icon, "https://badges.example/ask.png");
    assert.equal(s.avatar, fedoraAvatar("olek"));
    assert.equal(s.long, "You helped someone.");
    assert.deepEqual(s.objects, ["curious-penguin-(ask-fedora-i)"]);
    assert.deepEqual(s.usernames, ["olek"]);
  });

  it("person.rank.advance", () => {
    const s = fedmsg("fedbadges.person.rank.advance", { person: { nickname: "marta", rank: 42 }, old_rank: 50 });
    assert.equal(s.text, "marta moved to position 42 on the badges leaderboard");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/badges.png");
    assert.deepEqual(s.objects, []);
  });

  it("person.login.first", () => {
    const s = fedmsg("fedbadges.person.login.first", { person: { nickname: "newbie" } });
    assert.equal(s.text, "newbie logged in to badges.fedoraproject.org for the first time");
    assert.equal(s.link, "https://badges.fedoraproject.org/user/newbie");
  });
});
