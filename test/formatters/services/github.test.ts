import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Deliberate differences from the reference (fedmsg.meta's github processor):
 * - no acting user read "None ..." and got the avatar of the account "None";
 *   here the user is "someone" and there is no avatar.
 * - a push's objects listed only the files of its last commit; here they list
 *   the files of every commit.
 * - review states other than pending/approved/changes_requested/commented, and
 *   events it had no wording for, crashed or gave no text; here they get one.
 * - a push's long form is the patch fetched from GitHub: out of scope offline,
 *   so it is the summary line.
 */

const ICON = "https://apps.fedoraproject.org/img/icons/github.png";
const repository = { name: "widget", owner: { login: "fedora-infra" }, html_url: "https://github.com/fedora-infra/widget" };
const sender = { login: "octo-dev" };
const fas_usernames = { "octo-dev": "odev", "fedora-infra": "github_org_fedora-infra" };
const base = { repository, sender, fas_usernames };

describe("github (fedmsg)", () => {
  it("github.push: pusher mapped to a Fedora account", () => {
    const s = fedmsg("github.push", {
      ...base,
      repository: { name: "widget", owner: { name: "fedora-infra" } },
      pusher: { name: "octo-dev" },
      compare: "https://github.com/fedora-infra/widget/compare/1...2",
      commits: [
        { added: ["a.py"], removed: [], modified: ["README.md"] },
        { added: [], removed: ["old.py"], modified: [] },
      ],
    });
    assert.equal(s.text, "odev pushed 2 commit(s) to fedora-infra/widget");
    assert.equal(s.link, "https://github.com/fedora-infra/widget/compare/1...2");
    assert.deepEqual(s.usernames, ["odev"]);
    assert.equal(s.agent, "odev");
    assert.deepEqual(s.objects, ["fedora-infra/widget/tree/README.md", "fedora-infra/widget/tree/a.py", "fedora-infra/widget/tree/old.py"]);
    assert.equal(s.avatar, fedoraAvatar("odev"));
    assert.equal(s.icon, ICON);
  });

  it("github.webhook", () => {
    const s = fedmsg("github.webhook", { fas_usernames: {}, hook_id: 5, zen: "Keep it simple." });
    assert.equal(s.text, "A new github repository has been added to fedmsg");
    assert.equal(s.avatar, ICON);
  });

  it("github.issue.*: opened, labeled, comment, closed", () => {
    const issue = { number: 12, title: "Crash on start", html_url: "https://github.com/fedora-infra/widget/issues/12", body: "Trace..." };
    const opened = fedmsg("github.issue.opened", { ...base, action: "opened", issue });
    assert.equal(opened.text, "odev opened issue #12 on fedora-infra/widget: Crash on start");
    assert.equal(opened.link, "https://github.com/fedora-infra/widget/issues/12");
    assert.deepEqual(opened.objects, ["fedora-infra/widget/issues/12"]);
    const labeled = fedmsg("github.issue.labeled", { ...base, action: "labeled", issue, label: { name: "bug" } });
    assert.equal(labeled.text, "odev added label bug to issue #12 on fedora-infra/widget");
    const comment = { body: "Same here.", html_url: "https://github.com/fedora-infra/widget/issues/12#issuecomment-9" };
    const commented = fedmsg("github.issue.comment", { ...base, action: "created", issue, comment });
    assert.equal(commented.text, "odev commented on issue #12 on fedora-infra/widget");
    assert.equal(commented.link, "https://github.com/fedora-infra/widget/issues/12#issuecomment-9");
    assert.equal(commented.long, "Same here.");
    assert.equal(fedmsg("github.issue.closed", { ...base, action: "closed", issue }).text, "odev closed issue #12 on fedora-infra/widget");
    assert.equal(fedmsg("github.issue.reopened", { ...base, action: "reopened", issue }).long, "Trace...");
  });

  it("github.pull_request.*: opened with title, synchronize reads synchronized", () => {
    const pull_request = { number: 7, title: "Add tests", html_url: "https://github.com/fedora-infra/widget/pull/7" };
    const opened = fedmsg("github.pull_request.opened", { ...base, action: "opened", number: 7, pull_request });
    assert.equal(opened.text, "odev opened pull request #7 on fedora-infra/widget: Add tests");
    assert.equal(opened.link, "https://github.com/fedora-infra/widget/pull/7");
    assert.deepEqual(opened.objects, ["fedora-infra/widget/pull/7"]);
    const sync = fedmsg("github.pull_request.synchronize", { ...base, action: "synchronize", number: 7, pull_request });
    assert.equal(sync.text, "odev synchronized pull request #7 on fedora-infra/widget");
  });

  it("github.pull_request_review: each state", () => {
    const body = (state: string): Record<string, unknown> => ({
      ...base,
      action: "submitted",
      pull_request: { number: 7 },
      review: { state, html_url: "https://github.com/fedora-infra/widget/pull/7#pullrequestreview-1" },
    });
    const approved = fedmsg("github.pull_request_review", body("approved"));
    assert.equal(approved.text, "odev approved the changes on PR #7 on fedora-infra/widget");
    assert.equal(approved.link, "https://github.com/fedora-infra/widget/pull/7#pullrequestreview-1");
    assert.deepEqual(approved.objects, ["fedora-infra/widget/pull/7"]);
    assert.equal(
      fedmsg("github.pull_request_review", body("pending")).text,
      "odev commented on PR #7 on fedora-infra/widget which is in pending state",
    );
    assert.equal(
      fedmsg("github.pull_request_review", body("changes_requested")).text,
      "odev requested changes on PR #7 on fedora-infra/widget",
    );
    assert.equal(fedmsg("github.pull_request_review", body("commented")).text, "odev commented on PR #7 on fedora-infra/widget");
    assert.equal(fedmsg("github.pull_request_review", body("dismissed")).text, "odev reviewed PR #7 on fedora-infra/widget (dismissed)");
  });

  it("github.pull_request_review_comment and github.commit_comment", () => {
    const comment = { body: "nit", path: "src/x.py", html_url: "https://github.com/fedora-infra/widget/pull/7#discussion_r1" };
    const review = fedmsg("github.pull_request_review_comment", { ...base, action: "created", comment, pull_request: { number: 7 } });
    assert.equal(review.text, "odev commented on PR #7 on fedora-infra/widget");
    assert.equal(review.long, "nit");
    const onCommit = fedmsg("github.commit_comment", { ...base, comment });
    assert.equal(onCommit.text, "odev commented on a commit on fedora-infra/widget");
    assert.deepEqual(onCommit.objects, ["fedora-infra/widget/tree/src/x.py"]);
  });

  it("github.create, github.delete, github.fork", () => {
    const created = fedmsg("github.create", { ...base, ref: "v1.0", ref_type: "tag" });
    assert.equal(created.text, 'odev created a new tag "v1.0" at fedora-infra/widget');
    assert.equal(created.link, "https://github.com/fedora-infra/widget");
    assert.deepEqual(created.objects, ["fedora-infra/widget/tag/v1.0"]);
    assert.equal(
      fedmsg("github.delete", { ...base, ref: "wip", ref_type: "branch" }).text,
      'odev deleted the "wip" branch at fedora-infra/widget',
    );
    const fork = fedmsg("github.fork", {
      repository,
      sender: { login: "stranger" },
      fas_usernames: {},
      forkee: { html_url: "https://github.com/stranger/widget" },
    });
    assert.equal(fork.text, "stranger forked fedora-infra/widget");
    assert.equal(fork.link, "https://github.com/stranger/widget");
    assert.deepEqual(fork.usernames, []);
    assert.equal(fork.agent, null);
    assert.deepEqual(fork.objects, ["fedora-infra/widget/forks/stranger"]);
  });

  it("github.status: described by the status itself", () => {
    const s = fedmsg("github.status", {
      ...base,
      commit: { sha: "0123456789abcdef", author: { login: "octo-dev" } },
      sha: "0123456789abcdef",
      description: "CI build passed",
      target_url: "https://ci.example.org/b/1",
    });
    assert.equal(s.text, "CI build passed for fedora-infra/widget 01234567");
    assert.equal(s.link, "https://ci.example.org/b/1");
    assert.deepEqual(s.objects, ["fedora-infra/widget/status/0123456789abcdef"]);
  });

  it("github.watch and github.star", () => {
    const watch = fedmsg("github.watch", { ...base, action: "started" });
    assert.equal(watch.text, "odev started watching fedora-infra/widget");
    assert.equal(watch.link, "https://github.com/fedora-infra/widget/watchers");
    assert.deepEqual(watch.objects, ["fedora-infra/widget/watchers"]);
    const star = fedmsg("github.star", { ...base, action: "deleted" });
    assert.equal(star.text, "odev unstarred fedora-infra/widget");
    assert.equal(star.link, "https://github.com/fedora-infra/widget/stargazers");
    assert.equal(fedmsg("github.star", { ...base, action: "started" }).text, "odev starred fedora-infra/widget");
  });

  it("github.release: the repository without its owner", () => {
    const s = fedmsg("github.release", {
      ...base,
      action: "published",
      release: { tag_name: "2.0.1", html_url: "https://github.com/fedora-infra/widget/releases/tag/2.0.1" },
    });
    assert.equal(s.text, "odev cut a release of widget, version 2.0.1");
    assert.equal(s.link, "https://github.com/fedora-infra/widget/releases/tag/2.0.1");
    assert.deepEqual(s.objects, ["fedora-infra/widget/releases/2.0.1"]);
  });

  it("github.page_build, github.team_add, github.member, github.deployment_status", () => {
    const page = fedmsg("github.page_build", { ...base, build: { status: "built" } });
    assert.equal(page.text, "odev rebuilt the github.io page for fedora-infra/widget");
    assert.equal(page.link, "http://fedora-infra.github.io/widget/");
    assert.equal(
      fedmsg("github.team_add", { ...base, team: { slug: "admins" } }).text,
      "The 'admins' team was added to the fedora-infra/widget repository",
    );
    assert.equal(
      fedmsg("github.member", { ...base, action: "added", member: { login: "newbie" } }).text,
      "odev added newbie as a member of fedora-infra/widget",
    );
    assert.equal(
      fedmsg("github.member", { ...base, action: "removed", member: { login: "newbie" } }).text,
      "odev removed member newbie from fedora-infra/widget",
    );
    const deploy = fedmsg("github.deployment_status", {
      ...base,
      deployment_status: { state: "failure", target_url: "https://app.example.org/" },
    });
    assert.equal(deploy.text, 'odev\'s deployment status for fedora-infra/widget updated to "failure"');
    assert.equal(deploy.link, "https://app.example.org/");
  });

  it("an event without wording, and a message without any user (not 'None')", () => {
    assert.equal(fedmsg("github.gollum", { ...base }).text, "odev triggered a gollum event on fedora-infra/widget");
    assert.equal(fedmsg("github.label", { ...base, action: "created" }).text, "odev created label on fedora-infra/widget");
    const s = fedmsg("github.fork", { repository, fas_usernames: {} });
    assert.equal(s.text, "someone forked fedora-infra/widget");
    assert.equal(s.avatar, null);
  });
});
