import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

const SCHEMA = "org.fedoraproject.dev.waiverdb.waiver.new";

describe("schemas/waiverdb", () => {
  const waiver = {
    id: 4242,
    username: "qa-bot",
    comment: "Known flaky on ppc64le",
    waived: true,
    timestamp: "2026-11-05T12:00:00.000000",
    product_version: "fedora-43",
    subject_identifier: "python-foo-1.2-3.fc43",
    subject_type: "koji_build",
    testcase: "fedora-ci.koji-build.tier0.functional",
    scenario: null,
    proxied_by: null,
  };
  const nested = { id: "f00dcafe-0000-4000-8000-000000000001", topic: "waiverdb.waiver.new", headers: {}, body: waiver };

  it("WaiverDBMessageV1: the waived message's id, the test case and who waived it", () => {
    const s = messaging(SCHEMA, "org.fedoraproject.dev.waiverdb.waiver.new", nested);
    assert.equal(s.text, 'qa-bot created a waived message "f00dcafe-0000-4000-8000-000000000001"');
    assert.equal(s.long, "WaiverDB message: Test case fedora-ci.koji-build.tier0.functional is waived\nBy: qa-bot\n");
    assert.equal(s.app, "waiverdb");
    assert.equal(s.icon, "https://github.com/release-engineering/waiverdb/logo.png");
    // The class names nobody: no agent, no usernames, hence no avatar; and no link.
    assert.equal(s.agent, null);
    assert.equal(s.avatar, null);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.link, null);
    assert.equal(s.severity, 20);
  });

  it("the schema header wins over any topic; the plain waiver WaiverDB publishes keeps the fedmsg-era wording", () => {
    assert.equal(messaging(SCHEMA, "dummy-topic", nested).text, 'qa-bot created a waived message "f00dcafe-0000-4000-8000-000000000001"');
    // Without the header, the nested form is still recognised by its topic.
    assert.equal(messaging(null, "org.fedoraproject.prod.waiverdb.waiver.new", nested).app, "waiverdb");
    const plain = messaging("base.message", "org.fedoraproject.prod.waiverdb.waiver.new", waiver);
    assert.match(plain.text, /^qa-bot waived fedora-ci\.koji-build\.tier0\.functional for python-foo-1\.2-3\.fc43/);
    assert.notEqual(plain.icon, "https://github.com/release-engineering/waiverdb/logo.png");
  });
});
