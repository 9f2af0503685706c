import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (fedmsg.meta's openQA processor):
// - objects held job and group ids as numbers; here they are strings ("15052");
// - a TEST without MACHINE read "(test x on None)", a missing `remaining` read
//   ",  remaining jobs", and an integer `auto` gave "1duplicated"; here the
//   missing parts are left out and `auto` may be a number or a boolean.

describe("openqa (fedmsg era)", () => {
  const job = {
    ARCH: "aarch64",
    BUILD: "Fedora-Rawhide-20200101.n.0",
    FLAVOR: "Server-dvd-iso",
    MACHINE: "aarch64",
    ISO: "Fedora-Server-dvd-aarch64-Rawhide-20200101.n.0.iso",
    TEST: "install_default",
    id: 5000,
    remaining: 7,
  };

  it("job done, with and without a result", () => {
    const s = fedmsg("openqa.job.done", { ...job, result: "passed" });
    assert.equal(
      s.text,
      "job 5000 (test install_default on aarch64 for iso Fedora-Server-dvd-aarch64-Rawhide-20200101.n.0.iso) completed with result passed for Fedora-Rawhide-20200101.n.0, 7 remaining jobs",
    );
    assert.equal(s.link, "https://openqa.fedoraproject.org/tests/5000");
    assert.deepEqual(s.objects, ["Fedora-Rawhide-20200101.n.0", "Fedora-Server-dvd-aarch64-Rawhide-20200101.n.0.iso"]);
    assert.deepEqual(s.usernames, []);
    const stg = fedmsg("org.fedoraproject.stg.openqa.job.done", { build: "Fedora-25-20161001.n.0", id: "77", remaining: 0, result: null });
    assert.equal(stg.text, "staging job 77 completed for Fedora-25-20161001.n.0, 0 remaining jobs");
    assert.equal(stg.link, "https://openqa.stg.fedoraproject.org/tests/77");
  });

  it("job create, restart and duplicate", () => {
    const disk = { BUILD: "F-1", HDD_1: "disk_x.qcow2", MACHINE: "64bit", TEST: "upgrade", id: 12 };
    const created = fedmsg("openqa.job.create", disk);
    assert.equal(created.text, "job 12 (test upgrade on 64bit for disk disk_x.qcow2) created for F-1");
    assert.deepEqual(created.objects, ["F-1", "disk_x.qcow2"]);
    assert.equal(
      fedmsg("openqa.job.restart", { ...disk, result: "13" }).text,
      "job 12 (test upgrade on 64bit for disk disk_x.qcow2) restarted as 13 for F-1",
    );
    assert.equal(
      fedmsg("openqa.job.duplicate", { ...disk, result: "14", auto: "0" }).text,
      "job 12 (test upgrade on 64bit for disk disk_x.qcow2) manually duplicated as 14 for F-1",
    );
    assert.equal(
      fedmsg("openqa.job.duplicate", { ...disk, result: "14", auto: 1 }).text,
      "job 12 (test upgrade on 64bit for disk disk_x.qcow2) automatically duplicated as 14 for F-1",
    );
  });

  it("comments on jobs and groups", () => {
    const c = fedmsg("openqa.comment.update", {
      id: 3,
      job_id: 991,
      group_id: null,
      text: "this needle needs an update soon please",
      user: "qa-person",
    });
    assert.equal(c.text, "qa-person updated comment #3 on openQA job 991, text: this needle needs an update so...");
    assert.equal(c.link, "https://openqa.fedoraproject.org/tests/991#comments");
    assert.deepEqual(c.usernames, ["qa-person"]);
    assert.equal(c.agent, "qa-person");
    assert.deepEqual(c.objects, ["991"]);
    const g = fedmsg("openqa.comment.create", { id: 4, job_id: null, group_id: 2, text: "", user: "qa-person" });
    assert.equal(g.text, "qa-person created comment #4 on openQA group 2");
    assert.equal(g.link, "https://openqa.fedoraproject.org/group_overview/2");
    const d = fedmsg("openqa.comment.delete", { id: 5, text: "short" });
    assert.equal(d.text, "someone deleted comment #5 on openQA, text: short");
    assert.equal(d.link, "https://openqa.fedoraproject.org");
  });

  it("no None for missing machine or remaining count", () => {
    assert.equal(fedmsg("openqa.job.done", { BUILD: "B", TEST: "t", id: 1 }).text, "job 1 (test t) completed for B");
  });
});
