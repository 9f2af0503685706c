import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

const user = (name: string) => ({ name, fullname: name.toUpperCase(), url_path: `user/${name}` });
const project = {
  id: 1,
  name: "widget",
  fullname: "tools/widget",
  full_url: "https://pagure.example/tools/widget",
  namespace: "tools",
  user: user("owner"),
};
const issue = {
  id: 17,
  title: "Crash on start",
  full_url: "https://pagure.example/tools/widget/issue/17",
  user: user("reporter"),
  assignee: null,
  comments: [{ id: 401 }, { id: 402 }],
};
const pullrequest = {
  id: 8,
  title: "Fix crash",
  full_url: "https://pagure.example/tools/widget/pull-request/8",
  project,
  user: user("contrib"),
  assignee: user("reviewer"),
  comments: [{ id: 900 }],
};
const repo = { name: "widget", fullname: "rpms/widget", full_url: "https://src.example/rpms/widget", namespace: "rpms" };
const agent = "actor";

/** [schema, body additions, summary, long, link] */
type Case = [string, Record<string, unknown>, string, string, string | null];

const PROJECT_CASES: Case[] = [
  ["pagure.project.new", {}, 'actor created project "tools/widget"', "New Project: tools/widget\nBy: actor", project.full_url],
  [
    "pagure.project.edit",
    { fields: ["description", "url"] },
    'actor edited the fields description, url of project "tools/widget"',
    "Project Edited: tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.forked",
    { project: { ...project, fullname: "forks/actor/tools/widget", parent: project } },
    'actor forked project "tools/widget" to forks/actor/tools/widget',
    "Project: tools/widget\nForked by: actor",
    project.full_url,
  ],
  ["pagure.project.deleted", {}, 'actor deleted project "tools/widget"', "Project: tools/widget\nDeleted by: actor", project.full_url],
  [
    "pagure.project.group.added",
    { new_group: "devs", access: "commit" },
    'actor added the group devs to the project "tools/widget" at the commit level',
    "Group: devs added to tools/widget as commit\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.group.access.updated",
    { new_group: "devs", new_access: "admin" },
    'actor updated the access of group devs to admin on the project "tools/widget"',
    "Group: devs access updated to admin on tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.group.removed",
    { removed_groups: ["devs", "qa"] },
    'actor removed the group(s) devs, qa from the project "tools/widget"',
    "Group(s) devs, qa removed from tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.tag.edited",
    { new_tag: "easyfix" },
    'actor edited the tag easyfix on the project "tools/widget"',
    "Tag: easyfix edited on tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.tag.removed",
    { tags: ["old"] },
    'actor removed the tag(s) old of project "tools/widget"',
    "Tag(s): old removed from tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.user.access.updated",
    { new_user: "helper", new_access: "ticket" },
    'actor updated the access of helper to ticket on the project "tools/widget"',
    "User: helper access edited to ticket on tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.user.added",
    { new_user: "helper" },
    'actor added the helper to the project "tools/widget"',
    "User: helper added to tools/widget\nBy: actor",
    project.full_url,
  ],
  [
    "pagure.project.user.removed",
    { removed_user: "helper" },
    'actor removed the helper from the project "tools/widget"',
    "User: helper removed from tools/widget\nBy: actor",
    project.full_url,
  ],
];

const ISSUE_CASES: Case[] = [
  ["pagure.issue.new", {}, "actor created issue tools/widget#17: Crash on start", "New Issue: tools/widget#17\nBy: actor", issue.full_url],
  [
    "pagure.issue.edit",
    { fields: ["status"] },
    "actor edited fields status of issue tools/widget#17: Crash on start",
    "Edited Issue: tools/widget#17\nBy: actor",
    issue.full_url,
  ],
  [
    "pagure.issue.drop",
    {},
    "actor deleted issue tools/widget#17: Crash on start",
    "Issue deleted: tools/widget#17\nBy: actor",
    `${project.full_url}/issues`,
  ],
  [
    "pagure.issue.assigned.added",
    { issue: { ...issue, assignee: user("fixer") } },
    "actor assigned issue tools/widget#17 to fixer",
    "Issue: tools/widget#17 assigned to fixer\nBy: actor",
    issue.full_url,
  ],
  [
    "pagure.issue.assigned.reset",
    {},
    "actor reset the assignee on issue tools/widget#17",
    "Issue un-assigned: tools/widget#17\nBy: actor",
    issue.full_url,
  ],
  [
    "pagure.issue.dependency.added",
    { added_dependency: 12 },
    "actor set the issue tools/widget#17 as depending on #12",
    "Issue: tools/widget#17 depends on #12\nBy: actor",
    issue.full_url,
  ],
  [
    "pagure.issue.dependency.removed",
    { removed_dependency: [12, 13] },
    "actor removed the dependency on #12, #13 on the issue tools/widget#17",
    "Issue: tools/widget#17 no longer depending on #12, #13\nBy: actor",
    issue.full_url,
  ],
  [
    "pagure.issue.comment.added",
    {},
    "actor commented on the issue tools/widget#17",
    "Issue: tools/widget#17 has a new comment\nBy: actor",
    `${issue.full_url}#comment-402`,
  ],
  [
    "pagure.issue.tag.added",
    { tags: ["bug", "ui"] },
    "actor tagged the issue tools/widget#17 with: bug, ui",
    "Issue: tools/widget#17 tagged with bug, ui\nBy: actor",
    issue.full_url,
  ],
  [
    "pagure.issue.tag.removed",
    { tags: ["ui"] },
    "actor removed tags ui from issue tools/widget#17",
    "Issue: tools/widget#17 un-tagged with ui\nBy: actor",
    issue.full_url,
  ],
];

