/**
 * GitHub repositories of Fedora projects, relayed by github2fedmsg (fedmsg era,
 * topics `github.<webhook event>[.<action>]`). Wording from fedmsg.meta's github
 * processor. github2fedmsg adds `fas_usernames` (GitHub login -> Fedora account;
 * organisations map to `github_org_<name>`).
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { hasOwnKey, isObject, ownProperty, textOf, type Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { wordTable } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/img/icons/github.png";
const ORG_ACCOUNT = "github_org_";

/** Webhook event -> the path segment its objects live under (null: right under the repository). */
const OBJECT_KIND: Readonly<Record<string, string | null>> = wordTable({
  push: "tree",
  issue: "issues",
  fork: "forks",
  status: "status",
  pull_request: "pull",
  pull_request_review: "pull",
  pull_request_review_comment: "pull",
  commit_comment: "tree",
  release: "releases",
  create: null,
  delete: null,
  watch: null,
  star: null,
  page_build: "page_build",
  team_add: "team_add",
  member: "member",
  deployment_status: "deployment_status",
});

/** Where the link is, by the first of these payload keys present. */
const LINK_FIELDS: readonly (readonly [string, string])[] = [
  "release.html_url",
  "target_url",
  "compare",
  "comment.html_url",
  "review.html_url",
  "pull_request.html_url",
  "issue.html_url",
  "forkee.html_url",
].map((path) => [path.split(".")[0] ?? path, path] as const);
const UNDERSCORES = /_/g;

interface Gh {
  body: Payload;
  /** The acting person: a Fedora account when github2fedmsg knows the login, else the login. */
  user: string | undefined;
  /** `owner/name` */
  repo: string | undefined;
  /** The webhook event, the topic segment after `github`. */
  event: string;
}

function gh(ctx: Ctx): Gh {
  const { body } = ctx;
  const known = body.get("fas_usernames");
  const map = (login: string | undefined): string | undefined => (login === undefined ? undefined : (known.at(login).text() ?? login));
  let user: string | undefined;
  if (truthy(body, "commit")) user = map(body.text("commit.author.login"));
  if (user === undefined && truthy(body, "pusher")) user = map(body.text("pusher.name"));
  if (user === undefined && truthy(body, "sender")) user = map(body.text("sender.login"));
  if (user === undefined && truthy(body, "forkee")) user = map(body.text("forkee.owner.login"));
  const repoOwner = body.get("repository.owner");
  const owner = repoOwner.has("login") ? repoOwner.text("login") : repoOwner.text("name");
  const name = body.text("repository.name");
  return { body, user, repo: owner !== undefined && name !== undefined ? `${owner}/${name}` : undefined, event: ctx.topic.rest[0] ?? "" };
}

/** Whether the value at `key` is set: null, false, "" and empty objects or arrays are not; anything else, 0 included, is. */
function truthy(body: Payload, key: string): boolean {
  const v = body.raw(key);
  if (v === undefined || v === null || v === false || v === "") return false;
  // A non-empty object or array is set.
  return typeof v !== "object" || hasOwnKey(v);
}

function link(g: Gh): string | null {
  const { body, event } = g;
  const html = body.str("repository.html_url");
  if (event === "deployment_status") return body.str("deployment_status.target_url") ?? null;
  if (event === "watch") return html ? `${html}/watchers` : null;
  if (event === "star") return html ? `${html}/stargazers` : null;
  if (event === "page_build" && html) {
    const parts = html.split("/");
    return `http://${parts[parts.length - 2] ?? ""}.github.io/${parts[parts.length - 1] ?? ""}/`;
  }
  for (const [key, path] of LINK_FIELDS) if (body.has(key)) return body.str(path) ?? null;
  return html ?? null;
}

