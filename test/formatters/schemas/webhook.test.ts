import { strict as assert } from "node:assert";
import type { Ctx } from "../../../formatters/define.js";
import { Payload } from "../../../formatters/payload.js";
import webhook from "../../../formatters/schemas/webhook.js";
import { parseTopic } from "../../../formatters/topic.js";
import type { Message } from "../../../formatters/types.js";
import { decodeMessage, formatTrace } from "../../../formatters/index.js";
import { messaging } from "../../helpers/fixtures.js";

/** Which formatter service handled a fedora-messaging message without a schema header. */
function serviceFor(topic: string, body: unknown): string {
  return formatTrace(decodeMessage({ id: null, topic, headers: {}, body })).service;
}

// Python artifacts we deliberately do not reproduce (the reference's text in brackets):
// - a relayed event whose sender has no Fedora account: "GitHub user octo created push on o/r" [None created push on o/r]
// - a repository without a name in the long form: "Repository: https://host/o/r" [Repository: None (https://host/o/r)]
// - Discourse on an unknown instance: "forum.example.org: post.post_created" [None: post.post_created]
const GH = "webhook_to_fedora_messaging.github.message_v1";
const FJ = "webhook_to_fedora_messaging.forgejo.message_v1";
const GL = "webhook_to_fedora_messaging.gitlab.message_v1";
const PX = "webhook_to_fedora_messaging.pretix.message_v1";
const ICON = "https://apps.fedoraproject.org/img/icons/webhook-to-fedora-messaging.png";

const ghRepo = { full_name: "octo/spoon", html_url: "https://github.com/octo/spoon" };
const ghHeaders = (event: string, target = "repository") => ({
  "x-github-event": event,
  "x-github-hook-installation-target-type": target,
  "x-github-delivery": "d-1",
});
const commit = {
  id: "0123456789abcdef",
  message: "Add spoons\n\nLonger text",
  author: { name: "Octo Cat" },
  url: "https://github.com/octo/spoon/commit/0123456",
};

describe("schemas/webhook: GitHub", () => {
  it("push: summary, long form, app and icon", () => {
    const s = messaging(GH, "", {
      agent: "octofas",
      headers: ghHeaders("push"),
      body: { repository: ghRepo, pusher: { name: "octo" }, ref: "refs/heads/main", commits: [commit], sender: { login: "octo" } },
    });
    assert.equal(s.text, "octofas created push on octo/spoon");
    assert.equal(
      s.long,
      "Event: Push\nRepository: octo/spoon (https://github.com/octo/spoon)\nPusher: octo (https://github.com/octo)\nBranch: main\nCommits:\n" +
        "- 0123456: Add spoons by Octo Cat (https://github.com/octo/spoon/commit/0123456)",
    );
    assert.equal(s.app, "GitHub");
    assert.equal(s.icon, ICON);
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, ["octofas"]);
    assert.equal(s.agent, "octofas");
  });

  it("fork, pull_request, issues, issue_comment long forms", () => {
    const long = (event: string, body: Record<string, unknown>) =>
      messaging(GH, "", { agent: "a", headers: ghHeaders(event), body: { repository: ghRepo, ...body } }).long;
    assert.equal(
      long("fork", {
        forkee: {
          full_name: "me/spoon",
          html_url: "https://github.com/me/spoon",
          owner: { login: "me", html_url: "https://github.com/me" },
        },
      }),
      "Event: Fork\nRepository: octo/spoon (https://github.com/octo/spoon)\nForkee: me/spoon (https://github.com/me/spoon)\nOwner: me (https://github.com/me)",
    );
    const pr = {
      title: "Bigger spoons",
      html_url: "https://github.com/octo/spoon/pull/2",
      user: { login: "me" },
      head: { ref: "big" },
      base: { ref: "main" },
      requested_reviewers: [{ login: "r1" }, { login: "r2" }],
    };
    assert.equal(
      long("pull_request", { action: "opened", pull_request: pr }),
      "Event: Pull Request\nRepository: octo/spoon (https://github.com/octo/spoon)\nTitle: Bigger spoons\nURL: https://github.com/octo/spoon/pull/2\n" +
        "Author: me\nStatus: opened\nSource Branch: big\nDestination Branch: main\nRequested Reviewers: r1, r2",
    );
    const issue = {
      title: "Spoon bent",
      html_url: "https://github.com/octo/spoon/issues/3",
      user: { login: "me" },
      labels: [{ name: "bug" }],
    };
    assert.equal(
      long("issues", { action: "closed", issue }),
      "Event: Issue\nRepository: octo/spoon (https://github.com/octo/spoon)\nTitle: Spoon bent\nURL: https://github.com/octo/spoon/issues/3\nAuthor: me\nStatus: closed\nLabels: bug",
    );
    assert.equal(
      long("issue_comment", {
        issue,
        comment: { user: { login: "you" }, body: "Same here", html_url: "https://github.com/octo/spoon/issues/3#c1" },
      }),
      "Event: Issue Comment\nRepository: octo/spoon (https://github.com/octo/spoon)\nIssue: Spoon bent (https://github.com/octo/spoon/issues/3)\n" +
        "Comment Author: you\nComment: Same here\nComment URL: https://github.com/octo/spoon/issues/3#c1",
    );
  });

  it("non-repository hooks and unknown events are not described; topic-only messages are found", () => {
    const body = { repository: { ...ghRepo, full_name: null }, sender: { login: "octo" } };
    const s = messaging(GH, "", { agent: "a", headers: ghHeaders("push", "organization"), body });
    assert.equal(s.text, "a created push");
    assert.equal(s.long, "Event type not supported");
    const star = messaging(null, "org.fedoraproject.prod.github.star", {
      agent: null,
      headers: ghHeaders("star"),
      body: { repository: ghRepo, sender: { login: "octo" } },
    });
    assert.equal(star.text, "GitHub user octo created star on octo/spoon");
    assert.equal(star.long, "Event type not supported");
    assert.equal(star.agent, null);
  });
});

