import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

function commit(path: string, message: string, summary: string): Record<string, unknown> {
  return {
    commit: {
      username: "opsjane",
      agent: "opsjane",
      branch: "main",
      email: "jane@example.org",
      name: "Jane Ops",
      path,
      repo: "",
      rev: "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed",
      seen: false,
      message,
      summary,
      stats: { files: { "roles/proxy/tasks/main.yml": { additions: 2, deletions: 1, lines: 3 }, "inventory/hosts": {} } },
    },
  };
}

describe("infragit (fedmsg)", () => {
  it("infragit.receive: a one-line commit to ansible", () => {
    const s = fedmsg("infragit.receive", commit("/git/ansible", "proxy: raise timeouts\n", "proxy: raise timeouts"));
    assert.equal(s.text, 'opsjane pushed a commit to the fedora-infra ansible repo (main):  "proxy: raise timeouts"');
    assert.equal(
      s.link,
      "https://infrastructure.fedoraproject.org/cgit/ansible.git/commit/?h=main&id=f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed",
    );
    assert.deepEqual(s.usernames, ["opsjane"]);
    assert.equal(s.agent, "opsjane");
    assert.deepEqual(s.objects, ["ansible/inventory/hosts", "ansible/roles/proxy/tasks/main.yml"]);
    assert.equal(s.avatar, fedoraAvatar("opsjane"));
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/git-logo.png");
  });

  it("a longer message is marked; the private puppet repo has no link", () => {
    const s = fedmsg("infragit.receive", commit("/git/puppet", "Fix it\n\nBecause.", "Fix it"));
    assert.equal(s.text, 'opsjane pushed a commit to the fedora-infra puppet repo (main):  "Fix it (..more)"');
    assert.equal(s.link, null);
  });
});
