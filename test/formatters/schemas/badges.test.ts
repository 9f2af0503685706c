import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

// Python artifact not reproduced: a first rank (old_rank null) would read
// "changed from None to 5"; we write "changed to 5".
describe("schemas/badges (tahrir)", () => {
  it("person.login.first", () => {
    const s = messaging("badges.person.login.first.v1", "badges.person.login.first", { user: { username: "newbie", badges_user_id: 9 } });
    assert.equal(s.text, "newbie logged into badges for the first time");
    assert.equal(s.agent, "newbie");
    assert.deepEqual(s.usernames, ["newbie"]);
    assert.equal(s.link, null);
    assert.equal(s.app, "tahrir");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/badges.png");
  });

  it("badge.award: recipient and badge; the description is the long form; no agent", () => {
    const s = messaging("badges.badge.award.v1", "badges.badge.award", {
      user: { username: "earner", badges_user_id: 3 },
      badge: { badge_id: "speak-up", name: "Speak Up!", description: "Participated in a meeting", image_url: "https://x/y.png" },
    });
    assert.equal(s.text, "earner was awarded the badge `Speak Up!`");
    assert.equal(s.long, "Participated in a meeting");
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, ["earner"]);
  });

  it("person.rank.advance", () => {
    const person = { nickname: "climber", rank: 5, bio: null, email: "c@example.org", id: 4, website: null };
    const s = messaging("badges.person.rank.advance.v1", "badges.person.rank.advance", { old_rank: 9, person });
    assert.equal(s.text, "climber's Badges rank changed from 9 to 5");
    assert.deepEqual(s.usernames, ["climber"]);
    assert.equal(s.agent, null);
    const first = messaging("badges.person.rank.advance.v1", "badges.person.rank.advance", { old_rank: null, person });
    assert.equal(first.text, "climber's Badges rank changed to 5");
  });
});