function objects(g: Gh): string[] {
  const { body, event, repo } = g;
  if (!Object.prototype.hasOwnProperty.call(OBJECT_KIND, event) || repo === undefined) return [];
  const kind = OBJECT_KIND[event];
  const base = kind ? `${repo}/${kind}` : repo;
  let items: (string | undefined)[] = [];
  const commits = body.raw("commits");
  if (commits !== undefined) {
    // Every file each commit added, removed or modified, in that order.
    if (Array.isArray(commits)) for (const c of commits) pushFiles(items, c);
  } else if (event === "pull_request") items = [body.text("number")];
  else if (event === "issue") items = [body.text("number") ?? body.text("issue.number")];
  else if (event === "pull_request_review" || event === "pull_request_review_comment") items = [body.text("pull_request.number")];
  else if (event === "fork") items = [g.user];
  else if (event === "create" || event === "delete") {
    const type = body.text("ref_type");
    const ref = body.text("ref");
    items = [type !== undefined && ref !== undefined ? `${type}/${ref}` : undefined];
  } else if (event === "status") items = [body.text("commit.sha")];
  else if (event === "commit_comment") items = [body.text("comment.path")];
  else if (event === "release") items = [body.text("release.tag_name")];
  else if (event === "watch") items = ["watchers"];
  else if (event === "star") items = ["stargazers"];
  const out: string[] = [];
  for (const i of items) if (i) out.push(`${base}/${i}`);
  if (out.length === 0) out.push(base);
  return out;
}

/** Adds the string entries of a commit's `added`, `removed` and `modified` lists to `items`. */
function pushFiles(items: (string | undefined)[], commit: unknown): void {
  if (!isObject(commit)) return;
  for (const key of FILE_LISTS) {
    const files = ownProperty(commit, key);
    if (Array.isArray(files)) for (const f of files) if (typeof f === "string") items.push(f);
  }
}

const FILE_LISTS = ["added", "removed", "modified"] as const;

/** The Fedora accounts github2fedmsg mapped the event's logins to, organisations left out. */
function fasUsernames(body: Payload): string[] {
  const out: string[] = [];
  const known = body.raw("fas_usernames");
  if (!isObject(known)) return out;
  for (const v of Object.values(known)) {
    const u = textOf(v);
    if (u && !u.startsWith(ORG_ACCOUNT)) out.push(u);
  }
  return out;
}

/** Long form: the comment or issue text where there is one (a push's patch needs a fetch). */
function longForm(g: Gh, ctx: Ctx): string | undefined {
  const t = ctx.title;
  if (t.startsWith("github.pull_request_review_comment") || t.startsWith("github.issue.comment") || t.startsWith("github.commit_comment")) {
    return g.body.text("comment.body") || undefined;
  }
  if (t.startsWith("github.issue.reopened")) return g.body.text("issue.body") || undefined;
  return undefined;
}

/** Builds the handler of one event from its wording; the rest of the fields are common to all events. */
function event(wording: (g: Gh, who: string, repo: string) => string): Handler {
  return (ctx: Ctx): Result => {
    const g = gh(ctx);
    const usernames = fasUsernames(g.body);
    const agent = g.user !== undefined && usernames.includes(g.user) ? g.user : usernames.length === 1 ? usernames[0] : undefined;
    return {
      text: wording(g, g.user ?? "someone", g.repo ?? "(unknown repository)"),
      link: link(g),
      usernames,
      agent: agent ?? null,
      objects: objects(g),
      avatar: g.user ? fedmsgAvatarUrl(g.user) : null,
      long: longForm(g, ctx),
    };
  };
}

const pullRequest = event((g, who, repo) => {
  let action = g.body.text("action") ?? "updated";
  if (action === "synchronize") action = "synchronized";
  const n = g.body.text("number") ?? g.body.text("pull_request.number") ?? "?";
  if (action === "opened") return `${who} ${action} pull request #${n} on ${repo}: ${g.body.text("pull_request.title") ?? ""}`;
  return `${who} ${action} pull request #${n} on ${repo}`;
});

const issue = event((g, who, repo) => {
  const action = g.body.has("comment") ? "commented on" : (g.body.text("action") ?? "updated");
  const n = g.body.text("number") ?? g.body.text("issue.number") ?? "?";
  if (action === "opened") return `${who} ${action} issue #${n} on ${repo}: ${g.body.text("issue.title") ?? ""}`;
  if (action === "labeled") return `${who} added label ${g.body.text("label.name") ?? ""} to issue #${n} on ${repo}`;
  return `${who} ${action} issue #${n} on ${repo}`;
});