const flag = { username: "ci-bot", status: "success", commit_hash: "abc123", comment: "ok", url: "https://ci.example/1" };
const PR_CASES: Case[] = [
  [
    "pagure.pull-request.new",
    {},
    "actor opened a pull-request tools/widget#8: Fix crash",
    "New Pull-Request: tools/widget#8\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.assigned.added",
    {},
    "actor assigned the pull-request tools/widget#8 to reviewer",
    "Pull-request tools/widget#8 was assigned\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.assigned.reset",
    {},
    "actor reset the assignee of the pull-request tools/widget#8",
    "Pull-request tools/widget#8 was un-assigned\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.closed",
    { merged: true },
    "actor merged the pull-request tools/widget#8",
    "Pull-Request: tools/widget#8 has been merged\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.reopened",
    {},
    "actor re-opened the pull-request tools/widget#8",
    "Pull-request tools/widget#8 was re-opened\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.comment.added",
    {},
    "actor commented on the pull-request tools/widget#8",
    "Pull-Request: tools/widget#8 has a new comment\nBy: actor",
    `${pullrequest.full_url}#comment-900`,
  ],
  [
    "pagure.pull-request.comment.edited",
    { pullrequest: { ...pullrequest, comments: [] } },
    "actor edited comment on the pull-request tools/widget#8",
    "Edited comment on Pull-Request: tools/widget#8\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.initial_comment.edited",
    {},
    "actor has edited the description of the pull-request tools/widget#8",
    "Description of pull-request tools/widget#8 edited\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.flag.added",
    { flag },
    "Pull-request tools/widget#8 was flagged as success by ci-bot",
    "New pull-request flag: ci-bot success\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.flag.updated",
    { flag },
    "ci-bot updated flag on pull-request tools/widget#8 to success",
    "Pull-request flag updated: ci-bot success\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.rebased",
    {},
    "actor rebased the pull-request tools/widget#8",
    "Pull-request tools/widget#8 was rebased\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.updated",
    {},
    "actor updated the pull-request tools/widget#8",
    "Pull-request tools/widget#8 was updated\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.tag.added",
    { tags: ["wip"] },
    "actor tagged the pull-request tools/widget#8 with wip",
    "Pull-request tools/widget#8 was tagged\nBy: actor",
    pullrequest.full_url,
  ],
  [
    "pagure.pull-request.tag.removed",
    { tags: ["wip"] },
    "actor un-tagged the pull-request tools/widget#8 with: wip",
    "Pull-request tools/widget#8 was un-tagged\nBy: actor",
    pullrequest.full_url,
  ],
];

const GIT_CASES: Case[] = [
  [
    "pagure.git.branch.creation",
    { branch: "refs/heads/f44", rev: "r1" },
    "actor created the branch refs/heads/f44 on rpms/widget",
    "Git branch: refs/heads/f44 created\nBy: actor",
    `${repo.full_url}/tree/f44`,
  ],
  [
    "pagure.git.branch.deletion",
    { branch: "old", rev: "r1" },
    "actor deleted the branch old on rpms/widget",
    "Git branch: old deleted\nBy: actor",
    repo.full_url,
  ],
  [
    "pagure.git.tag.creation",
    { tag: "v2.0", rev: "r2" },
    "actor tagged the commit r2 on rpms/widget as v2.0",
    "Git tag: v2.0 created\nBy: actor",
    `${repo.full_url}/commits/v2.0`,
  ],
  [
    "pagure.git.tag.deletion",
    { tag: "v2.0", rev: "r2" },
    "actor deleted the tag v2.0 of commit r2 on rpms/widget",
    "Git tag: v2.0 deleted\nBy: actor",
    `${repo.full_url}/releases`,
  ],
];

