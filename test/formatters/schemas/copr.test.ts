import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

function build(extra: Record<string, unknown> = {}) {
  return {
    build: 123456,
    chroot: "fedora-41-x86_64",
    copr: "tools",
    ip: "10.0.0.1",
    owner: "maker",
    pid: 4242,
    pkg: "widget",
    status: 3,
    user: "maker",
    version: "1.2-3.fc41",
    what: "build start",
    who: "backend.worker-1",
    ...extra,
  };
}

describe("fedora-messaging: copr", () => {
  it("copr.build.start", () => {
    const s = messaging("copr.build.start", "copr.build.start", build());
    assert.equal(s.text, 'Copr Message in project "maker/tools": build 123456: chroot "fedora-41-x86_64" started.');
    assert.equal(s.app, "Copr");
    assert.equal(s.icon, null);
    assert.equal(s.link, null);
    assert.equal(s.agent, "maker");
    assert.equal(s.avatar, fedoraAvatar("maker"));
    assert.deepEqual(s.usernames, ["maker"]);
    assert.deepEqual(s.packages, []);
    assert.equal(s.severity, 20);
  });

  it("copr.build.start in a group project by a namespaced user: no agent, no users", () => {
    const s = messaging("copr.build.start", "copr.build.start", build({ owner: "@team", user: "github.com:someone" }));
    assert.equal(s.text, 'Copr Message in project "@team/tools": build 123456: chroot "fedora-41-x86_64" started.');
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, []);
  });

  it("copr.build.end names the status and no agent", () => {
    const s = messaging("copr.build.end", "copr.build.end", build({ status: 1, user: "helper" }));
    assert.equal(s.text, 'Copr Message in project "maker/tools": build 123456: chroot "fedora-41-x86_64" ended as "succeeded".');
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, ["helper", "maker"]);
    const failed = messaging(null, "org.fedoraproject.prod.copr.build.end", build({ status: 0 }));
    assert.match(failed.text, /ended as "failed"\.$/);
  });

  it("copr.chroot.start is debug severity; a fedmsg envelope is unwrapped", () => {
    const s = messaging("copr.chroot.start", "copr.chroot.start", { msg: build({ chroot: "epel-9-aarch64" }) });
    assert.equal(s.text, 'Copr Message in project "maker/tools": build 123456: chroot "epel-9-aarch64" started.');
    assert.equal(s.severity, 10);
    assert.equal(s.agent, "maker");
  });
});
