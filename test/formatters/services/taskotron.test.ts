import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

/*
 * Not reproduced: for a Bodhi-update result the reference asked Bodhi (over
 * the network) for the update's packages; here it has none, as the reference
 * has when Bodhi does not answer.
 */

const ICON = "https://apps.fedoraproject.org/img/icons/taskotron.png";

describe("taskotron (fedmsg)", () => {
  it("result.new on a Koji build", () => {
    const s = fedmsg("taskotron.result.new", {
      task: { type: "koji_build", item: "nano-8.2-1.fc41", name: "dist.rpmlint" },
      result: { outcome: "FAILED", log_url: "https://taskotron.example/artifacts/abc/output.log", id: 1 },
    });
    assert.equal(s.text, "dist.rpmlint FAILED for nano-8.2-1.fc41");
    assert.equal(s.link, "https://taskotron.example/artifacts/abc/output.log");
    assert.deepEqual(s.packages, ["nano"]);
    assert.deepEqual(s.objects, ["dist.rpmlint/nano/FAILED"]);
    assert.equal(s.avatar, "https://apps.fedoraproject.org/packages/images/icons/nano.png");
    assert.equal(s.icon, ICON);
  });

  it("result.new on a Bodhi update", () => {
    const s = fedmsg("taskotron.result.new", {
      task: { type: "bodhi_update", item: "FEDORA-2026-abcdef0123", name: "dist.upgradepath" },
      result: { outcome: "PASSED", log_url: "https://taskotron.example/u.log" },
    });
    assert.equal(s.text, "dist.upgradepath PASSED for FEDORA-2026-abcdef0123");
    assert.equal(s.link, "https://taskotron.example/u.log");
    assert.deepEqual(s.packages, []);
    assert.equal(s.avatar, ICON);
  });
});
