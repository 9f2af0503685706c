import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (the reference's text in brackets):
// - a tag message without build or user: "A build was tagged into f42" [None-None-None was tagged into f42 by None]
// - a build without owner: "Build COMPLETE: foo-1-1" [Build COMPLETE: None's foo-1-1]
// - repo.done/init have no wording of their own; like the reference, the text is the topic.
describe("schemas/koji", () => {
  const build = {
    name: "python-bar",
    version: "2.1",
    release: "3.fc43",
    epoch: null,
    attribute: "state",
    build_id: 2900001,
    owner: "builder",
    instance: "primary",
    url: "https://koji.fedoraproject.org/koji/buildinfo?buildID=2900001",
    task_id: null,
    task: null,
    request: null,
    old: 0,
    new: 1,
    creation_time: "2025-05-06T10:11:12.5+00:00",
    completion_time: "2025-05-06T10:41:00+00:00",
  };

  it("build.state.change: state, owner, nvr; long form with dates", () => {
    const s = messaging("koji_fedoramessaging.build.BuildStateChangeV1", "buildsys.build.state.change", build);
    assert.equal(s.text, "Build COMPLETE: builder's python-bar-2.1-3.fc43");
    assert.equal(
      s.long,
      "Package:    python-bar-2.1-3.fc43\nStatus:     complete\nBuilt by:   builder\nID:         2900001\n" +
        "Started:    Tue, 06 May 2025 10:11:12 UTC\nFinished:   Tue, 06 May 2025 10:41:00 UTC\n\nBuild imported into koji\n",
    );
    assert.equal(s.link, build.url);
    assert.equal(s.agent, null, "completion is Koji's doing");
    assert.deepEqual(s.usernames, ["builder"]);
    assert.deepEqual(s.packages, ["python-bar"]);
    assert.equal(s.app, "Koji");
    assert.equal(s.severity, 20);
    const started = messaging("koji_fedoramessaging.build.BuildStateChangeV1", "buildsys.build.state.change", {
      ...build,
      old: null,
      new: 0,
      completion_time: null,
    });
    assert.equal(started.text, "Build BUILDING: builder's python-bar-2.1-3.fc43");
    assert.equal(started.agent, "builder");
    assert.match(started.long ?? "", /Finished: {3}\(still running\)/);
  });

  it("build.state.change with a task: the task tree with result files", () => {
    const task = {
      id: 100,
      method: "build",
      arch: "noarch",
      host_id: 1,
      host_name: "buildhw-1",
      url: "https://koji/t/100",
      result: null,
      children: [
        {
          id: 102,
          method: "buildArch",
          arch: "x86_64",
          host_id: 2,
          host_name: null,
          url: "https://koji/t/102",
          completion_time: 20,
          children: [],
          result: { rpms: ["t/102/a.rpm"], logs: [] },
        },
        {
          id: 101,
          method: "buildSRPMFromSCM",
          arch: "noarch",
          host_id: 2,
          host_name: "b2",
          url: "https://koji/t/101",
          completion_time: 10,
          children: [],
          result: { srpm: "t/101/a.src.rpm" },
        },
      ],
    };
    const s = messaging("koji_fedoramessaging.build.BuildStateChangeV1", "buildsys.build.state.change", {
      ...build,
      task,
      files_base_url: "https://files/work",
    });
    assert.ok(
      (s.long ?? "").endsWith(
        "Closed tasks:\n-------------\nTask 100 on buildhw-1\nTask Type: build (noarch)\nLink: https://koji/t/100\n\nTask 100 has the following sub-tasks:\n\n" +
          "Task 101 on b2\nTask Type: buildSRPMFromSCM (noarch)\nLink: https://koji/t/101\nsrpm:\n  https://files/work/t/101/a.src.rpm\n\n" +
          "Task 102 on (unscheduled)\nTask Type: buildArch (x86_64)\nLink: https://koji/t/102\nrpms:\n  https://files/work/t/102/a.rpm\n",
      ),
    );
  });

  it("task.state.change", () => {
    const info = {
      id: 555,
      method: "newRepo",
      arch: "noarch",
      host_id: 4,
      host_name: "bvm-4",
      url: "https://koji/t/555",
      result: null,
      children: [],
    };
    const s = messaging("koji_fedoramessaging.task.TaskStateChangeV1", "buildsys.task.state.change", {
      id: 555,
      info,
      method: "newRepo",
      attribute: "state",
      old: "OPEN",
      new: "FAILED",
      srpm: "x-1-1.src.rpm",
      owner: "kojira",
      base_url: "https://koji",
      files_base_url: "https://files/work",
      instance: "primary",
    });
    assert.equal(s.text, "Task FAILED -- newRepo (x-1-1.src.rpm noarch)");
    assert.equal(s.long, "Task 555 on bvm-4\nTask Type: newRepo (noarch)\nLink: https://koji/t/555\n");
    assert.equal(s.link, "https://koji/t/555");
    assert.equal(s.agent, "kojira");
  });

  it("tag and untag: debug severity, tagger as agent, owner concerned", () => {
    const body = {
      build_id: 1,
      name: "golang-x",
      version: "0.1",
      release: "1.fc42",
      tag_id: 9,
      instance: "primary",
      tag: "f42-updates-candidate",
      user: "bodhi",
      owner: "gopher",
    };
    const t = messaging("koji_fedoramessaging.tag.TagV1", "buildsys.tag", body);
    assert.equal(t.text, "golang-x-0.1-1.fc42 was tagged into f42-updates-candidate by bodhi");
    assert.equal(t.severity, 10);
    assert.equal(t.agent, "bodhi");
    assert.deepEqual(t.usernames, ["bodhi", "gopher"]);
    assert.deepEqual(t.packages, ["golang-x"]);
    const u = messaging("koji_fedoramessaging.tag.UntagV1", "buildsys.untag", body);
    assert.equal(u.text, "golang-x-0.1-1.fc42 was untagged from f42-updates-candidate by bodhi");
  });

  it("writes a person's text where the reference prints None", () => {
    assert.equal(messaging("koji_fedoramessaging.tag.TagV1", "buildsys.tag", { tag: "f42" }).text, "A build was tagged into f42");
    const s = messaging("koji_fedoramessaging.build.BuildStateChangeV1", "buildsys.build.state.change", { ...build, owner: null });
    assert.equal(s.text, "Build COMPLETE: python-bar-2.1-3.fc43");
  });

  it("package.list.change, rpm.sign, repo.done/init", () => {
    const l = messaging("koji_fedoramessaging.package.ListChangeV1", "buildsys.package.list.change", {
      action: "add",
      package: "newpkg",
      tag: "f44",
      owner: "packager",
      instance: "primary",
    });
    assert.equal(l.text, "Package list change for newpkg:  f44");
    assert.equal(l.severity, 10);
    assert.deepEqual(l.usernames, ["packager"]);
    const r = messaging("koji_fedoramessaging.rpm.SignV1", "buildsys.rpm.sign", {
      instance: "primary",
      sigkey: "abcd1234",
      sighash: "ff",
      rpm: { name: "libx-devel", version: "3", release: "2.fc42", arch: "x86_64" },
      build: { name: "libx", owner_name: "libxer" },
    });
    assert.equal(r.text, "rpm libx-devel-3-2.fc42 was signed");
    assert.deepEqual(r.packages, ["libx"]);
    assert.equal(r.agent, "libxer");
    const d = messaging("koji_fedoramessaging.repo.DoneV1", "org.fedoraproject.prod.buildsys.repo.done", {
      instance: "primary",
      repo_id: 8,
      tag: "f42-build",
      tag_id: 2,
    });
    assert.equal(d.text, "org.fedoraproject.prod.buildsys.repo.done");
    assert.equal(d.severity, 10);
    assert.equal(messaging("koji_fedoramessaging.repo.InitV1", "buildsys.repo.init", { repo_id: 8, tag_id: 2 }).text, "buildsys.repo.init");
  });
});