const review = event((g, who, repo) => {
  const n = g.body.text("pull_request.number") ?? "?";
  const state = g.body.text("review.state") ?? "";
  switch (state) {
    case "pending":
      return `${who} commented on PR #${n} on ${repo} which is in pending state`;
    case "approved":
      return `${who} approved the changes on PR #${n} on ${repo}`;
    case "changes_requested":
      return `${who} requested changes on PR #${n} on ${repo}`;
    case "commented":
      return `${who} commented on PR #${n} on ${repo}`;
    default:
      // fedmsg.meta has no wording for other states (e.g. dismissed).
      return `${who} reviewed PR #${n} on ${repo}${state ? ` (${state.replace(UNDERSCORES, " ")})` : ""}`;
  }
});

/** Events fedmsg.meta has no wording for: say who did what where. */
const otherEvent = event((g, who, repo) => {
  const what = g.event.replace(UNDERSCORES, " ");
  const action = g.body.text("action");
  return action ? `${who} ${action} ${what} on ${repo}` : `${who} triggered a ${what} event on ${repo}`;
});

export default defineService({
  name: "github",
  era: "fedmsg",
  app: "github",
  icon: ICON,
  topics: {
    "github.webhook": (ctx) => ({ text: "A new github repository has been added to fedmsg", link: link(gh(ctx)), avatar: ICON }),
    "github.push": event((g, who, repo) => `${who} pushed ${g.body.list("commits").length} commit(s) to ${repo}`),
    "github.deployment_status": event(
      (g, who, repo) => `${who}'s deployment status for ${repo} updated to "${g.body.text("deployment_status.state") ?? ""}"`,
    ),
    "github.pull_request_review": review,
    "github.pull_request_review_comment": event(
      (g, who, repo) => `${who} commented on PR #${g.body.text("pull_request.number") ?? "?"} on ${repo}`,
    ),
    "github.commit_comment": event((_g, who, repo) => `${who} commented on a commit on ${repo}`),
    "github.create": event(
      (g, who, repo) => `${who} created a new ${g.body.text("ref_type") ?? "ref"} "${g.body.text("ref") ?? ""}" at ${repo}`,
    ),
    "github.delete": event(
      (g, who, repo) => `${who} deleted the "${g.body.text("ref") ?? ""}" ${g.body.text("ref_type") ?? "ref"} at ${repo}`,
    ),
    "github.fork": event((_g, who, repo) => `${who} forked ${repo}`),
    "github.status": event(
      (g, _who, repo) => `${g.body.text("description") ?? "status"} for ${repo} ${(g.body.text("sha") ?? "").slice(0, 8)}`,
    ),
    "github.watch": event((g, who, repo) => `${who} ${g.body.text("action") ?? "started"} watching ${repo}`),
    "github.star": event((g, who, repo) => `${who} ${g.body.text("action") === "started" ? "starred" : "unstarred"} ${repo}`),
    "github.release": event((g, who, repo) => {
      const name = repo.includes("/") ? repo.slice(repo.indexOf("/") + 1) : repo;
      return `${who} cut a release of ${name}, version ${g.body.text("release.tag_name") ?? "?"}`;
    }),
    "github.page_build": event((_g, who, repo) => `${who} rebuilt the github.io page for ${repo}`),
    "github.team_add": event((g, _who, repo) => `The '${g.body.text("team.slug") ?? ""}' team was added to the ${repo} repository`),
    "github.member": event((g, who, repo) => {
      const member = g.body.text("member.login") ?? "someone";
      return g.body.text("action") === "added"
        ? `${who} added ${member} as a member of ${repo}`
        : `${who} removed member ${member} from ${repo}`;
    }),
    "github.pull_request.*": pullRequest,
    "github.issue.*": issue,
    "github.**": otherEvent,
  },
});