const MISC_CASES: Case[] = [
  [
    "pagure.commit.flag.added",
    { repo, flag },
    "Commit abc123 of project rpms/widget was flagged as success by ci-bot",
    "New commit flag: ci-bot success\nBy: actor",
    `${repo.full_url}/c/abc123`,
  ],
  [
    "pagure.commit.flag.updated",
    { repo, flag },
    "ci-bot updated flag on commit abc123 of project rpms/widget to success",
    "New commit flag: ci-bot success\nBy: actor",
    `${repo.full_url}/c/abc123`,
  ],
  [
    "pagure.group.edit",
    { group: { name: "devs", full_url: "https://pagure.example/group/devs" }, fields: ["display_name"] },
    "actor edited the fields display_name of the group devs",
    "Group edit: devs\nBy: actor",
    "https://pagure.example/group/devs",
  ],
  ["pagure.Test.notification", {}, "Test notification", "Test notification", "https://pagure.io"],
];

function check([schema, extra, text, long, link]: Case, base: Record<string, unknown>): void {
  const s = messaging(schema, schema, { agent, ...base, ...extra });
  assert.equal(s.text, text, schema);
  assert.equal(s.long, long, schema);
  assert.equal(s.link, link, schema);
  assert.equal(s.agent, agent);
  assert.equal(s.app, "Pagure");
  assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/pagure.png");
}

describe("schemas/pagure", () => {
  it("project classes", () => PROJECT_CASES.forEach((c) => check(c, { project })));
  it("issue classes", () => ISSUE_CASES.forEach((c) => check(c, { project, issue })));
  it("pull-request classes", () => PR_CASES.forEach((c) => check(c, { pullrequest })));
  it("git classes", () => GIT_CASES.forEach((c) => check(c, { repo, authors: [user("actor")] })));
  it("commit flags, group edit, test notification", () => MISC_CASES.forEach((c) => check(c, {})));

  it("issue and pull-request users: agent, author and assignee", () => {
    assert.deepEqual(messaging("pagure.issue.new", "pagure.issue.new", { agent, project, issue }).usernames, ["actor", "reporter"]);
    assert.deepEqual(messaging("pagure.pull-request.new", "pagure.pull-request.new", { agent, pullrequest }).usernames, [
      "actor",
      "contrib",
      "reviewer",
    ]);
  });

  it("git.receive: count, branch, forced push, commit range link, rpms namespace is a package", () => {
    const body = {
      agent,
      repo,
      authors: [{ name: "actor", fullname: "Ann Actor", url_path: null }],
      branch: "refs/heads/rawhide",
      total_commits: 3,
      forced: true,
      start_commit: "s",
      end_commit: "e",
      old_commit: "o",
    };
    const s = messaging("pagure.git.receive", "io.pagure.prod.pagure.git.receive", body);
    assert.equal(s.text, "actor pushed 3 commits on rpms/widget (branch: rawhide)");
    assert.equal(s.long, "Ann Actor (actor) forced-pushed 3 commits on rpms/widget.\nBranch: rawhide\n");
    assert.equal(s.link, `${repo.full_url}/c/o..e`);
    assert.deepEqual(s.packages, ["widget"]);
    const one = messaging("pagure.git.receive", "pagure.git.receive", {
      ...body,
      total_commits: 1,
      forced: false,
      repo: { ...repo, namespace: "tests" },
    });
    assert.equal(one.long, "Ann Actor (actor) pushed 1 commit on rpms/widget.\nBranch: rawhide\n");
    assert.equal(one.link, `${repo.full_url}/c/e`);
    assert.deepEqual(one.packages, []);
  });

  it("closed without merging; assignment to nobody; staging test notification", () => {
    assert.equal(
      messaging("pagure.pull-request.closed", "pagure.pull-request.closed", { agent, pullrequest, merged: false }).text,
      "actor closed without merging the pull-request tools/widget#8",
    );
    assert.equal(
      messaging("pagure.pull-request.assigned.added", "pagure.pull-request.assigned.added", {
        agent,
        pullrequest: { ...pullrequest, assignee: null },
      }).text,
      "actor assigned the pull-request tools/widget#8 to someone",
    );
    assert.equal(messaging("pagure.Test.notification", "io.pagure.stg.pagure.Test.notification", {}).link, "https://stg.pagure.io");
  });
});
