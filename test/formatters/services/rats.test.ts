import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const pullRequest = {
  id: 57,
  title: "Rebuild",
  project: { name: "nano", namespace: "rpms", parent: null, user: { name: "owner1" } },
};

describe("rats (fedmsg)", () => {
  it("test.simple-koji-ci on a dist-git pull request (and on a fork, in staging)", () => {
    const s = fedmsg("rats.test.simple-koji-ci", { agent: "scout", pull_request: pullRequest });
    assert.equal(s.text, 'scout requested a run of simple-koji-ci on "rpms/nano/pull-request/57"');
    assert.equal(s.link, "https://src.fedoraproject.org/rpms/nano/pull-request/57");
    assert.deepEqual(s.usernames, ["scout"]);
    assert.deepEqual(s.objects, ["simple-koji-ci/rpms/nano/pull-request/57"]);
    assert.equal(s.avatar, fedoraAvatar("scout"));
    assert.equal(s.icon, "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png");
    const fork = { ...pullRequest, project: { ...pullRequest.project, parent: { name: "nano" }, user: { name: "scout" } } };
    const f = fedmsg("org.fedoraproject.stg.rats.test.simple-koji-ci", { agent: "scout", pull_request: fork });
    assert.equal(f.link, "https://src.stg.fedoraproject.org/fork/scout/rpms/nano/pull-request/57");
  });

  it("test.taskotron: on a target or on a ResultsDB result", () => {
    const s = fedmsg("rats.test.taskotron", { agent: "scout", test: "dist.abicheck", identifier: "nano-8.2-1.fc41", result_id: null });
    assert.equal(s.text, 'scout requested a run of taskotron\'s dist.abicheck on "nano-8.2-1.fc41"');
    assert.equal(s.link, null);
    assert.deepEqual(s.objects, ["taskotron/dist.abicheck/nano-8.2-1.fc41"]);
    const r = fedmsg("rats.test.taskotron", { agent: "scout", test: "dist.abicheck", identifier: null, result_id: 31415 });
    assert.equal(r.text, 'scout requested a run of taskotron on resultsdb\'s result id: "31415"');
    assert.deepEqual(r.objects, ["taskotron/resultsdb/31415"]);
  });

  it("test.atomic-ci: on a target or on a ResultsDB result", () => {
    const s = fedmsg("rats.test.atomic-ci", { agent: "scout", test: "AtomicCI", identifier: "rpms/nano/pull-request/57", result_id: null });
    assert.equal(s.text, 'scout requested a run of atomic-ci on "rpms/nano/pull-request/57"');
    assert.deepEqual(s.objects, ["AtomicCI/rpms/nano/pull-request/57"]);
    const r = fedmsg("rats.test.atomic-ci", { agent: "scout", test: "AtomicCI", identifier: "", result_id: 2718 });
    assert.equal(r.text, 'scout requested a run of atomic-ci on resultsdb\'s result id: "2718"');
    assert.deepEqual(r.objects, ["AtomicCI/resultsdb/2718"]);
  });
});
