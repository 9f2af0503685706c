import { strict as assert } from "node:assert";
import { decodeMessage, formatTrace } from "../../../formatters/index.js";
import { messaging } from "../../helpers/fixtures.js";

/** Which formatter service handled a fedora-messaging message without a schema header. */
function serviceFor(topic: string, body: unknown): string {
  return formatTrace(decodeMessage({ id: null, topic, headers: {}, body })).service;
}

describe("schemas/noggin", () => {
  it("group.member.sponsor (the reference's wording has no space before the group)", () => {
    const s = messaging("noggin.group.member.sponsor.v1", "fas.group.member.sponsor", {
      msg: { agent: "sponsor1", user: "joiner", group: "packager" },
    });
    assert.equal(s.text, "Sponsor sponsor1 added joiner to the grouppackager");
    assert.deepEqual(s.groups, ["packager"]);
    assert.deepEqual(s.usernames, ["joiner", "sponsor1"]);
    assert.equal(s.agent, "sponsor1");
    assert.equal(s.app, "FAS");
    assert.equal(s.icon, null);
    assert.equal(s.link, null);
  });

  it("user.create: own account, or someone else's", () => {
    assert.equal(
      messaging("noggin.user.create.v1", "fas.user.create", { msg: { agent: "fresh", user: "fresh" } }).text,
      "fresh created a new Fedora Account",
    );
    assert.equal(
      messaging("noggin.user.create.v1", "fas.user.create", { msg: { agent: "admin", user: "fresh" } }).text,
      "admin created a new Fedora Account for fresh",
    );
  });

  it("user.update: count of fields, the fields in the long form", () => {
    const s = messaging("noggin.user.update.v1", "fas.user.update", {
      msg: { agent: "me", user: "me", fields: ["timezone", "locale", "ircnick"] },
    });
    assert.equal(s.text, "me edited 3 details of their Fedora Account");
    assert.equal(s.long, "me edited 3 details of their Fedora Account\n\nDetails changed:\n\ntimezone\nlocale\nircnick ");
    const other = messaging("noggin.user.update.v1", "fas.user.update", { msg: { agent: "admin", user: "me", fields: ["email"] } });
    assert.equal(other.text, "admin edited 1 details of me's Fedora Account");
  });

  it("declines a fas.* body without `msg` when there is no schema header", () => {
    assert.notEqual(serviceFor("org.fedoraproject.prod.fas.user.create", { agent: "x", user: "y" }), "noggin");
  });
});