describe("schemas/webhook: Forgejo", () => {
  const repo = { id: 5, full_name: "fedora/spoon", html_url: "https://codeberg.org/fedora/spoon" };
  const fj = (event: string, body: Record<string, unknown>, agent: string | null = "fjuser") =>
    messaging(FJ, "", { agent, headers: { "x-forgejo-event": event }, body: { repository: repo, sender: { login: "fjlogin" }, ...body } });

  it("push, with full names preferred over logins", () => {
    const s = fj("push", {
      pusher: { full_name: "", login: "pl", html_url: "https://codeberg.org/pl" },
      ref: "refs/heads/dev",
      commits: [{ ...commit, url: "https://codeberg.org/c/1" }],
    });
    assert.equal(s.text, "fjuser created push on fedora/spoon");
    assert.equal(s.app, "Forgejo");
    assert.equal(
      s.long,
      "Event: Push\nRepository: fedora/spoon (https://codeberg.org/fedora/spoon)\nPusher: pl (https://codeberg.org/pl)\nBranch: dev\nCommits:\n- 0123456: Add spoons by Octo Cat (https://codeberg.org/c/1)",
    );
  });

  it("fork, pull_request, issues, issue_comment", () => {
    assert.match(
      fj("fork", {
        forkee: { full_name: "x/spoon", html_url: "u", owner: { full_name: "X Org", login: "x", html_url: "https://codeberg.org/x" } },
      }).long ?? "",
      /\nOwner: X Org \(https:\/\/codeberg.org\/x\)$/,
    );
    const pr = {
      title: "T",
      html_url: "u",
      user: { full_name: "Pat", login: "p" },
      head: { ref: "h" },
      base: { ref: "b" },
      requested_reviewers: [{ full_name: "", login: "rev" }],
    };
    assert.match(fj("pull_request", { action: "opened", pull_request: pr }).long ?? "", /\nAuthor: Pat\n.*\nRequested Reviewers: rev$/s);
    const issue = { title: "I", html_url: "iu", user: { full_name: "", login: "il" }, labels: [{ name: "Kind/Bug" }] };
    assert.match(fj("issues", { action: "opened", issue }).long ?? "", /\nAuthor: il\nStatus: opened\nLabels: Kind\/Bug$/);
    assert.match(
      fj("issue_comment", { issue, comment: { user: { full_name: "Cee", login: "c" }, body: "hi", html_url: "cu" } }).long ?? "",
      /\nComment Author: Cee\n/,
    );
  });

  it("action runs: repository inside the run; recovery notes the previous run", () => {
    const run = {
      repository: repo,
      workflow_id: "ci.yml",
      title: "CI",
      html_url: "https://codeberg.org/fedora/spoon/actions/runs/9",
      commit_sha: "fedcba9876",
      prettyref: "main",
      status: "success",
    };
    const s = fj("action_run_recover", { repository: undefined, action: "recover", prior_status: "failure", run, last_run: { id: 8 } });
    assert.equal(s.text, "fjuser created action_run_recover on fedora/spoon");
    assert.equal(
      s.long,
      "Event: Action Run Recover\nRepository: fedora/spoon (https://codeberg.org/fedora/spoon)\nWorkflow: ci.yml\nRun: CI (https://codeberg.org/fedora/spoon/actions/runs/9)\n" +
        "Status: failure → success (recovered)\nCommit: fedcba9\nBranch: main\nPrevious Run: 8 (failed)",
    );
    for (const action of ["success", "failure", "cancelled"]) {
      assert.match(
        fj(`action_run_${action}`, { action, prior_status: "running", run }).long ?? "",
        new RegExp(`^Event: Action Run ${action[0]?.toUpperCase()}${action.slice(1)}\n`),
      );
    }
  });

  it("an unsupported event; a repository without a name (reference: None)", () => {
    assert.equal(fj("misc", {}).long, "Event type not supported");
    const s = fj("push", {
      repository: { ...repo, full_name: null },
      pusher: { full_name: "P", login: "p", html_url: "pu" },
      ref: "refs/heads/x",
      commits: [],
    });
    assert.equal(s.text, "fjuser created push");
    assert.match(s.long ?? "", /^Event: Push\nRepository: https:\/\/codeberg.org\/fedora\/spoon\n/);
  });
});

