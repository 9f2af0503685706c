/**
 * Pagure forges on the fedmsg bus: pagure.io (`io.pagure.<env>.pagure.*`) and
 * Fedora's dist-git, which is a Pagure too (`org.fedoraproject.<env>.pagure.*`).
 * Same payloads and wording, different hosts. Wording from fedmsg.meta's pagure
 * processors; the topics they left unworded (branches, tags, re-opened pull
 * requests, ...) get lines in the same style.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { isObject, Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { email2fas } from "../util/fas-email.js";
import { listToSeries, wordTable } from "../util/text.js";

const HOSTS: Readonly<Record<string, { prod: string; stg: string }>> = wordTable({
  "io.pagure": { prod: "https://pagure.io", stg: "https://stg.pagure.io" },
  "org.fedoraproject": { prod: "https://src.fedoraproject.org", stg: "https://src.stg.fedoraproject.org" },
});
const UNKNOWN = "(unknown)";
const HEADS = "refs/heads/";
/** Where a pull request sits in the payload; the key changed over Pagure's versions. */
const PR_KEYS = ["pullrequest", "pull_request", "pull-request", "request"];

/** `name`, `namespace/name`, or `fork/<user>/[namespace/]name` for a fork. */
function projectName(p: Payload): string | undefined {
  const name = p.text("name");
  if (name === undefined) return undefined;
  const ns = p.text("namespace");
  const path = ns ? `${ns}/${name}` : name;
  return p.isObject("parent") ? `fork/${p.text("user.name") ?? UNKNOWN}/${path}` : path;
}

/** What every handler needs: the project, the acting user and the forge's address. */
interface Pg {
  body: Payload;
  project: string;
  /** The `agent` field as text, read once per message. */
  agent: string | undefined;
  /** The agent as the subject of a sentence. */
  user: string;
  base: string;
}

function pg(ctx: Ctx): Pg {
  const { body } = ctx;
  const hosts = HOSTS[ctx.topic.prefix] ?? HOSTS["io.pagure"];
  const base = ctx.topic.environment === "stg" ? (hosts?.stg ?? "") : (hosts?.prod ?? "");
  const project = projectName(body.get("project")) ?? projectName(body.get("pullrequest.project")) ?? UNKNOWN;
  const agent = body.text("agent");
  return { body, project, agent, user: agent ?? "someone", base };
}

/** The pull request: the first of PR_KEYS holding an object (each key read once), else whatever `pullrequest` holds. */
function prOf(body: Payload): Payload {
  for (const k of PR_KEYS) {
    const v = body.raw(k);
    if (isObject(v)) return new Payload(v);
  }
  return body.get("pullrequest");
}

type Kind = "project" | "issue" | "pr" | "repo" | "none";

/**
 * The fields common to every pagure message, given its text, kind and link. `id` is the
 * issue's or pull request's id for those kinds, the repository's project for "repo".
 */
function result(g: Pg, kind: Kind, text: string, link: string | null, id?: string): Result {
  const { agent } = g;
  let objects: string[];
  if (kind === "project") objects = [`project/${g.project}`];
  else if (kind === "issue") objects = [`issue/${id ?? UNKNOWN}`, `project/${g.project}`];
  else if (kind === "pr") objects = [`pull-request/${id ?? UNKNOWN}`, `project/${g.project}`];
  else if (kind === "repo") objects = [`project/${id ?? UNKNOWN}`];
  else objects = [];
  return { text, link, usernames: [agent], agent: agent ?? null, objects, avatar: agent ? fedmsgAvatarUrl(agent) : null };
}

/** The `id` of the last element of the array at `path`; undefined when there is no such array or it is empty. */
function lastId(body: Payload, path: string): string | undefined {
  const v = body.raw(path);
  return Array.isArray(v) && v.length > 0 ? new Payload(v[v.length - 1]).text("id") : undefined;
}

function projectLink(g: Pg, suffix = ""): string {
  return g.project === UNKNOWN ? g.base : `${g.base}/${g.project}${suffix}`;
}

// --- projects ---------------------------------------------------------------

function project(wording: (g: Pg) => string): Handler {
  return (ctx) => {
    const g = pg(ctx);
    return result(g, "project", wording(g), projectLink(g));
  };
}

const quote = (s: string | undefined): string => s ?? UNKNOWN;

