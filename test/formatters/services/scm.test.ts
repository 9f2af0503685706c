import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/git-logo.png";
const md5 = (s: string): string => createHash("md5").update(s).digest("hex");

function commit(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    commit: {
      branch: "f44",
      email: "sam@example.org",
      name: "Sam",
      rev: "abc123def456",
      summary: "Update to 2.1",
      message: "Update to 2.1\n\nUpstream release notes: ...",
      stats: { files: { "foo.spec": {}, sources: {} } },
      ...extra,
    },
  };
}

describe("scm (fedmsg, git.*)", () => {
  it("git.receive: a package push with a namespace", () => {
    const s = fedmsg("git.receive", commit({ username: "samx", repo: "foo", namespace: "rpms" }));
    assert.equal(s.text, 'samx pushed to rpms/foo (f44).  "Update to 2.1 (..more)"');
    assert.equal(s.link, "https://src.fedoraproject.org/rpms/foo/c/abc123def456?branch=f44");
    assert.deepEqual(s.usernames, ["samx"]);
    assert.equal(s.agent, "samx");
    assert.deepEqual(s.packages, ["foo"]);
    assert.deepEqual(s.objects, ["foo/foo.spec", "foo/sources"]);
    assert.equal(s.avatar, fedoraAvatar("samx"));
    assert.equal(s.icon, ICON);
    assert.equal(s.long, s.text);
  });

  it("git.receive: a non-package namespace has no package; a commit seen before says so", () => {
    const s = fedmsg("git.receive", commit({ username: "samx", repo: "bar", namespace: "modules", seen: true }));
    assert.equal(s.link, "https://src.fedoraproject.org/modules/bar/c/abc123def456?branch=f44");
    assert.deepEqual(s.packages, []);
    assert.equal(s.long, "This commit already existed in another branch.");
  });

  it("git.receive.<repo>.<branch>: legacy topic, pusher known only by e-mail", () => {
    const s = fedmsg("git.receive.python-foo.f44", commit({ summary: "Bump", message: "Bump\n" }));
    assert.equal(s.text, 'sam@example.org pushed to python-foo (f44).  "Bump"');
    assert.deepEqual(s.packages, ["python-foo"]);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.avatar, `https://seccdn.libravatar.org/avatar/${md5("sam@example.org")}?s=64&d=retro`);
  });

  it("git.branch and legacy git.branch.<repo>.<branch>", () => {
    const s = fedmsg("git.branch", { agent: "relbot", name: "foo", branch: "f45", namespace: "rpms" });
    assert.equal(s.text, "relbot created branch 'f45' for the 'foo' package");
    assert.equal(s.link, "https://src.fedoraproject.org/rpms/foo/commits/f45");
    assert.deepEqual(s.packages, ["foo"]);
    assert.deepEqual(s.objects, ["foo/__git__"]);
    assert.equal(s.avatar, fedoraAvatar("relbot"));
    const legacy = fedmsg("git.branch.foo.f45", { agent: "relbot" });
    assert.equal(legacy.text, "relbot created branch 'f45' for the 'foo' package");
    assert.equal(legacy.link, "https://src.fedoraproject.org/rpms/foo/commits/f45");
  });

  it("git.lookaside.new and legacy git.lookaside.<repo>.new", () => {
    const body = { agent: "samx", name: "foo", filename: "foo-2.1.tar.gz", md5sum: "00112233445566778899aabbccddeeff" };
    const s = fedmsg("git.lookaside.new", body);
    assert.equal(s.text, "samx uploaded foo-2.1.tar.gz for foo");
    assert.equal(s.link, "https://src.fedoraproject.org/lookaside/pkgs/foo/foo-2.1.tar.gz/00112233445566778899aabbccddeeff/foo-2.1.tar.gz");
    assert.equal(s.long, "00112233445566778899aabbccddeeff  foo-2.1.tar.gz");
    assert.deepEqual(s.objects, ["foo/foo-2.1.tar.gz"]);
    assert.deepEqual(s.packages, ["foo"]);
    assert.equal(fedmsg("git.lookaside.foo.new", body).text, "samx uploaded foo-2.1.tar.gz for foo");
    const withPath = fedmsg("git.lookaside.new", { ...body, path: "foo/foo-2.1.tar.gz/sha512/ffee/foo-2.1.tar.gz" });
    assert.equal(withPath.link, "https://src.fedoraproject.org/lookaside/pkgs/foo/foo-2.1.tar.gz/sha512/ffee/foo-2.1.tar.gz");
  });

  it("git.mass_branch.start and .complete", () => {
    const s = fedmsg("git.mass_branch.start", { agent: "relbot" });
    assert.equal(s.text, "relbot started a mass branch");
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, ["relbot"]);
    assert.equal(fedmsg("git.mass_branch.complete", { agent: "relbot" }).text, "mass branch started by relbot completed");
    assert.equal(fedmsg("git.mass_branch.complete", {}).text, "mass branch started by (somebody) completed");
  });

  it("git.pkgdb2branch.start and .complete (error count)", () => {
    assert.equal(fedmsg("git.pkgdb2branch.start", { agent: "relbot" }).text, "relbot started a run of pkgdb2branch");
    const ok = fedmsg("git.pkgdb2branch.complete", { agent: "relbot", unbranchedPackages: [], branchedPackages: ["a"] });
    assert.equal(ok.text, "run of pkgdb2branch started by relbot completed");
    assert.deepEqual(ok.objects, ["a/__git__"]);
    const bad = fedmsg("git.pkgdb2branch.complete", { agent: "relbot", unbranchedPackages: ["b", "c", "d"], branchedPackages: null });
    assert.equal(bad.text, "run of pkgdb2branch started by relbot completed with 3 errors");
    assert.deepEqual(bad.packages, ["b", "c", "d"]);
  });
});

describe("scm (fedmsg, odd payloads)", () => {
  it("a git.receive without a commit is left to another formatter (no empty commit line)", () => {
    const s = fedmsg("git.receive", { agent: "samx" });
    assert.ok(s.text.includes("samx"));
    assert.ok(!s.text.includes('""'));
  });
});