describe("schemas/webhook: GitLab", () => {
  const repository = { name: "spoon", homepage: "https://gitlab.com/octo/spoon" };
  const gl = (hook: string, body: Record<string, unknown>) =>
    messaging(GL, "", { agent: "glfas", headers: { "x-gitlab-event": hook }, body: { repository, ...body } });

  it("push: event name from the hook header", () => {
    const s = gl("Push Hook", { user_username: "gluser", ref: "refs/heads/feature", commits: [commit] });
    assert.equal(s.text, "glfas created push on spoon");
    assert.equal(s.app, "GitLab");
    assert.equal(
      s.long,
      "Event: Push\nRepository: spoon (https://gitlab.com/octo/spoon)\nPusher: gluser (https://gitlab.com/gluser)\nBranch: feature\nCommits:\n- 0123456: Add spoons by Octo Cat (https://github.com/octo/spoon/commit/0123456)",
    );
  });

  it("merge_request, issue, note, and an unsupported hook", () => {
    const user = { username: "gluser" };
    const mr = gl("Merge Request Hook", {
      user,
      reviewers: [{ username: "r" }],
      object_attributes: { title: "MR", url: "mu", source_branch: "s", target_branch: "t", state: "merged" },
    });
    assert.equal(mr.text, "glfas created merge_request on spoon");
    assert.equal(
      mr.long,
      "Event: Merge Request\nRepository: spoon (https://gitlab.com/octo/spoon)\nTitle: MR\nURL: mu\nAuthor: gluser\nStatus: merged\nSource Branch: s\nDestination Branch: t\nRequested Reviewers: r",
    );
    const issue = gl("Issue Hook", {
      user,
      object_attributes: { title: "Bug", url: "iu", state: "opened", labels: [{ title: "bug" }, { title: "p1" }] },
    });
    assert.equal(
      issue.long,
      "Event: Issue\nRepository: spoon (https://gitlab.com/octo/spoon)\nTitle: Bug\nURL: iu\nAuthor: gluser\nStatus: opened\nLabels: bug, p1",
    );
    const note = gl("Note Hook", { user, issue: { title: "Bug", url: "iu" }, object_attributes: { description: "+1", url: "nu" } });
    assert.equal(
      note.long,
      "Event: Note\nRepository: spoon (https://gitlab.com/octo/spoon)\nIssue: Bug (iu)\nComment Author: gluser\nComment: +1\nComment URL: nu",
    );
    assert.equal(gl("Pipeline Hook", {}).long, "Event type not supported");
  });
});