// --- issues -----------------------------------------------------------------

/** An issue class; its wording and comment anchor get the payload's `issue`, read once. */
function issue(
  wording: (g: Pg, id: string, title: string, issue: Payload) => string,
  anchor?: (g: Pg, issue: Payload) => string | undefined,
): Handler {
  return (ctx) => {
    const g = pg(ctx);
    const is = g.body.get("issue");
    const id = is.text("id") ?? UNKNOWN;
    const comment = anchor?.(g, is);
    let link = projectLink(g, `/issue/${id}`);
    if (comment !== undefined && g.project !== UNKNOWN) link += `#comment-${comment}`;
    return result(g, "issue", wording(g, id, is.text("title") ?? "", is), link, id);
  };
}

const lastIssueComment = (_g: Pg, is: Payload): string | undefined => lastId(is, "comments");

function issueEdit(g: Pg, id: string, _title: string, is: Payload): string {
  const fields = g.body.strs("fields");
  if (fields.length === 1 && fields[0] === "status") {
    return `${g.user} set the status of ticket ${g.project}#${id} to: ${is.text("status") ?? UNKNOWN}`;
  }
  return `${g.user} edited the ${listToSeries(fields)} fields of ticket ${g.project}#${id}`;
}

// --- pull requests ----------------------------------------------------------

function pullRequest(wording: (g: Pg, id: string, pr: Payload) => string, withComment = false): Handler {
  return (ctx) => {
    const g = pg(ctx);
    const pr = prOf(g.body);
    const id = pr.text("id") ?? UNKNOWN;
    let link = projectLink(g, `/pull-request/${id}`);
    if (withComment) {
      const comment = lastId(g.body, "pullrequest.comments") ?? g.body.text("comment.id");
      if (comment !== undefined && g.project !== UNKNOWN) link += `#comment-${comment}`;
    }
    return result(g, "pr", wording(g, id, pr), link, id);
  };
}

const assignee = (p: Payload): string => {
  const name = p.text("assignee.name");
  return name ? ` to ${name}` : "";
};

// --- git and commits --------------------------------------------------------

function branchName(s: string | undefined): string {
  return (s ?? UNKNOWN).replace(HEADS, "");
}

function gitReceive(ctx: Ctx): Result {
  const g = pg(ctx);
  const c = g.body.get("commit");
  if (c.isObject()) {
    // The first message format: one message per commit, the pusher known by e-mail.
    const repo = projectName(c.get("repo")) ?? UNKNOWN;
    const email = c.text("email") ?? "";
    const user = (email && email2fas(ctx, email)) || email || "someone";
    let summary = c.text("summary") ?? "";
    if (summary.trim() !== (c.text("message") ?? summary).trim()) summary += " (..more)";
    const rev = c.text("rev") ?? "";
    const r = result(
      g,
      "repo",
      `${user} pushed to ${repo} (${branchName(c.text("branch"))}). "${summary}"`,
      `${g.base}/${repo}/${rev}`,
      repo,
    );
    const account = g.agent ?? (user.includes("@") ? undefined : user);
    r.usernames = [account];
    r.agent = account ?? null;
    return r;
  }
  const repo = projectName(g.body.get("repo")) ?? UNKNOWN;
  const n = g.body.text("total_commits") ?? "?";
  const branch = branchName(g.body.text("branch"));
  const text = `${g.user} pushed ${n} ${n === "1" ? "commit" : "commits"} to ${repo} (${branch})`;
  return result(g, "repo", text, `${g.base}/${repo}/tree/${branch}`, repo);
}

/** Branch and tag events, which fedmsg.meta left unworded. */
function gitRef(wording: (g: Pg, repo: string) => string, suffix: (g: Pg) => string): Handler {
  return (ctx) => {
    const g = pg(ctx);
    const repo = projectName(g.body.get("repo")) ?? UNKNOWN;
    return result(g, "repo", wording(g, repo), `${g.base}/${repo}${suffix(g)}`, repo);
  };
}

function commitFlag(verb: string): Handler {
  return (ctx) => {
    const g = pg(ctx);
    const repo = projectName(g.body.get("repo")) ?? UNKNOWN;
    const hash = g.body.text("flag.commit_hash") ?? "";
    const who = g.body.text("flag.username") ?? "someone";
    const text = `${who} ${verb} on the commit ${hash.slice(0, 8)} of the project ${repo}`;
    return result(g, "repo", text, `${g.base}/${repo}/c/${hash}`, repo);
  };
}

