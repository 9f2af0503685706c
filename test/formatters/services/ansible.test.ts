import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a null `userid` read "None started an ansible run ..."; here
 *   "(no user specified)", as when the field is absent.
 */

describe("ansible (fedmsg)", () => {
  it("playbook.start from the repository checkout links to the playbook", () => {
    const s = fedmsg("ansible.playbook.start", {
      playbook: "/srv/web/infra/ansible/playbooks/groups/proxies.yml",
      userid: "marta",
      check: false,
    });
    assert.equal(s.text, "marta started an ansible run of playbooks/groups/proxies.yml");
    assert.equal(s.link, "http://infrastructure.fedoraproject.org/cgit/ansible.git/tree/playbooks/groups/proxies.yml");
    assert.deepEqual(s.objects, ["playbooks/groups/proxies.yml"]);
    assert.deepEqual(s.usernames, ["marta"]);
    assert.equal(s.avatar, fedoraAvatar("marta"));
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/ansible.png");
  });

  it("playbook.complete of an uncontrolled playbook lists the hosts", () => {
    const s = fedmsg("ansible.playbook.complete", {
      playbook: "/home/marta/test.yml",
      userid: "marta",
      results: { "web01.example": { ok: 3 }, "web02.example": { ok: 3 } },
    });
    assert.equal(s.text, "marta's test.yml playbook run completed");
    assert.equal(s.link, null);
    assert.deepEqual(s.objects, ["inventory/web01.example", "inventory/web02.example", "uncontrolled-playbooks/test.yml"]);
  });

  it("Python artifact: no user", () => {
    assert.equal(
      fedmsg("ansible.playbook.start", { playbook: "/srv/web/infra/ansible/x.yml", userid: null }).text,
      "(no user specified) started an ansible run of x.yml",
    );
    assert.equal(fedmsg("ansible.playbook.start", { playbook: "/srv/web/infra/ansible/x.yml" }).avatar, null);
  });
});
