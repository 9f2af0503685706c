import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a group-owned copr put the group ("@python") among the usernames; here it
 *   is a group, and the usernames hold accounts only.
 * - a message with a null user got the avatar of an account named "None";
 *   here it has no avatar.
 */

const ICON = "https://apps.fedoraproject.org/img/icons/copr.png";
const RESULTS = "https://copr-be.cloud.fedoraproject.org/results";

describe("coprs (fedmsg)", () => {
  it("build.start: by a user, and automated", () => {
    const s = fedmsg("copr.build.start", { build: 4242, copr: "zellij", user: "varlad", what: "build start" });
    assert.equal(s.text, "varlad started a new build of the zellij copr");
    assert.equal(s.link, "https://copr.fedoraproject.org/coprs/varlad/zellij/build/4242/");
    assert.deepEqual(s.usernames, ["varlad"]);
    assert.deepEqual(s.objects, ["coprs/zellij/build.start"]);
    assert.equal(s.avatar, fedoraAvatar("varlad"));
    assert.equal(s.icon, ICON);
    assert.equal(
      fedmsg("copr.build.start", { build: 1, copr: "zellij", owner: "varlad" }).text,
      "Automated build of the zellij copr has been started",
    );
  });

  it("build.end: the status, the NVR, and the long form with the log URLs", () => {
    const s = fedmsg("copr.build.end", {
      build: 4242,
      chroot: "fedora-41-aarch64",
      copr: "zellij",
      owner: "varlad",
      user: "varlad",
      pkg: "zellij",
      version: "0.41.2-1.fc41",
      status: 1,
    });
    assert.equal(s.text, "varlad's zellij copr build of zellij-0.41.2-1.fc41 for fedora-41-aarch64 finished with 'success'");
    assert.equal(s.link, "https://copr.fedoraproject.org/coprs/varlad/zellij/build/4242/");
    assert.deepEqual(s.objects, ["coprs/zellij/build.end"]);
    const dir = `${RESULTS}/varlad/zellij/fedora-41-aarch64`;
    assert.equal(
      s.long,
      "Package:  zellij-0.41.2-1.fc41\nCOPR:     varlad/zellij\nBuilt by: varlad\nStatus:   success\nID:       00004242\n\nLogs:\n" +
        `  Build:     ${dir}/00004242-zellij/build.log.gz\n` +
        `  Root:      ${dir}/00004242-zellij/root.log.gz\n` +
        `  Copr:      ${dir}/build-00004242.log\n` +
        `  Mockchain: ${dir}/00004242-zellij/mockchain.log.gz\n` +
        `Results:     ${dir}/00004242-zellij/\n` +
        `Repodata:    ${dir}/repodata/\n`,
    );
    const a = fedmsg("copr.build.end", { build: 5, chroot: "epel-9-x86_64", copr: "c", pkg: "p-1-1", status: 5 });
    assert.equal(a.text, "Automated c copr build of p-1-1 for epel-9-x86_64 finished with 'skipped'");
  });

  it("build.end: a group's copr links under g/", () => {
    const s = fedmsg("copr.build.end", {
      build: 9,
      chroot: "fedora-rawhide-x86_64",
      copr: "py314",
      owner: "@python",
      user: "hroncok",
      pkg: "python3.14",
      version: "3.14.0-1.fc42",
      status: 0,
    });
    assert.equal(s.text, "hroncok's py314 copr build of python3.14-3.14.0-1.fc42 for fedora-rawhide-x86_64 finished with 'failed'");
    assert.equal(s.link, "https://copr.fedoraproject.org/coprs/g/python/py314/build/9/");
    assert.deepEqual(s.usernames, ["hroncok"]);
    assert.deepEqual(s.groups, ["python"]);
  });

  it("chroot.start", () => {
    const s = fedmsg("copr.chroot.start", { build: 7, chroot: "fedora-41-x86_64", copr: "zellij", user: "varlad" });
    assert.equal(s.text, "varlad's zellij copr started a new fedora-41-x86_64 chroot");
    assert.equal(s.link, `${RESULTS}/varlad/zellij/fedora-41-x86_64/`);
    assert.deepEqual(s.objects, ["coprs/zellij/chroot.start/fedora-41-x86_64"]);
  });

  it("worker.create", () => {
    const s = fedmsg("copr.worker.create", { what: "creating worker", ip: "10.0.0.1" });
    assert.equal(s.text, "a new worker was created");
    assert.equal(s.link, "https://copr.fedoraproject.org");
    assert.deepEqual(s.usernames, []);
    assert.deepEqual(s.objects, ["coprs/worker.create"]);
  });

  it("human text where the reference leaked Python artifacts", () => {
    const s = fedmsg("copr.build.start", { build: 1, copr: "c", user: null });
    assert.equal(s.text, "Automated build of the c copr has been started");
    assert.equal(s.avatar, null);
  });
});
