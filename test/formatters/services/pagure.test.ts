import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Deliberate differences from the reference (fedmsg.meta's pagure processors):
 * - a message without `agent` read "None ..."; here the actor is "someone".
 * - a push (first format) by an unknown e-mail address listed the address as a
 *   username; here only Fedora accounts are usernames.
 * - topics it had no wording for (branches, tags, re-opened pull requests,
 *   pull-request.assigned.*, initial_comment.edited, group removal, group edit)
 *   get lines in its style instead of no text.
 * - an issue link of a project it could not name pointed at "/(unknown)/issue/N";
 *   here it is the forge's front page.
 */

const IO = "io.pagure.prod.pagure.";
const DG = "org.fedoraproject.prod.pagure.";
const ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";
const owner = { name: "maria", fullname: "Maria" };
const project = { id: 3, name: "widget", namespace: null, parent: null, user: owner };
const nsProject = { id: 4, name: "tickets", namespace: "council", parent: null, user: owner };
const issue = { id: 15, title: "Docs are stale", status: "Open", assignee: null, comments: [{ id: 900 }, { id: 901 }] };
const pr = { id: 8, title: "Speed things up", project, comments: [{ id: 55 }], assignee: { name: "juan" } };

describe("pagure (fedmsg)", () => {
  describe("projects", () => {
    it("pagure.project.new on pagure.io and on dist-git", () => {
      const s = fedmsg(`${IO}project.new`, { agent: "maria", project });
      assert.equal(s.text, 'maria created a new project "widget"');
      assert.equal(s.link, "https://pagure.io/widget");
      assert.deepEqual(s.usernames, ["maria"]);
      assert.equal(s.agent, "maria");
      assert.deepEqual(s.objects, ["project/widget"]);
      assert.deepEqual(s.packages, []);
      assert.equal(s.avatar, fedoraAvatar("maria"));
      assert.equal(s.icon, ICON);
      const dg = fedmsg(`${DG}project.new`, { agent: "maria", project: { ...project, namespace: "rpms" } });
      assert.equal(dg.text, 'maria created a new project "rpms/widget"');
      assert.equal(dg.link, "https://src.fedoraproject.org/rpms/widget");
    });

    it("pagure.project.forked (staging dist-git)", () => {
      const fork = { ...project, namespace: "rpms", parent: { ...project, namespace: "rpms" }, user: { name: "juan" } };
      const s = fedmsg("org.fedoraproject.stg.pagure.project.forked", { agent: "juan", project: fork });
      assert.equal(s.text, "juan forked widget to fork/juan/rpms/widget");
      assert.equal(s.link, "https://src.stg.fedoraproject.org/fork/juan/rpms/widget");
      assert.deepEqual(s.objects, ["project/fork/juan/rpms/widget"]);
    });

    it("pagure.project.edit and pagure.project.deleted", () => {
      assert.equal(
        fedmsg(`${IO}project.edit`, { agent: "maria", project, fields: ["url", "description", "avatar_email"] }).text,
        "maria edited the avatar_email, description, and url fields of project widget",
      );
      const del = fedmsg(`${IO}project.deleted`, { agent: "maria", project });
      assert.equal(del.text, 'maria deleted the project "widget"');
      assert.equal(del.link, "https://pagure.io");
    });

    it("pagure.project.user.added / .access.updated / .removed", () => {
      assert.equal(
        fedmsg(`${IO}project.user.added`, { agent: "maria", project, new_user: "juan", access: "commit" }).text,
        'maria added "juan" to project widget with commit access',
      );
      assert.equal(
        fedmsg(`${IO}project.user.added`, { agent: "maria", project, new_user: "juan" }).text,
        'maria added "juan" to project widget',
      );
      assert.equal(
        fedmsg(`${IO}project.user.access.updated`, { agent: "maria", project, new_user: "juan", new_access: "admin" }).text,
        'maria updated access of "juan" to admin in project widget',
      );
      assert.equal(
        fedmsg(`${IO}project.user.removed`, { agent: "maria", project, removed_user: "juan" }).text,
        'maria removed "juan" from the project widget',
      );
    });

    it("pagure.project.group.added / .access.updated / .removed", () => {
      assert.equal(
        fedmsg(`${IO}project.group.added`, { agent: "maria", project, new_group: "qa", access: "ticket" }).text,
        'maria added group "qa" to project widget with ticket access',
      );
      assert.equal(
        fedmsg(`${IO}project.group.access.updated`, { agent: "maria", project, new_group: "qa", new_access: "commit" }).text,
        'maria updated access of group "qa" to commit on project widget',
      );
      assert.equal(
        fedmsg(`${IO}project.group.removed`, { agent: "maria", project, removed_groups: ["qa"] }).text,
        "maria removed the qa group from the project widget",
      );
    });

    it("pagure.project.tag.removed and .tag.edited", () => {
      assert.equal(
        fedmsg(`${IO}project.tag.removed`, { agent: "maria", project, tags: ["old", "stale"] }).text,
        'maria removed tags "old and stale" from project widget',
      );
      assert.equal(
        fedmsg(`${IO}project.tag.edited`, { agent: "maria", project, old_tag: "bug", new_tag: "defect" }).text,
        'maria altered tags on project widget from "bug" to "defect"',
      );
    });
  });

  describe("issues", () => {
    it("pagure.issue.new in a namespaced project", () => {
      const s = fedmsg(`${IO}issue.new`, { agent: "juan", project: nsProject, issue });
      assert.equal(s.text, 'juan opened a new ticket council/tickets#15: "Docs are stale"');
      assert.equal(s.link, "https://pagure.io/council/tickets/issue/15");
      assert.deepEqual(s.objects, ["issue/15", "project/council/tickets"]);
    });

    it("pagure.issue.drop and pagure.issue.edit", () => {
      assert.equal(fedmsg(`${IO}issue.drop`, { agent: "maria", project, issue }).text, 'maria deleted ticket widget#15: "Docs are stale"');
      assert.equal(
        fedmsg(`${IO}issue.edit`, { agent: "maria", project, issue, fields: ["status"] }).text,
        "maria set the status of ticket widget#15 to: Open",
      );
      assert.equal(
        fedmsg(`${IO}issue.edit`, { agent: "maria", project, issue, fields: ["title", "content"] }).text,
        "maria edited the content and title fields of ticket widget#15",
      );
    });

    it("pagure.issue.comment.added links the last comment; .edited the edited one", () => {
      const added = fedmsg(`${IO}issue.comment.added`, { agent: "juan", project, issue });
      assert.equal(added.text, 'juan commented on ticket widget#15: "Docs are stale"');
      assert.equal(added.link, "https://pagure.io/widget/issue/15#comment-901");
      const edited = fedmsg(`${IO}issue.comment.edited`, { agent: "juan", project, issue, comment: { id: 900 } });
      assert.equal(edited.text, 'juan edited a comment on ticket widget#15: "Docs are stale"');
      assert.equal(edited.link, "https://pagure.io/widget/issue/15#comment-900");
      const noProject = fedmsg(`${IO}issue.comment.edited`, { agent: "juan", issue, comment: { id: 900 } });
      assert.equal(noProject.text, 'juan edited a comment on ticket (unknown)#15: "Docs are stale"');
      assert.equal(noProject.link, "https://pagure.io");
    });

    it("pagure.issue.tag.added and .tag.removed", () => {
      assert.equal(
        fedmsg(`${IO}issue.tag.added`, { agent: "maria", project, issue, tags: ["docs", "easyfix", "help", "ux"] }).text,
        "maria tagged ticket widget#15: docs, easyfix, and 2 others",
      );
      assert.equal(
        fedmsg(`${IO}issue.tag.removed`, { agent: "maria", project, issue, tags: ["docs"] }).text,
        "maria removed the docs tags from ticket widget#15",
      );
    });

    it("pagure.issue.assigned.added and .reset", () => {
      assert.equal(
        fedmsg(`${IO}issue.assigned.added`, { agent: "maria", project, issue: { ...issue, assignee: { name: "juan" } } }).text,
        "maria assigned ticket widget#15 to juan",
      );
      assert.equal(fedmsg(`${IO}issue.assigned.added`, { agent: "maria", project, issue }).text, "maria assigned ticket widget#15");
      assert.equal(
        fedmsg(`${IO}issue.assigned.reset`, { agent: "maria", project, issue }).text,
        "maria reset the assignee of ticket widget#15",
      );
    });

    it("pagure.issue.dependency.added and .removed", () => {
      assert.equal(
        fedmsg(`${IO}issue.dependency.added`, { agent: "maria", project, issue, added_dependency: 20 }).text,
        "maria added ticket widget#15 as a dependency of ticket widget#20",
      );
      assert.equal(
        fedmsg(`${IO}issue.dependency.removed`, { agent: "maria", project, issue, removed_dependency: 20 }).text,
        "maria removed ticket widget#15 as a dependency of ticket widget#20",
      );
    });
  });

  describe("pull requests", () => {
    it("pagure.pull-request.new (project from the pull request)", () => {
      const s = fedmsg(`${IO}pull-request.new`, { agent: "juan", pullrequest: pr });
      assert.equal(s.text, "juan opened pull request #8 on widget: Speed things up");
      assert.equal(s.link, "https://pagure.io/widget/pull-request/8");
      assert.deepEqual(s.objects, ["project/widget", "pull-request/8"]);
    });

    it("pagure.pull-request.closed: merged or not; .reopened", () => {
      assert.equal(
        fedmsg(`${IO}pull-request.closed`, { agent: "maria", pullrequest: pr, merged: true }).text,
        "maria merged pull request #8 on widget",
      );
      assert.equal(
        fedmsg(`${IO}pull-request.closed`, { agent: "maria", pullrequest: pr, merged: false }).text,
        "maria closed (without merging) pull request #8 on widget",
      );
      assert.equal(
        fedmsg(`${IO}pull-request.reopened`, { agent: "maria", pullrequest: pr }).text,
        "maria reopened pull request #8 on widget",
      );
    });

    it("pagure.pull-request.comment.added / .edited, initial_comment.edited", () => {
      const added = fedmsg(`${IO}pull-request.comment.added`, { agent: "maria", pullrequest: pr });
      assert.equal(added.text, "maria commented on PR #8 on widget");
      assert.equal(added.link, "https://pagure.io/widget/pull-request/8#comment-55");
      const edited = fedmsg(`${IO}pull-request.comment.edited`, {
        agent: "maria",
        project,
        pullrequest: { ...pr, comments: [] },
        comment: { id: 60 },
      });
      assert.equal(edited.text, "maria edited a comment on PR #8 on widget");
      assert.equal(edited.link, "https://pagure.io/widget/pull-request/8#comment-60");
      assert.equal(
        fedmsg(`${IO}pull-request.initial_comment.edited`, { agent: "juan", pullrequest: pr }).text,
        "juan edited the description of PR #8 on widget",
      );
    });

    it("pagure.pull-request.updated and .rebased", () => {
      const s = fedmsg(`${IO}pull-request.updated`, { agent: "pagure", pullrequest: pr });
      assert.equal(s.text, "Pull-request #8 has been updated");
      assert.deepEqual(s.usernames, ["pagure"]);
      assert.equal(fedmsg(`${IO}pull-request.rebased`, { agent: "juan", pullrequest: pr }).text, "Pull-request #8 has been rebased");
    });

    it("pagure.pull-request.flag.added and .flag.updated", () => {
      const flag = { username: "Zuul", comment: "Build succeeded" };
      const s = fedmsg(`${IO}pull-request.flag.added`, { agent: "maria", pullrequest: pr, flag });
      assert.equal(s.text, 'Zuul flagged widget#8 with "Build succeeded"');
      assert.deepEqual(s.usernames, ["maria"]);
      assert.equal(
        fedmsg(`${IO}pull-request.flag.updated`, { agent: "maria", pullrequest: pr, flag }).text,
        'Zuul updated the flags on widget#8 with: "Build succeeded"',
      );
    });

    it("pagure.pull-request.tag.added and .tag.removed", () => {
      assert.equal(
        fedmsg(`${IO}pull-request.tag.added`, { agent: "maria", project, pull_request: pr, tags: ["wip"] }).text,
        "maria tagged pull-request widget#8: wip",
      );
      const s = fedmsg(`${IO}pull-request.tag.removed`, { agent: "maria", project, pull_request: pr, tags: ["wip", "draft"] });
      assert.equal(s.text, "maria removed the draft and wip tags from pull-request widget#8");
      assert.equal(s.link, "https://pagure.io/widget/pull-request/8");
    });

    it("pagure.request.assigned.* and pagure.pull-request.assigned.*", () => {
      const s = fedmsg(`${IO}request.assigned.added`, { agent: "maria", project, request: pr });
      assert.equal(s.text, "maria assigned PR widget#8 to juan");
      assert.equal(s.link, "https://pagure.io/widget/pull-request/8");
      assert.deepEqual(s.objects, ["project/widget", "pull-request/8"]);
      assert.equal(
        fedmsg(`${IO}request.assigned.reset`, { agent: "maria", project, request: pr }).text,
        "maria reset the assignee of PR widget#8",
      );
      assert.equal(
        fedmsg(`${IO}pull-request.assigned.added`, { agent: "maria", pullrequest: pr }).text,
        "maria assigned PR widget#8 to juan",
      );
      assert.equal(
        fedmsg(`${IO}pull-request.assigned.reset`, { agent: "maria", pullrequest: pr }).text,
        "maria reset the assignee of PR widget#8",
      );
    });
  });

  describe("git and commits", () => {
    it("pagure.git.receive: one message per push", () => {
      const s = fedmsg(`${IO}git.receive`, { agent: "juan", repo: project, branch: "refs/heads/main", total_commits: 1 });
      assert.equal(s.text, "juan pushed 1 commit to widget (main)");
      assert.equal(s.link, "https://pagure.io/widget/tree/main");
      assert.deepEqual(s.objects, ["project/widget"]);
      assert.equal(
        fedmsg(`${IO}git.receive`, { agent: "juan", repo: project, branch: "dev", total_commits: 4 }).text,
        "juan pushed 4 commits to widget (dev)",
      );
    });

    it("pagure.git.receive: the first format, pusher by e-mail", () => {
      const commit = {
        email: "juan@fedoraproject.org",
        summary: "Fix",
        message: "Fix\n\nDetails",
        branch: "refs/heads/main",
        rev: "cafe01",
        repo: project,
      };
      const s = fedmsg(`${IO}git.receive`, { commit });
      assert.equal(s.text, 'juan pushed to widget (main). "Fix (..more)"');
      assert.equal(s.link, "https://pagure.io/widget/cafe01");
      assert.deepEqual(s.usernames, ["juan"]);
      assert.equal(s.avatar, null);
      const stranger = fedmsg(`${IO}git.receive`, { commit: { ...commit, email: "x@example.com" } });
      assert.equal(stranger.text, 'x@example.com pushed to widget (main). "Fix (..more)"');
      assert.deepEqual(stranger.usernames, []);
    });

    it("pagure.git.branch.creation / .deletion and pagure.git.tag.creation / .deletion", () => {
      const created = fedmsg(`${DG}git.branch.creation`, {
        agent: "juan",
        repo: { ...project, namespace: "rpms" },
        branch: "f45",
        rev: "abcdef0123",
      });
      assert.equal(created.text, "juan created the branch f45 on rpms/widget");
      assert.equal(created.link, "https://src.fedoraproject.org/rpms/widget/tree/f45");
      assert.deepEqual(created.objects, ["project/rpms/widget"]);
      assert.equal(
        fedmsg(`${IO}git.branch.deletion`, { agent: "juan", repo: project, branch: "old" }).text,
        "juan deleted the branch old on widget",
      );
      const tag = fedmsg(`${IO}git.tag.creation`, { agent: "juan", repo: project, tag: "v2", rev: "abcdef0123" });
      assert.equal(tag.text, "juan tagged the commit abcdef01 on widget as v2");
      assert.equal(tag.link, "https://pagure.io/widget/commits/v2");
      assert.equal(
        fedmsg(`${IO}git.tag.deletion`, { agent: "juan", repo: project, tag: "v2", rev: "abcdef0123" }).text,
        "juan deleted the tag v2 on widget",
      );
    });

    it("pagure.commit.flag.added and .updated", () => {
      const flag = { username: "ci-bot", commit_hash: "0123456789abcdef", comment: "ok" };
      const s = fedmsg(`${IO}commit.flag.added`, { agent: "maria", repo: project, flag });
      assert.equal(s.text, "ci-bot added a flag on the commit 01234567 of the project widget");
      assert.equal(s.link, "https://pagure.io/widget/c/0123456789abcdef");
      assert.deepEqual(s.objects, ["project/widget"]);
      assert.equal(
        fedmsg(`${IO}commit.flag.updated`, { agent: "maria", repo: project, flag }).text,
        "ci-bot updated its flag on the commit 01234567 of the project widget",
      );
    });

    it("pagure.group.edit", () => {
      const s = fedmsg(`${IO}group.edit`, { agent: "maria", group: { name: "qa" }, fields: ["display_name"] });
      assert.equal(s.text, "maria edited the display_name fields of group qa");
      assert.equal(s.link, "https://pagure.io/group/qa");
    });
  });

  it("a message without an agent names 'someone', not 'None'", () => {
    const s = fedmsg(`${IO}project.new`, { project });
    assert.equal(s.text, 'someone created a new project "widget"');
    assert.deepEqual(s.usernames, []);
    assert.equal(s.avatar, null);
  });
});
