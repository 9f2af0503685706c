import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a build state code outside Koji's five raised an error (empty line);
 *   here the line says the build changed state.
 * - an instance other than primary/ppc/s390/arm raised an error for the
 *   link; here it links to that instance's hub name.
 * Koji's long form needs queries to the hub: out of scope, it is the text.
 */

const KOJI = "http://koji.fedoraproject.org/koji";
const ICON = "https://fedoraproject.org/w/uploads/2/20/Artwork_DesignService_koji-icon-48.png";
const build = { build_id: 2600001, name: "htop", version: "3.3.0", release: "2.fc41", owner: "tanguy", task_id: 12, attribute: "state" };

describe("buildsys (fedmsg)", () => {
  it("build.state.change: each Koji build state", () => {
    const s = fedmsg("buildsys.build.state.change", { ...build, instance: "primary", old: 0, new: 1 });
    assert.equal(s.text, "tanguy's htop-3.3.0-2.fc41 completed");
    assert.equal(s.link, `${KOJI}/buildinfo?buildID=2600001`);
    assert.deepEqual(s.usernames, ["tanguy"]);
    assert.deepEqual(s.packages, ["htop"]);
    assert.deepEqual(s.objects, ["primary/builds/htop/3.3.0/2.fc41"]);
    assert.equal(s.avatar, fedoraAvatar("tanguy"));
    assert.equal(s.icon, ICON);
    assert.equal(s.agent, "tanguy");
    const words = ["started building", "completed", "was deleted", "failed to build", "was cancelled"];
    words.forEach((w, i) =>
      assert.equal(fedmsg("buildsys.build.state.change", { ...build, new: i }).text, `tanguy's htop-3.3.0-2.fc41 ${w}`),
    );
  });

  it("build.state.change: secondary hub and no owner", () => {
    const s = fedmsg("buildsys.build.state.change", { ...build, owner: null, instance: "ppc", new: 3 });
    assert.equal(s.text, "htop-3.3.0-2.fc41 failed to build (ppc)");
    assert.equal(s.link, "http://ppc.koji.fedoraproject.org/koji/buildinfo?buildID=2600001");
    assert.deepEqual(s.usernames, []);
    assert.deepEqual(s.objects, ["ppc/builds/htop/3.3.0/2.fc41"]);
    assert.equal(s.avatar, ICON);
  });

  it("task.state.change: scratch builds, with their targets; staging links", () => {
    const s = fedmsg("org.fedoraproject.stg.buildsys.task.state.change", {
      id: 777,
      method: "build",
      old: "OPEN",
      new: "CLOSED",
      owner: "tanguy",
      srpm: "htop-3.3.0-2.fc41.src.rpm",
      info: { request: ["cli-build/123/htop-3.3.0-2.fc41.src.rpm", "f41-candidate", { scratch: true }] },
    });
    assert.equal(s.text, "tanguy's scratch build of htop-3.3.0-2.fc41.src.rpm for f41-candidate completed");
    assert.equal(s.link, "http://koji.stg.fedoraproject.org/koji/taskinfo?taskID=777");
    assert.deepEqual(s.objects, ["primary/scratch_builds/htop-3.3.0-2.fc41.src.rpm"]);
    assert.deepEqual(s.packages, []);
    const t = fedmsg("buildsys.task.state.change", { id: 8, new: "CANCELED", owner: null, srpm: "x-1-1.src.rpm" });
    assert.equal(t.text, "scratch build of x-1-1.src.rpm was cancelled");
    assert.equal(
      fedmsg("buildsys.task.state.change", { id: 8, new: "FREE", owner: "a", srpm: "x.src.rpm" }).text,
      "a's scratch build of x.src.rpm changed",
    );
  });

  it("tag / untag", () => {
    const msg = { name: "htop", version: "3.3.0", release: "2.fc41", owner: "tanguy", user: "bodhi", tag: "f41-updates", tag_id: 9001 };
    const s = fedmsg("buildsys.tag", msg);
    assert.equal(s.text, "tanguy's htop-3.3.0-2.fc41 tagged into f41-updates by bodhi");
    assert.equal(s.link, `${KOJI}/taginfo?tagID=9001`);
    assert.deepEqual(s.usernames, ["bodhi", "tanguy"]);
    assert.deepEqual(s.objects, ["primary/builds/htop/3.3.0/2.fc41", "primary/tags/f41-updates"]);
    assert.equal(s.agent, "bodhi");
    const u = fedmsg("buildsys.untag", { ...msg, instance: "s390" });
    assert.equal(u.text, "tanguy's htop-3.3.0-2.fc41 untagged from f41-updates by bodhi (s390)");
    assert.equal(u.link, "http://s390.koji.fedoraproject.org/koji/taginfo?tagID=9001");
  });

  it("repo.init / repo.done", () => {
    const s = fedmsg("buildsys.repo.init", { tag: "f42-build", tag_id: 77, repo_id: 5 });
    assert.equal(s.text, "Repo initialized:  f42-build");
    assert.equal(s.link, `${KOJI}/taginfo?tagID=77`);
    assert.deepEqual(s.objects, ["primary/repos/f42-build"]);
    const d = fedmsg("buildsys.repo.done", { tag: "f42-build", instance: "arm" });
    assert.equal(d.text, "Repo done:  f42-build (arm)");
    assert.equal(d.link, "http://arm.koji.fedoraproject.org/koji");
  });

  it("package.list.change", () => {
    const s = fedmsg("buildsys.package.list.change", { package: "htop", tag: "epel10" });
    assert.equal(s.text, "Package list change for htop:  'epel10'");
    assert.equal(s.link, null);
    assert.deepEqual(s.packages, ["htop"]);
    assert.deepEqual(s.objects, ["primary/tags/epel10"]);
  });

  it("rpm.sign: old (info) and new (rpm + sigkey) payloads", () => {
    const rpm = { name: "htop-debuginfo", version: "3.3.0", release: "2.fc41", arch: "x86_64", build_id: 2600001 };
    const s = fedmsg("buildsys.rpm.sign", { instance: "primary", rpm, sigkey: "e99d6ad1", sighash: "0" });
    assert.equal(s.text, "Koji build htop-debuginfo-3.3.0-2.fc41.x86_64.rpm signed with sigkey 'e99d6ad1'");
    assert.equal(s.link, `${KOJI}/buildinfo?buildID=2600001`);
    assert.deepEqual(s.packages, ["htop-debuginfo"]);
    assert.deepEqual(s.objects, ["signatures/htop-debuginfo"]);
    assert.equal(s.avatar, ICON);
    const old = fedmsg("buildsys.rpm.sign", { info: { ...rpm, sigkey: "a15b79cc" } });
    assert.equal(old.text, "Koji build htop-debuginfo-3.3.0-2.fc41.x86_64.rpm signed with sigkey 'a15b79cc'");
  });

  it("human text where the reference leaked Python artifacts", () => {
    assert.equal(fedmsg("buildsys.build.state.change", { ...build, new: 9 }).text, "tanguy's htop-3.3.0-2.fc41 changed state to 9");
    assert.equal(
      fedmsg("buildsys.build.state.change", { ...build, instance: "riscv" }).link,
      "http://riscv.koji.fedoraproject.org/koji/buildinfo?buildID=2600001",
    );
  });
});
