import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifact of the reference, deliberately not reproduced: a waiver of
 * a test case for a subject (no `result_id`) gave an empty line; here it
 * names the test case and the subject.
 */

describe("waiverdb (fedmsg)", () => {
  it("waiver.new", () => {
    const s = fedmsg("waiverdb.waiver.new", {
      id: 512,
      username: "adamwill",
      result_id: 9876,
      product_version: "fedora-41",
      comment: "Known flake.",
      waived: true,
    });
    assert.equal(s.text, 'adamwill waived result 9876 (fedora-41): "Known flake."');
    assert.equal(s.link, "https://waiverdb-web-waiverdb.app.os.fedoraproject.org/api/v1.0/waivers/512");
    assert.deepEqual(s.usernames, ["adamwill"]);
    assert.equal(s.agent, "adamwill");
    assert.equal(s.avatar, fedoraAvatar("adamwill"));
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/waiverdb.png");
  });

  it("human text where the reference leaked Python artifacts", () => {
    const s = fedmsg("waiverdb.waiver.new", {
      id: 513,
      username: "adamwill",
      product_version: "fedora-42",
      comment: "ok",
      testcase: "fedora-ci.koji-build.tier0.functional",
      subject_type: "koji_build",
      subject_identifier: "bash-5.2.37-1.fc42",
    });
    assert.equal(s.text, 'adamwill waived fedora-ci.koji-build.tier0.functional for bash-5.2.37-1.fc42 (fedora-42): "ok"');
  });
});
