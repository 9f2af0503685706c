import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/ansible.png";

describe("fedora-messaging: ansible", () => {
  it("ansible.playbook.start", () => {
    const s = messaging("ansible.playbook.start", "ansible.playbook.start", {
      userid: "sysadmin1",
      playbook: "playbooks/groups/proxies.yml",
      playbook_checksum: "0123abcd",
      check: false,
      extra_vars: {},
      inventory: ["/srv/inventory"],
    });
    assert.equal(s.text, "sysadmin1 started an ansible run of playbooks/groups/proxies.yml");
    assert.equal(s.app, "ansible");
    assert.equal(s.icon, ICON);
    assert.equal(s.link, null);
    // The class names no agent, but shows the user's avatar.
    assert.equal(s.agent, null);
    assert.equal(s.avatar, fedoraAvatar("sysadmin1"));
    assert.deepEqual(s.usernames, ["sysadmin1"]);
  });

  it("ansible.playbook.complete (no schema header)", () => {
    const s = messaging(null, "org.fedoraproject.prod.ansible.playbook.complete", {
      userid: "sysadmin2",
      playbook: "playbooks/manual/restart.yml",
      results: {},
    });
    assert.equal(s.text, "sysadmin2's playbooks/manual/restart.yml playbook run completed");
    assert.deepEqual(s.usernames, ["sysadmin2"]);
  });

  it("git.receive from dist-git (agent inside the commit)", () => {
    const body = {
      commit: {
        username: "packager",
        agent: "packager",
        name: "A Packager",
        email: "packager@example.test",
        rev: "0123456789abcdef0123456789abcdef01234567",
        namespace: "rpms",
        repo: "nano",
        branch: "rawhide",
        summary: "Update to 8.1",
        message: "Update to 8.1\n",
        path: "/srv/git/repositories/rpms/nano.git",
        seen: false,
        stats: { files: {}, total: { additions: 1, deletions: 1, files: 1, lines: 2 } },
      },
    };
    for (const s of [messaging("git.receive", "git.receive", body), messaging(null, "git.receive", body)]) {
      assert.equal(s.text, 'packager pushed to nano (rawhide). "Update to 8.1"');
      assert.equal(s.app, "distgit");
      assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/git.png");
      assert.equal(s.agent, null);
      assert.equal(s.avatar, fedoraAvatar("packager"));
      assert.deepEqual(s.usernames, ["packager"]);
    }
  });
});
