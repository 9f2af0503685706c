import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

function body(namespace: string | null, extra: Record<string, unknown> = {}) {
  return {
    agent: "committer",
    ...extra,
    commit: {
      name: "Some Committer",
      email: "committer@example.test",
      username: "committer",
      summary: "Fix the build",
      message: "Fix the build\n\nDetails here.\n",
      stats: { files: { "a.spec": { additions: 1, deletions: 1, lines: 2 } }, total: { additions: 1, deletions: 1, files: 1, lines: 2 } },
      rev: "fedcba9876543210fedcba9876543210fedcba98",
      path: "/srv/git/a.git",
      repo: "widget",
      namespace,
      branch: "f41",
      patch: "diff --git a/a.spec b/a.spec\n",
      date: "2026-01-02T03:04:05+00:00",
      url: "https://src.example.test/rpms/widget/c/fedcba98",
    },
  };
}

describe("fedora-messaging: git hook", () => {
  it("fedora_messaging_git_hook.commit.v1 in the rpms namespace", () => {
    const s = messaging("fedora_messaging_git_hook.commit.v1", "git.receive", body("rpms", { group: "packagers" }));
    assert.equal(s.text, 'committer pushed to rpms/widget (f41). "Fix the build"');
    assert.equal(s.link, "https://src.example.test/rpms/widget/c/fedcba98");
    assert.equal(s.app, "Git");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/git-logo.png");
    assert.equal(s.agent, "committer");
    assert.equal(s.avatar, fedoraAvatar("committer"));
    assert.deepEqual(s.usernames, ["committer"]);
    assert.deepEqual(s.packages, ["widget"]);
    assert.deepEqual(s.groups, ["packagers"]);
    assert.equal(
      s.long,
      "From fedcba9876543210fedcba9876543210fedcba98 Mon Sep 17 00:00:00 2001\n" +
        "From: Some Committer <committer@example.test>\n" +
        "Date: 2026-01-02T03:04:05+00:00\n" +
        "Subject: Fix the build\n\n" +
        "Fix the build\n\nDetails here.\n\n---\n\n" +
        "diff --git a/a.spec b/a.spec\n\n",
    );
  });

  it("no namespace: no package; found by topic without a schema header", () => {
    const s = messaging(null, "org.fedoraproject.prod.git.receive", body(null));
    assert.equal(s.text, 'committer pushed to widget (f41). "Fix the build"');
    assert.equal(s.app, "Git");
    assert.deepEqual(s.packages, []);
    assert.deepEqual(s.groups, []);
  });
});
