import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("fmn (fedmsg)", () => {
  const body = (changed: string, context = "irc") => ({ openid: "olek.id.fedoraproject.org", context, changed });

  it("preference.update: enabled, digest options, delivery details, other", () => {
    const e = fedmsg("fmn.preference.update", body("enabled"));
    assert.equal(e.text, "olek toggled their flow of irc messages");
    assert.equal(e.link, "https://apps.fedoraproject.org/notifications/");
    assert.deepEqual(e.usernames, ["olek"]);
    assert.deepEqual(e.objects, ["olek/irc/preference/enabled"]);
    assert.equal(e.avatar, fedoraAvatar("olek"));
    assert.equal(e.icon, "https://apps.fedoraproject.org/img/icons/fedmsg.png");
    assert.equal(fedmsg("fmn.preference.update", body("batch_values", "email")).text, "olek updated their email digest options");
    assert.equal(fedmsg("fmn.preference.update", body("details", "email")).text, "olek updated their email delivery details");
    assert.equal(fedmsg("fmn.preference.update", body("triggered_by_links")).text, "olek updated their irc triggered_by_links");
  });

  it("rule.update and filter.update", () => {
    const r = fedmsg("fmn.rule.update", body("negated", "email"));
    assert.equal(r.text, "olek updated the negated on a fmn email rule");
    assert.deepEqual(r.objects, ["olek/email/rule/negated"]);
    assert.equal(fedmsg("fmn.filter.update", body("rules", "sse")).text, "olek updated the rules on a fmn sse filter");
  });

  it("confirmation.update", () => {
    assert.equal(fedmsg("fmn.confirmation.update", body("status")).text, "the status of one of olek's pending confirmations changed");
  });
});
