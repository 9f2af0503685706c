import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

// No Python artifacts to avoid here beyond missing fields ("None"), which read as
// "someone" / "a kernel" / "unknown" instead.

const ICON = "https://apps.fedoraproject.org/img/icons/tux.png";

describe("kerneltest (fedmsg era)", () => {
  it("a test upload", () => {
    const s = fedmsg("kerneltest.upload.new", {
      agent: "tester",
      test: { kernel_version: "5.3.7-301.fc31.x86_64", result: "PASS", arch: "x86_64", fedora_version: "31" },
    });
    assert.equal(s.text, "tester ran a test of 5.3.7-301.fc31.x86_64 (PASS)");
    assert.equal(s.link, "https://apps.fedoraproject.org/kerneltest/kernel/5.3.7-301.fc31.x86_64");
    assert.equal(s.icon, ICON);
    assert.equal(s.avatar, fedoraAvatar("tester"));
    assert.deepEqual(s.usernames, ["tester"]);
    assert.equal(s.agent, "tester");
    assert.deepEqual(s.packages, ["kernel"]);
    assert.deepEqual(s.objects, ["kernel/5.3.7-301.fc31.x86_64"]);
  });

  it("new and edited releases", () => {
    const added = fedmsg("kerneltest.release.new", { agent: "kadmin", release: { releasenum: 32, support: "RAWHIDE" } });
    assert.equal(added.text, "kadmin added a new release for kerneltest: 32 RAWHIDE");
    assert.equal(added.link, "https://apps.fedoraproject.org/kerneltest/stats");
    assert.deepEqual(added.objects, ["release/32/RAWHIDE"]);
    const edited = fedmsg("kerneltest.release.edit", { agent: "kadmin", release: { releasenum: 30, support: "RELEASE" } });
    assert.equal(edited.text, "kadmin edited the 30-RELEASE release for kerneltest");
    assert.deepEqual(edited.usernames, ["kadmin"]);
  });

  it("missing fields", () => {
    const s = fedmsg("kerneltest.upload.new", { test: {} });
    assert.equal(s.text, "someone ran a test of a kernel");
    assert.equal(s.agent, null);
  });
});
