import { strict as assert } from "node:assert";
import { fedmsg, handledBy } from "../../helpers/fixtures.js";

// fedmsg.meta's Jenkins processor gives an empty secondary icon (""), kept as the avatar.

const ICON = "https://wiki.jenkins-ci.org/download/attachments/2916393/logo.png?version=1";

describe("jenkins (fedmsg era)", () => {
  const outcomes: [string, string][] = [
    ["failed", "failed to build"],
    ["passed", "built successfully"],
    ["unstable", "built with warnings"],
    ["notbuilt", "did not build"],
    ["aborted", "build aborted"],
    ["start", "started building"],
    ["unknown", "entered an unknown state"],
  ];

  for (const [outcome, words] of outcomes) {
    it(`jenkins.build.${outcome}`, () => {
      const s = fedmsg(`jenkins.build.${outcome}`, { build: 31, project: "python-fedora", took: "2 min" });
      assert.equal(s.text, `Jenkins project 'python-fedora' ${words}`);
      assert.equal(s.link, "http://jenkins.cloud.fedoraproject.org/job/python-fedora/31/");
      assert.deepEqual(s.objects, [`jenkins/python-fedora/build.${outcome}`]);
      assert.deepEqual(s.usernames, []);
      assert.equal(s.icon, ICON);
      assert.equal(s.avatar, "");
    });
  }

  it("no link without a build number", () => {
    assert.equal(fedmsg("jenkins.build.passed", { project: "p" }).link, null);
  });

  it("other build topics fall back to the generic line", () => {
    // The generic line: "<service> <object> <name> <event>" (formatters/generic.ts), no icon.
    const s = fedmsg("jenkins.build.weird", { project: "p" });
    assert.equal(s.text, "jenkins build p weird");
    assert.equal(s.icon, null);
    assert.equal(handledBy("jenkins.build.weird", { project: "p" }), "generic");
  });
});
