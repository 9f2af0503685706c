import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a Bodhi 4 title such as "a-1-1.fc40 and b-2-1.fc40" split on spaces made
 *   "and" (and "more", "1" of "..., and 1 more") a package; here the packages
 *   come from the update's builds, and connector words are never packages.
 * - a missing agent or author read "None" ("None edited ..."); here "someone".
 * - a masher message without a repo read "None"; here "unknown repo".
 * - a mashtask.complete without `success` gave an empty line; here it says the mash finished.
 */

const BODHI = "https://bodhi.fedoraproject.org";
const ICON = "https://apps.fedoraproject.org/img/icons/bodhi.png";

const update = {
  alias: "FEDORA-2026-0badc0ffee",
  title: "tinyxml2-10.0.0-3.fc41",
  builds: [{ nvr: "tinyxml2-10.0.0-3.fc41", type: "rpm" }],
  status: "testing",
  user: { name: "mdomsch" },
};

describe("bodhi (fedmsg)", () => {
  it("update.comment: author, karma, mentions, long form", () => {
    const s = fedmsg("bodhi.update.comment", {
      agent: "jdoe",
      comment: { user: { name: "jdoe" }, karma: 1, text: "Works for me, thanks @mdomsch and @qa_bot!", update },
    });
    assert.equal(s.text, "jdoe commented on bodhi update tinyxml2-10.0.0-3.fc41 (karma: 1)");
    assert.equal(s.link, `${BODHI}/updates/FEDORA-2026-0badc0ffee`);
    assert.deepEqual(s.usernames, ["jdoe", "mdomsch", "qa_bot"]);
    assert.deepEqual(s.packages, ["tinyxml2"]);
    assert.deepEqual(s.objects, ["packages/tinyxml2"]);
    assert.equal(s.long, "Works for me, thanks @mdomsch and @qa_bot!");
    assert.equal(s.avatar, fedoraAvatar("jdoe"));
    assert.equal(s.agent, "jdoe");
    assert.equal(s.icon, ICON);
  });

  it("update.comment: a long title is cut at 40 characters; bodhi's own comments use its icon", () => {
    const title = "golang-github-example-very-long-name-1.2.3-1.fc41";
    const s = fedmsg("bodhi.update.comment", { comment: { author: "bodhi", karma: 0, text: "pushed", update_title: title } });
    assert.equal(s.text, "bodhi commented on bodhi update golang-github-example-very-long-name-1.2... (karma: 0)");
    assert.equal(s.link, `${BODHI}/updates/${title}`);
    assert.equal(s.avatar, "https://apps.fedoraproject.org/img/icons/bodhi-64.png");
  });

  it("update.complete.<status>", () => {
    const s = fedmsg("bodhi.update.complete.stable", { agent: "composer", update: { ...update, status: "stable" } });
    assert.equal(s.text, "mdomsch's tinyxml2-10.0.0-3.fc41 bodhi update completed push to stable");
    assert.equal(s.link, `${BODHI}/updates/FEDORA-2026-0badc0ffee`);
    assert.deepEqual(s.usernames, ["composer", "mdomsch"]);
    assert.equal(s.avatar, fedoraAvatar("mdomsch"));
  });

  it("update.eject", () => {
    const s = fedmsg("bodhi.update.eject", {
      repo: "f41-updates",
      reason: "broken deps",
      update: { title: "zsh-5.9-9.fc41", submitter: "kdudka" },
    });
    assert.equal(s.text, 'kdudka\'s zsh-5.9-9.fc41 bodhi update was ejected from the f41-updates mash.  Reason: "broken deps"');
    assert.equal(s.link, `${BODHI}/updates/zsh-5.9-9.fc41`);
    assert.deepEqual(s.packages, ["zsh"]);
  });

  it("update.edit", () => {
    const s = fedmsg("bodhi.update.edit", {
      agent: "kdudka",
      update: { alias: "FEDORA-2026-1111111111", title: "zsh-5.9-9.fc41", user: "kdudka" },
    });
    assert.equal(s.text, "kdudka edited zsh-5.9-9.fc41");
    assert.equal(s.link, `${BODHI}/updates/FEDORA-2026-1111111111`);
  });

  it("update.request.<status>: submitted to, or a past tense for unpush/obsolete/revoke", () => {
    const msg = { agent: "kdudka", update: { title: "zsh-5.9-9.fc41,zsh-html-5.9-9.fc41", submitter: "kdudka" } };
    const s = fedmsg("bodhi.update.request.stable", msg);
    assert.equal(s.text, "kdudka submitted zsh-5.9-9.fc41,zsh-html-5.9-9.fc41 to stable");
    assert.equal(s.link, `${BODHI}/updates/zsh-5.9-9.fc41,zsh-html-5.9-9.fc41`);
    assert.deepEqual(s.packages, ["zsh", "zsh-html"]);
    assert.equal(fedmsg("bodhi.update.request.unpush", msg).text, "kdudka unpushed zsh-5.9-9.fc41,zsh-html-5.9-9.fc41");
    assert.equal(fedmsg("bodhi.update.request.obsolete", msg).text, "kdudka obsoleted zsh-5.9-9.fc41,zsh-html-5.9-9.fc41");
    assert.equal(fedmsg("bodhi.update.request.revoke", msg).text, "kdudka revoked zsh-5.9-9.fc41,zsh-html-5.9-9.fc41");
  });

  it("update.karma.threshold and update.requirements_met.<status>", () => {
    const k = fedmsg("bodhi.update.karma.threshold", { status: "stable", update });
    assert.equal(k.text, "tinyxml2-10.0.0-3.fc41 reached the stable karma threshold");
    assert.equal(k.link, `${BODHI}/updates/FEDORA-2026-0badc0ffee`);
    const r = fedmsg("bodhi.update.requirements_met.stable", { update });
    assert.equal(r.text, "tinyxml2-10.0.0-3.fc41 reached the stable testing threshold");
    assert.deepEqual(r.usernames, ["mdomsch"]);
  });

  it("errata.publish: the subject, with the body as long form", () => {
    const s = fedmsg("bodhi.errata.publish", { subject: "[SECURITY] Fedora 41 Update: tinyxml2", body: "Update notice\n...", update });
    assert.equal(s.text, "[SECURITY] Fedora 41 Update: tinyxml2");
    assert.equal(s.long, "Update notice\n...");
    assert.equal(s.link, `${BODHI}/updates/FEDORA-2026-0badc0ffee`);
  });

  it("masher.start: with the list of updates (old) or without (Bodhi 3.2+)", () => {
    const s = fedmsg("bodhi.masher.start", { agent: "mohan", updates: ["abc-1.0-1.fc41", "def-2-1.fc41,ghi-3-1.fc41"] });
    assert.equal(s.text, "mohan requested a mash of 2 updates");
    assert.equal(s.link, BODHI);
    assert.deepEqual(s.packages, ["abc", "def", "ghi"]);
    assert.equal(s.long, "\n- abc-1.0-1.fc41\n- def-2-1.fc41,ghi-3-1.fc41\n");
    const t = fedmsg("bodhi.composer.start", { agent: "mohan", api_version: 2, composes: [] });
    assert.equal(t.text, "mohan requested a mash of some updates");
    assert.deepEqual(t.packages, []);
  });

  it("mashtask.* (Bodhi 2 and 3)", () => {
    assert.equal(fedmsg("bodhi.mashtask.start", {}).text, "bodhi masher started a push");
    const m = fedmsg("bodhi.mashtask.mashing", { repo: "f41-updates-testing", agent: "mohan" });
    assert.equal(m.text, "bodhi masher started mashing f41-updates-testing");
    assert.deepEqual(m.objects, ["repos/f41-updates-testing"]);
    assert.equal(m.link, BODHI);
    assert.equal(fedmsg("bodhi.mashtask.complete", { repo: "r1", success: true }).text, "bodhi masher successfully mashed r1");
    assert.equal(fedmsg("bodhi.mashtask.complete", { repo: "r1", success: false }).text, "bodhi masher failed to mash r1");
    assert.equal(fedmsg("bodhi.mashtask.sync.wait", { repo: "r1" }).text, "bodhi masher is waiting for r1 to hit the master mirror");
    assert.equal(fedmsg("bodhi.mashtask.sync.done", { repo: "r1" }).text, "bodhi masher finished waiting for r1 to hit the master mirror");
  });

  it("compose.* and repo.done (Bodhi 4)", () => {
    const start = fedmsg("bodhi.compose.start", { agent: "mohan" });
    assert.equal(start.text, "bodhi composer started a run");
    assert.equal(start.avatar, fedoraAvatar("mohan"));
    assert.equal(
      fedmsg("bodhi.compose.composing", { ctype: "module", repo: "f41M-updates" }).text,
      "bodhi module compose of repo f41M-updates started",
    );
    assert.equal(
      fedmsg("bodhi.compose.complete", { ctype: "rpm", repo: "f41-updates", success: false }).text,
      "bodhi rpm compose of repo f41-updates failed",
    );
    assert.equal(
      fedmsg("bodhi.compose.complete", { repo: "f41-updates" }).text,
      "bodhi unknown type compose of repo f41-updates completed",
    );
    assert.equal(fedmsg("bodhi.compose.sync.wait", { repo: "r2" }).text, "bodhi composer is waiting for r2 to hit the master mirror");
    assert.equal(fedmsg("bodhi.compose.sync.done", { repo: "r2" }).text, "bodhi composer finished waiting for r2 to hit the master mirror");
    const done = fedmsg("bodhi.repo.done", { agent: "mohan", repo: "f41-updates", path: "/mnt/x" });
    assert.equal(done.text, "bodhi repo f41-updates created");
    assert.deepEqual(done.objects, ["repos/f41-updates"]);
    assert.equal(done.link, BODHI);
  });

  it("buildroot_override.tag / untag: old (strings) and new (objects) payloads", () => {
    const s = fedmsg("bodhi.buildroot_override.tag", {
      override: { build: { nvr: "libfoo-2.1-1.fc41" }, submitter: { name: "pbrobinson" } },
    });
    assert.equal(s.text, "pbrobinson submitted a buildroot override for libfoo-2.1-1.fc41");
    assert.equal(s.link, `${BODHI}/overrides/libfoo-2.1-1.fc41`);
    assert.deepEqual(s.packages, ["libfoo"]);
    assert.deepEqual(s.usernames, ["pbrobinson"]);
    const u = fedmsg("bodhi.buildroot_override.untag", { override: { build: "libfoo-2.1-1.fc41", submitter: "pbrobinson" } });
    assert.equal(u.text, "pbrobinson expired a buildroot override for libfoo-2.1-1.fc41");
    assert.deepEqual(u.objects, ["packages/libfoo"]);
  });

  it("stack.save / stack.delete", () => {
    const msg = { agent: "kde", stack: { name: "plasma", packages: [{ name: "kwin" }, { name: "plasma-desktop" }] } };
    const s = fedmsg("bodhi.stack.save", msg);
    assert.equal(s.text, 'kde updated the "plasma" stack');
    assert.equal(s.link, `${BODHI}/stacks/plasma`);
    assert.deepEqual(s.objects, ["packages/kwin", "packages/plasma-desktop", "stacks/plasma"]);
    assert.equal(fedmsg("bodhi.stack.delete", msg).text, 'kde deleted the "plasma" stack');
  });

  it("updates.<product>.sync: Fedora (with variants since 28), modular, EPEL", () => {
    const f = fedmsg("bodhi.updates.fedora.sync", { bytes: "3 GiB", deleted: "12", release: "41", repo: "updates-testing" });
    assert.equal(f.text, "New Fedora 41 updates-testing content synced out (3 GiB changed with 12 files deleted)");
    assert.equal(f.link, "https://download.fedoraproject.org/pub/fedora/linux/updates/testing/41/Everything/");
    assert.deepEqual(f.objects, ["fedora/updates-testing/41"]);
    assert.equal(f.avatar, ICON);
    const m = fedmsg("bodhi.updates.fedora.sync", { bytes: "1 MiB", deleted: "0", release: "31m", repo: "updates" });
    assert.equal(m.text, "New Fedora 31 updates modular content synced out (1 MiB changed with 0 files deleted)");
    assert.equal(m.link, "https://download.fedoraproject.org/pub/fedora/linux/updates/31/Modular/");
    const old = fedmsg("bodhi.updates.fedora.sync", { bytes: "1M", deleted: "0", release: "25", repo: "updates" });
    assert.equal(old.link, "https://download.fedoraproject.org/pub/fedora/linux/updates/25/");
    const e = fedmsg("bodhi.updates.epel.sync", { bytes: "9 MiB", deleted: "3", release: "9", repo: "epel-testing" });
    assert.equal(e.text, "New EPEL 9 epel-testing content synced out (9 MiB changed with 3 files deleted)");
    assert.equal(e.link, "https://download.fedoraproject.org/pub/epel/testing/9/Everything/");
    assert.deepEqual(e.objects, ["epel/epel-testing/9"]);
  });

  it("human text where the reference leaked Python artifacts", () => {
    const s = fedmsg("bodhi.update.request.testing", {
      update: { title: "abc-1-1.fc41 and def-2-1.fc41", builds: [{ nvr: "abc-1-1.fc41" }, { nvr: "def-2-1.fc41" }] },
    });
    assert.equal(s.text, "someone submitted abc-1-1.fc41 and def-2-1.fc41 to testing");
    assert.deepEqual(s.packages, ["abc", "def"]);
    assert.equal(fedmsg("bodhi.mashtask.mashing", {}).text, "bodhi masher started mashing unknown repo");
    assert.equal(fedmsg("bodhi.mashtask.complete", { repo: "r1" }).text, "bodhi masher finished mashing r1");
  });

  it("odd payloads never throw", () => {
    for (const title of [
      "bodhi.update.comment",
      "bodhi.update.request.stable",
      "bodhi.buildroot_override.tag",
      "bodhi.stack.save",
      "bodhi.updates.fedora.sync",
    ]) {
      const s = fedmsg(title, { comment: "x", update: [], override: 3, stack: null });
      assert.ok(s.text.length > 0);
    }
  });
});
