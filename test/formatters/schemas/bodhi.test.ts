import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/bodhi.png";
const URL = "https://bodhi.fedoraproject.org/updates/FEDORA-2026-0a1b2c3d4e";

function update(builds = ["gadget-3.1-1.fc43"], owner = "owner1") {
  return {
    alias: "FEDORA-2026-0a1b2c3d4e",
    builds: builds.map((nvr) => ({ nvr })),
    release: { name: "F43" },
    request: null,
    status: "testing",
    user: { name: owner },
  };
}

describe("fedora-messaging: bodhi", () => {
  it("bodhi.update.comment.v1 with karma and @mentions", () => {
    const body = {
      comment: {
        karma: 1,
        text: "Works here, thanks @owner1 and @helper2! mail@notamention",
        user: { name: "tester" },
        update: update(),
      },
    };
    const s = messaging("bodhi.update.comment.v1", "bodhi.update.comment", body);
    assert.equal(s.text, "tester commented on update gadget-3.1-1.fc43 (karma: 1)");
    assert.equal(
      s.long,
      "tester commented on owner1's update FEDORA-2026-0a1b2c3d4e with karma 1:\n\n" +
        "Works here, thanks @owner1 and @helper2! mail@notamention\n\nBuilds:\ngadget-3.1-1.fc43",
    );
    assert.equal(s.link, URL);
    assert.equal(s.agent, "tester");
    assert.equal(s.avatar, fedoraAvatar("tester"));
    assert.deepEqual(s.usernames, ["helper2", "owner1", "tester"]);
    assert.deepEqual(s.packages, ["gadget"]);
    assert.equal(s.app, "bodhi");
    assert.equal(s.icon, ICON);
    assert.equal(s.severity, 20);
  });

  it("long build lists are cut at 40 characters with an ellipsis", () => {
    const body = { agent: "owner1", update: update(["alpha-1.0-1.fc43", "beta-2.0-1.fc43", "gamma-3.0-1.fc43"]) };
    const s = messaging("bodhi.update.complete.stable.v1", "bodhi.update.complete.stable", body);
    assert.equal(s.text, "owner1's alpha-1.0-1.fc43 beta-2.0-1.fc43 gamma-3… bodhi update completed push to testing");
    assert.deepEqual(s.packages, ["alpha", "beta", "gamma"]);
  });

  it("bodhi.update.complete.testing.v1", () => {
    const s = messaging("bodhi.update.complete.testing.v1", "bodhi.update.complete.testing", { agent: "bodhi", update: update() });
    assert.equal(s.text, "owner1's gadget-3.1-1.fc43 bodhi update completed push to testing");
    assert.equal(s.long, "owner1's Bodhi update FEDORA-2026-0a1b2c3d4e completed push to testing\nBuilds:\ngadget-3.1-1.fc43 ");
    assert.deepEqual(s.usernames, ["bodhi", "owner1"]);
  });

  it("bodhi.update.edit.v1 and v2 (their / someone else's update)", () => {
    const v1 = messaging("bodhi.update.edit.v1", "bodhi.update.edit", { agent: "owner1", new_bugs: [1], update: update() });
    assert.equal(v1.text, "owner1 edited their update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43)");
    assert.equal(v1.long, "owner1 edited FEDORA-2026-0a1b2c3d4e adding 1 new bugs");
    const body = { agent: "proven", new_bugs: [], new_builds: ["gadget-3.1-1.fc43"], removed_builds: [], update: update() };
    const v2 = messaging("bodhi.update.edit.v2", "bodhi.update.edit", body);
    assert.equal(v2.text, "proven edited owner1's update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43)");
    assert.equal(v2.long, "proven edited FEDORA-2026-0a1b2c3d4e adding 0 new bug(s), adding 1 build(s), and removing 0 build(s)");
    assert.equal(messaging(null, "bodhi.update.edit", body).long, v2.long);
  });

  it("bodhi.update.eject.v1", () => {
    const s = messaging("bodhi.update.eject.v1", "bodhi.update.eject", {
      agent: "releng1",
      reason: "broken deps",
      repo: "f43-updates",
      update: update(),
    });
    assert.equal(s.text, 'owner1\'s gadget-3.1-1.fc43 bodhi update was ejected from the f43-updates mash. Reason: "broken deps"');
    assert.deepEqual(s.usernames, ["owner1", "releng1"]);
  });

  it("bodhi.update.karma.threshold.v1", () => {
    const s = messaging("bodhi.update.karma.threshold.v1", "bodhi.update.karma.threshold.reach", { status: "stable", update: update() });
    assert.equal(s.text, "owner1's gadget-3.1-1.fc43 bodhi update has reached the stable karma threshold");
    assert.equal(
      s.long,
      "owner1's bodhi update FEDORA-2026-0a1b2c3d4e has reached the stable karma threshold.\nBuilds:\ngadget-3.1-1.fc43",
    );
    assert.equal(s.agent, null);
  });

  it("bodhi.update.request.* (submitted / past tense)", () => {
    const body = { agent: "releng1", update: update() };
    const req = (r: string) => messaging(`bodhi.update.request.${r}.v1`, `org.fedoraproject.prod.bodhi.update.request.${r}`, body);
    assert.equal(req("stable").text, "releng1 submitted owner1's update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43) to stable");
    assert.equal(req("stable").long, "releng1 submitted owner1's update FEDORA-2026-0a1b2c3d4e to stable.\nBuilds:\ngadget-3.1-1.fc43");
    assert.equal(req("testing").text, "releng1 submitted owner1's update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43) to testing");
    assert.equal(req("revoke").text, "releng1 revoked owner1's update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43)");
    assert.equal(req("unpush").text, "releng1 unpushed owner1's update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43)");
    assert.equal(req("obsolete").long, "releng1 obsoleted owner1's update FEDORA-2026-0a1b2c3d4e.\nBuilds:\ngadget-3.1-1.fc43");
    assert.equal(req("obsolete").link, URL);
    // The request is read from the topic; a prototype key is just another request.
    const odd = messaging("bodhi.update.request.testing.v1", "bodhi.update.request.constructor", body);
    assert.equal(odd.text, "releng1 submitted owner1's update FEDORA-2026-0a1b2c3d4e (gadget-3.1-1.fc43) to constructor");
  });

  it("bodhi.update.requirements_met.stable.v1", () => {
    const s = messaging("bodhi.update.requirements_met.stable.v1", "bodhi.update.requirements_met.stable", { update: update() });
    assert.equal(s.text, "owner1's gadget-3.1-1.fc43 bodhi update has met stable testing requirements");
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, ["owner1"]);
  });

  const artifact = {
    id: "FEDORA-2026-0a1b2c3d4e",
    type: "koji-build-group",
    release: "f43",
    repository: "https://example.test/repo",
    builds: [{ type: "koji-build", id: 1, task_id: 2, component: "gadget", issuer: "builder9", nvr: "gadget-3.1-1.fc43", scratch: false }],
  };

  it("bodhi.update.status.testing v1 / v2 / v3 are debug messages", () => {
    const topic = "bodhi.update.status.testing.koji-build-group.build.complete";
    const v1 = messaging("bodhi.update.status.testing.v1", topic, { agent: "bodhi", artifact, contact: { name: "CI Team" } });
    assert.equal(v1.text, "CI Team's gadget-3.1-1.fc43 bodhi update is ready for testing");
    assert.equal(v1.long, "CI Team's Bodhi update is ready for testing\nBuilds:\ngadget-3.1-1.fc43 ");
    assert.equal(v1.link, URL);
    assert.deepEqual(v1.usernames, ["bodhi", "builder9"]);
    assert.deepEqual(v1.packages, ["gadget"]);
    assert.equal(v1.severity, 10);
    const v2 = messaging("bodhi.update.status.testing.v2", topic, {
      agent: "bodhi",
      artifact,
      contact: { name: "CI Team" },
      update: update(),
    });
    assert.equal(v2.text, "owner1's gadget-3.1-1.fc43 bodhi update is ready for testing");
    const v3body = {
      agent: "bodhi",
      artifact: { type: "koji-build-group", builds: [{ type: "koji-build", id: 1, task_id: null, nvr: "gadget-3.1-1.fc43" }] },
      update: update(),
    };
    for (const v3 of [messaging("bodhi.update.status.testing.v3", topic, v3body), messaging(null, topic, v3body)]) {
      assert.equal(v3.text, "owner1's gadget-3.1-1.fc43 bodhi update is ready for testing");
      assert.equal(v3.long, "owner1's Bodhi update FEDORA-2026-0a1b2c3d4e is ready for testing\nBuilds:\ngadget-3.1-1.fc43 ");
      assert.deepEqual(v3.usernames, ["bodhi", "owner1"]);
      assert.equal(v3.severity, 10);
    }
  });

  it("bodhi.buildroot_override.tag.v1 / untag.v1", () => {
    const body = { override: { nvr: "gadget-3.1-1.fc43", submitter: { name: "owner1" } } };
    const tag = messaging("bodhi.buildroot_override.tag.v1", "bodhi.buildroot_override.tag", body);
    assert.equal(tag.text, "owner1 submitted a buildroot override for gadget-3.1-1.fc43");
    assert.equal(tag.link, "https://bodhi.fedoraproject.org/overrides/gadget-3.1-1.fc43");
    assert.deepEqual(tag.packages, ["gadget"]);
    assert.deepEqual(tag.usernames, ["owner1"]);
    assert.equal(tag.agent, "owner1");
    const untag = messaging(null, "bodhi.buildroot_override.untag", body);
    assert.equal(untag.text, "owner1 expired a buildroot override for gadget-3.1-1.fc43");
  });

  it("bodhi.compose.* and bodhi.repo.done", () => {
    const c = (schema: string, topic: string, body: Record<string, unknown>) => messaging(schema, topic, { agent: "releng1", ...body });
    const ok = c("bodhi.compose.complete.v1", "bodhi.compose.complete", { repo: "f43-updates", success: true, ctype: "rpm" });
    assert.equal(ok.text, "bodhi composer successfully composed f43-updates");
    assert.equal(ok.link, null);
    assert.deepEqual(ok.usernames, ["releng1"]);
    assert.equal(
      c("bodhi.compose.complete.v1", "bodhi.compose.complete", { repo: "f43-updates", success: false }).text,
      "bodhi composer failed to compose f43-updates",
    );
    assert.equal(
      c("bodhi.compose.composing.v1", "bodhi.compose.composing", { repo: "f43-updates" }).text,
      "bodhi composer started composing f43-updates",
    );
    assert.equal(c("bodhi.compose.start.v1", "bodhi.compose.start", {}).text, "bodhi composer started a push");
    assert.equal(
      c("bodhi.compose.sync.done.v1", "bodhi.compose.sync.done", { repo: "r" }).text,
      "bodhi composer finished waiting for r to hit the master mirror",
    );
    assert.equal(
      c("bodhi.compose.sync.wait.v1", "bodhi.compose.sync.wait", { repo: "r" }).text,
      "bodhi composer is waiting for r to hit the master mirror",
    );
    assert.equal(c("bodhi.repo.done.v1", "bodhi.repo.done", { repo: "r" }).text, "bodhi composer is finished building r");
    // Python artifact: without a repo the reference says "composing None".
    assert.equal(c("bodhi.compose.composing.v1", "bodhi.compose.composing", {}).text, "bodhi composer started composing a repository");
  });

  it("bodhi.errata.publish.v1: subject and e-mail body", () => {
    const body = { subject: "[SECURITY] Fedora 43 Update: gadget-3.1-1.fc43", body: "Update notes\n\nmore", update: update() };
    const s = messaging("bodhi.errata.publish.v1", "bodhi.errata.publish", body);
    assert.equal(s.text, "[SECURITY] Fedora 43 Update: gadget-3.1-1.fc43");
    assert.equal(s.long, "Update notes\n\nmore");
    assert.equal(s.link, URL);
    assert.equal(s.agent, "owner1");
    assert.deepEqual(s.packages, ["gadget"]);
  });
});