const tags = (g: Pg): string => listToSeries(g.body.strs("tags"));

export default defineService({
  name: "pagure",
  era: "fedmsg",
  app: "pagure",
  icon: "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png",
  prefixes: ["io.pagure", "org.fedoraproject"],
  topics: {
    "pagure.project.new": project((g) => `${g.user} created a new project "${g.project}"`),
    "pagure.project.edit": project((g) => `${g.user} edited the ${listToSeries(g.body.strs("fields"))} fields of project ${g.project}`),
    "pagure.project.forked": project((g) => `${g.user} forked ${quote(g.body.text("project.parent.name"))} to ${g.project}`),
    "pagure.project.deleted": (ctx) => {
      const g = pg(ctx);
      return result(g, "project", `${g.user} deleted the project "${g.project}"`, g.base);
    },
    "pagure.project.group.added": project((g) => {
      const access = g.body.text("access");
      return `${g.user} added group "${quote(g.body.text("new_group"))}" to project ${g.project}${access ? ` with ${access} access` : ""}`;
    }),
    "pagure.project.group.access.updated": project(
      (g) =>
        `${g.user} updated access of group "${quote(g.body.text("new_group"))}" to ${quote(g.body.text("new_access"))} on project ${g.project}`,
    ),
    "pagure.project.group.removed": project((g) => {
      const groups = g.body.strs("removed_groups");
      return `${g.user} removed the ${listToSeries(groups)} ${groups.length === 1 ? "group" : "groups"} from the project ${g.project}`;
    }),
    "pagure.project.user.added": project((g) => {
      const access = g.body.text("access");
      return `${g.user} added "${quote(g.body.text("new_user"))}" to project ${g.project}${access ? ` with ${access} access` : ""}`;
    }),
    "pagure.project.user.access.updated": project(
      (g) =>
        `${g.user} updated access of "${quote(g.body.text("new_user"))}" to ${quote(g.body.text("new_access"))} in project ${g.project}`,
    ),
    "pagure.project.user.removed": project(
      (g) => `${g.user} removed "${quote(g.body.text("removed_user"))}" from the project ${g.project}`,
    ),
    "pagure.project.tag.removed": project((g) => `${g.user} removed tags "${tags(g)}" from project ${g.project}`),
    "pagure.project.tag.edited": project(
      (g) => `${g.user} altered tags on project ${g.project} from "${quote(g.body.text("old_tag"))}" to "${quote(g.body.text("new_tag"))}"`,
    ),

    "pagure.issue.new": issue((g, id, title) => `${g.user} opened a new ticket ${g.project}#${id}: "${title}"`),
    "pagure.issue.drop": issue((g, id, title) => `${g.user} deleted ticket ${g.project}#${id}: "${title}"`),
    "pagure.issue.edit": issue(issueEdit),
    "pagure.issue.comment.added": issue((g, id, title) => `${g.user} commented on ticket ${g.project}#${id}: "${title}"`, lastIssueComment),
    "pagure.issue.comment.edited": issue(
      (g, id, title) => `${g.user} edited a comment on ticket ${g.project}#${id}: "${title}"`,
      (g) => g.body.text("comment.id"),
    ),
    "pagure.issue.tag.added": issue((g, id) => `${g.user} tagged ticket ${g.project}#${id}: ${tags(g)}`),
    "pagure.issue.tag.removed": issue((g, id) => `${g.user} removed the ${tags(g)} tags from ticket ${g.project}#${id}`),
    "pagure.issue.assigned.added": issue((g, id, _title, is) => `${g.user} assigned ticket ${g.project}#${id}${assignee(is)}`),
    "pagure.issue.assigned.reset": issue((g, id) => `${g.user} reset the assignee of ticket ${g.project}#${id}`),
    "pagure.issue.dependency.added": issue(
      (g, id) =>
        `${g.user} added ticket ${g.project}#${id} as a dependency of ticket ${g.project}#${quote(g.body.text("added_dependency"))}`,
    ),
    "pagure.issue.dependency.removed": issue(
      (g, id) =>
        `${g.user} removed ticket ${g.project}#${id} as a dependency of ticket ${g.project}#${quote(g.body.text("removed_dependency"))}`,
    ),

    "pagure.pull-request.new": pullRequest(
      (g, id, pr) => `${g.user} opened pull request #${id} on ${g.project}: ${pr.text("title") ?? ""}`,
    ),
    // Merged when `merged` is truthy, whatever its type.
    "pagure.pull-request.closed": pullRequest((g, id) =>
      g.body.raw("merged")
        ? `${g.user} merged pull request #${id} on ${g.project}`
        : `${g.user} closed (without merging) pull request #${id} on ${g.project}`,
    ),
    "pagure.pull-request.reopened": pullRequest((g, id) => `${g.user} reopened pull request #${id} on ${g.project}`),
    "pagure.pull-request.comment.added": pullRequest((g, id) => `${g.user} commented on PR #${id} on ${g.project}`, true),
    "pagure.pull-request.comment.edited": pullRequest((g, id) => `${g.user} edited a comment on PR #${id} on ${g.project}`, true),
    "pagure.pull-request.initial_comment.edited": pullRequest((g, id) => `${g.user} edited the description of PR #${id} on ${g.project}`),
    "pagure.pull-request.updated": pullRequest((_g, id) => `Pull-request #${id} has been updated`),
    "pagure.pull-request.rebased": pullRequest((_g, id) => `Pull-request #${id} has been rebased`),
    "pagure.pull-request.flag.added": pullRequest(
      (g, id) => `${g.body.text("flag.username") ?? "someone"} flagged ${g.project}#${id} with "${g.body.text("flag.comment") ?? ""}"`,
    ),
    "pagure.pull-request.flag.updated": pullRequest(
      (g, id) =>
        `${g.body.text("flag.username") ?? "someone"} updated the flags on ${g.project}#${id} with: "${g.body.text("flag.comment") ?? ""}"`,
    ),
    "pagure.pull-request.tag.added": pullRequest((g, id) => `${g.user} tagged pull-request ${g.project}#${id}: ${tags(g)}`),
    "pagure.pull-request.tag.removed": pullRequest((g, id) => `${g.user} removed the ${tags(g)} tags from pull-request ${g.project}#${id}`),
    "pagure.pull-request.assigned.added": pullRequest((g, id, pr) => `${g.user} assigned PR ${g.project}#${id}${assignee(pr)}`),
    "pagure.pull-request.assigned.reset": pullRequest((g, id) => `${g.user} reset the assignee of PR ${g.project}#${id}`),
    "pagure.request.assigned.added": pullRequest((g, id, pr) => `${g.user} assigned PR ${g.project}#${id}${assignee(pr)}`),
    "pagure.request.assigned.reset": pullRequest((g, id) => `${g.user} reset the assignee of PR ${g.project}#${id}`),

    "pagure.git.receive": gitReceive,
    "pagure.git.branch.creation": gitRef(
      (g, repo) => `${g.user} created the branch ${branchName(g.body.text("branch"))} on ${repo}`,
      (g) => `/tree/${branchName(g.body.text("branch"))}`,
    ),
    "pagure.git.branch.deletion": gitRef(
      (g, repo) => `${g.user} deleted the branch ${branchName(g.body.text("branch"))} on ${repo}`,
      () => "",
    ),
    "pagure.git.tag.creation": gitRef(
      (g, repo) => `${g.user} tagged the commit ${(g.body.text("rev") ?? "").slice(0, 8)} on ${repo} as ${quote(g.body.text("tag"))}`,
      (g) => `/commits/${g.body.text("tag") ?? ""}`,
    ),
    "pagure.git.tag.deletion": gitRef(
      (g, repo) => `${g.user} deleted the tag ${quote(g.body.text("tag"))} on ${repo}`,
      () => "/releases",
    ),
    "pagure.commit.flag.added": commitFlag("added a flag"),
    "pagure.commit.flag.updated": commitFlag("updated its flag"),
    "pagure.group.edit": (ctx) => {
      const g = pg(ctx);
      const group = g.body.text("group.name") ?? UNKNOWN;
      const text = `${g.user} edited the ${listToSeries(g.body.strs("fields"))} fields of group ${group}`;
      return result(g, "none", text, `${g.base}/group/${group}`);
    },
  },
});