describe("schemas/webhook: Pretix", () => {
  const px = (body: Record<string, unknown>, agent: string | null = null) =>
    messaging(PX, "", {
      agent,
      headers: {},
      body: {
        event: "flock-2027",
        organizer: "community",
        action: "pretix.event.checkin",
        instance_url: "https://rsvp.fedoraproject.org",
        attendee_name: null,
        ...body,
      },
    });

  it("check-in entry and exit, attendee and agent, instance names", () => {
    assert.equal(px({ type: "entry" }).text, "A user entered flock-2027 on Fedora ticket system");
    assert.equal(px({ type: "exit", attendee_name: "Jo Doe" }, "jdoe").text, "Jo Doe (jdoe) exited flock-2027 on Fedora ticket system");
    assert.equal(
      px({ type: "entry", instance_url: "https://rsvp.stg.fedoraproject.org" }).text,
      "A user entered flock-2027 on Fedora ticket system (staging)",
    );
    const other = px({ action: "pretix.event.order.placed", instance_url: "https://tickets.example" }, "jdoe");
    assert.equal(other.text, "A user (jdoe) caused event.order.placed in flock-2027 on Pretix");
    assert.equal(other.app, "Pretix");
    assert.deepEqual(other.usernames, ["jdoe"]);
  });
});

describe("schemas/webhook: Discourse relay", () => {
  // The relay owns `discourse.event.v1`; its handler (discourse.ts) is exercised directly here,
  // through the service's own table, and end to end in discourse.test.ts.
  const handler = webhook.schemas?.["discourse.event.v1"]?.handler;
  const run = (type: string, event: string, body: Record<string, unknown>, instance = "https://discussion.fedoraproject.org") => {
    const msg = { schema: "discourse.event.v1" } as unknown as Message;
    const ctx: Ctx = {
      msg,
      body: new Payload({
        webhook_headers: { "X-Discourse-Instance": instance, "X-Discourse-Event": event, "X-Discourse-Event-Type": type },
        webhook_body: body,
      }),
      headers: new Payload({}),
      topic: parseTopic(`discourse.${type}.${event}`),
      title: `discourse.${type}.${event}`,
      captures: [],
      user: (n) => n,
      knowsUser: () => false,
    };
    const r = handler?.(ctx);
    assert.ok(r);
    return r;
  };
  const post = { username: "poster", topic_title: "Hello" };

  it("posts, likes, topics and solutions", () => {
    const created = run("post", "post_created", { post });
    assert.equal(created.text, "New Post on Fedora Discussion: poster posted in 'Hello'");
    assert.equal(created.agent, "poster");
    assert.equal(created.icon, "https://apps.fedoraproject.org/img/icons/discourse.png");
    assert.equal(created.app, "Discourse");
    assert.equal(
      run("post", "post_edited", { post }, "https://ask.fedoraproject.org").text,
      "Post Edited on Ask Fedora: poster's post on 'Hello'",
    );
    const liked = run("like", "post_liked", { like: { post, user: { username: "fan" } } });
    assert.equal(liked.text, "Post Liked on Fedora Discussion: fan liked poster's post on 'Hello'");
    assert.equal(liked.agent, "fan");
    assert.deepEqual([...(liked.usernames ?? [])], ["poster"]);
    const topic = run("topic", "topic_created", { topic: { title: "New idea", created_by: { username: "thinker" } } });
    assert.equal(topic.text, "New Topic on Fedora Discussion: thinker created the topic 'New idea'");
    assert.equal(
      run("topic", "topic_recovered", { topic: { title: "T", created_by: { username: "u" } } }).text,
      "Topic Recovered on Fedora Discussion: u's topic 'T'",
    );
    const solved = run("solved", "accepted_solution", { solved: post });
    assert.equal(solved.text, "Accepted Solution on Fedora Discussion: poster's post on topic 'Hello' marked as the solution.");
    assert.equal(solved.agent ?? null, null);
  });

  it("other events get the generic wording; an unknown instance is named by its host", () => {
    assert.equal(run("user", "user_created", {}).text, "Fedora Discussion: user.user_created");
    assert.equal(
      run("post", "post_created", { post }, "https://forum.example.org").text,
      "New Post on forum.example.org: poster posted in 'Hello'",
    );
  });

  it("declines a body that is not a relayed Discourse webhook", () => {
    const ctx = {
      msg: { schema: null } as unknown as Message,
      body: new Payload({ foo: 1 }),
      headers: new Payload({}),
      topic: parseTopic(""),
      title: "",
      captures: [],
      user: (n: string) => n,
      knowsUser: () => false,
    };
    assert.equal(handler?.(ctx), undefined);
  });
});

describe("schemas/webhook: shape", () => {
  it("declines forge topics whose body is not the relay's envelope", () => {
    assert.notEqual(serviceFor("org.fedoraproject.prod.github.push", { repository: ghRepo, pusher: { name: "x" } }), "webhook");
  });
});
