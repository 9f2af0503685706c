import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

function ipa(command: string, params: Record<string, unknown>, actor = "opsadmin@EXAMPLE.TEST") {
  return {
    _HOSTNAME: "ipa01.example.test",
    _COMM: "httpd",
    PRIORITY: "5",
    __REALTIME_TIMESTAMP: "1760000000000000",
    MESSAGE: `[IPA.API] ${actor}: ${command}: SUCCESS`,
    IPA_API_ACTOR: actor,
    IPA_API_COMMAND: command,
    IPA_API_PARAMS: JSON.stringify(params),
    IPA_API_RESULT: "SUCCESS",
  };
}

describe("fedora-messaging: journal (IPA)", () => {
  it("journal.ipa.user_add.v1", () => {
    const s = messaging("journal.ipa.user_add.v1", "ipa.user_add.v1", ipa("user_add", { uid: "newbie", version: "2.254" }));
    assert.equal(s.text, 'opsadmin created user "newbie"');
    assert.equal(s.long, "A new user has been created: newbie\nBy: opsadmin\n");
    assert.equal(s.agent, "opsadmin");
    assert.equal(s.avatar, fedoraAvatar("opsadmin"));
    assert.deepEqual(s.usernames, ["newbie", "opsadmin"]);
    assert.equal(s.app, "IPA");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/ipa.png");
    assert.equal(s.severity, 10);
    assert.equal(s.link, null);
  });

  it("journal.ipa.group_add_member.v1 with users and groups", () => {
    const s = messaging(
      "journal.ipa.group_add_member.v1",
      "ipa.group_add_member.v1",
      ipa("group_add_member", { cn: "infra-team", user: ["ann", "ben"], group: ["sub-team"] }),
    );
    assert.equal(s.text, 'User opsadmin has added users ann, ben and group sub-team to group "infra-team"');
    assert.equal(
      s.long,
      "Group infra-team has new users:\n- ann\n- ben\nGroup infra-team has a new group:\n- sub-team\n\nAdded by: opsadmin\n",
    );
    assert.deepEqual(s.usernames, ["ann", "ben", "opsadmin"]);
    assert.deepEqual(s.groups, ["infra-team", "sub-team"]);
    assert.equal(s.severity, 10);
  });

  it("journal.ipa.group_remove_member.v1 with one user (no schema header)", () => {
    const s = messaging(null, "org.fedoraproject.prod.ipa.group_remove_member.v1", ipa("group_remove_member", { cn: "qa", user: ["cat"] }));
    assert.equal(s.text, 'User opsadmin has removed user cat from group "qa"');
    assert.equal(s.long, "The following user was removed from group qa:\n- cat\n\nRemoved by: opsadmin\n");
    assert.deepEqual(s.usernames, ["cat", "opsadmin"]);
    assert.deepEqual(s.groups, ["qa"]);
  });

  it("journal.ipa.group_remove_member.v1 with groups; the severity header wins", () => {
    const s = messaging(
      "journal.ipa.group_remove_member.v1",
      "ipa.group_remove_member.v1",
      ipa("group_remove_member", { cn: "qa", group: ["g1", "g2"] }),
      { fedora_messaging_severity: 20 },
    );
    assert.equal(s.text, 'User opsadmin has removed groups g1, g2 from group "qa"');
    assert.equal(s.long, "The following groups were removed from group qa:\n- g1\n- g2\n\nRemoved by: opsadmin\n");
    assert.equal(s.severity, 20);
  });

  it("unparseable parameters still give a line", () => {
    const body = { ...ipa("group_add_member", {}), IPA_API_PARAMS: "{not json" };
    const s = messaging("journal.ipa.group_add_member.v1", "ipa.group_add_member.v1", body);
    assert.equal(s.text, 'User opsadmin has added to group "unknown"');
  });
});
