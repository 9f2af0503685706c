/**
 * pagure-messages: Pagure (pagure.io as `io.pagure.*`, and dist-git at
 * src.fedoraproject.org as `org.fedoraproject.*`). Every class has a one-line
 * summary and an e-mail-like long form ending in "By: <agent>".
 */
import { defineService, type Ctx, type Handler, type Result, type SchemaEntry } from "../define.js";
import { Payload } from "../payload.js";
import { shaped } from "../util/schema-guard.js";

const PAGURE_URL = "https://pagure.io";
const PAGURE_STG_URL = "https://stg.pagure.io";

/** What a class adds to the common fields: its summary, long form and (optionally) link. */
interface Parts {
  text: string;
  long: string;
  link?: string | null;
}

/** One message as the wording sees it: the payload, with the agent read once. */
interface Msg {
  readonly ctx: Ctx;
  readonly body: Payload;
  /** The `agent` field when it is a string. */
  readonly agent: string | undefined;
  /** The agent as the subject of a sentence. */
  readonly who: string;
  /**
   * What the class is about, read once: the `project`, `issue` or `pullrequest` of those kinds,
   * the `repo` of a git or commit class; missing for the other classes.
   */
  readonly obj: Payload;
}

type Kind = "project" | "issue" | "pullrequest" | "git" | "commit" | "other";
const REQUIRED: Readonly<Record<Kind, readonly string[]>> = {
  project: ["project"],
  issue: ["issue", "project"],
  pullrequest: ["pullrequest"],
  git: ["repo"],
  commit: [],
  other: [],
};
/** `Msg.obj` of the classes without one. */
const NO_OBJECT = new Payload(undefined);
/** The key of each kind's object (`Msg.obj`). */
const OBJECT_KEY: Readonly<Record<Kind, string | undefined>> = {
  project: "project",
  issue: "issue",
  pullrequest: "pullrequest",
  git: "repo",
  commit: "repo",
  other: undefined,
};

const by = (m: Msg): string => `By: ${m.agent ?? "unknown"}`;

/**
 * The elements of the array at `path` as text (`missing` for one that is no scalar), joined by
 * `sep`; "" when there is no array. One pass over the array, no intermediate arrays.
 */
function joinTexts(p: Payload, path: string, sep: string, missing: string): string {
  const v = p.raw(path);
  if (!Array.isArray(v)) return "";
  let s = "";
  for (let i = 0; i < v.length; i++) {
    const t = new Payload(v[i]).text() ?? missing;
    s = i === 0 ? t : s + sep + t;
  }
  return s;
}
const joined = (p: Payload, path: string): string => joinTexts(p, path, ", ", "");
const projectName = (m: Msg): string => m.body.text("project.fullname") ?? "(unknown project)";
/** `<project>#<id>` of a pull-request class. */
const prRef = (m: Msg): string => `${m.obj.text("project.fullname") ?? "(unknown project)"}#${m.obj.text("id") ?? "?"}`;
/** `<project>#<id>` of an issue class. */
const issueRef = (m: Msg): string => `${projectName(m)}#${m.obj.text("id") ?? "?"}`;
/** The repository's full name, in a git or commit class. */
const repoName = (m: Msg): string => m.obj.text("fullname") ?? "(unknown repository)";

/** The link to the newest comment of an issue or pull request: `url#comment-<id>`, the url alone when there is none. */
function lastComment(m: Msg): string | null {
  const url = m.obj.str("full_url");
  if (url === undefined) return null;
  const id = m.obj.get("comments").at(-1).text("id");
  return id !== undefined ? `${url}#comment-${id}` : url;
}

/** Builds the entry for one class: common users, link and packages by kind, then the class's parts. */
function entry(topic: string, kind: Kind, parts: (m: Msg) => Parts): SchemaEntry {
  const key = OBJECT_KEY[kind];
  const person = kind === "issue" || kind === "pullrequest";
  const linked = kind === "project" || person;
  const handler: Handler = (ctx) => {
    const b = ctx.body;
    const agent = b.str("agent");
    const obj = key !== undefined ? b.get(key) : NO_OBJECT;
    const p = parts({ ctx, body: b, agent, who: agent ?? "Someone", obj });
    // The class's own link wins; else the object's page for the kinds that have one.
    const link = p.link !== undefined ? p.link : linked ? (obj.str("full_url") ?? null) : null;
    const usernames = person ? [agent, obj.str("user.name"), obj.str("assignee.name")] : [agent];
    const r: Result = { text: p.text, long: p.long, agent: agent ?? null, usernames, link };
    // Dist-git repositories under rpms/ are packages.
    if (kind === "git" && obj.str("namespace") === "rpms") r.packages = [obj.text("name")];
    return r;
  };
  return { topics: [topic], handler: shaped(REQUIRED[kind], handler) };
}

/** The project classes all read "<verb phrase> <project>" and "By: <agent>". */
function projectEntry(
  topic: string,
  text: (m: Msg, name: string) => string,
  long: (m: Msg, name: string) => string,
  byWord = "By",
): SchemaEntry {
  return entry(topic, "project", (m) => {
    const name = projectName(m);
    return { text: text(m, name), long: `${long(m, name)}\n${byWord}: ${m.agent ?? "unknown"}` };
  });
}

function issueEntry(
  topic: string,
  text: (m: Msg, ref: string) => string,
  long: (m: Msg, ref: string) => string,
  link?: (m: Msg) => string | null,
): SchemaEntry {
  return entry(topic, "issue", (m) => {
    const ref = issueRef(m);
    return { text: text(m, ref), long: `${long(m, ref)}\n${by(m)}`, link: link?.(m) };
  });
}

function prEntry(
  topic: string,
  text: (m: Msg, ref: string) => string,
  long: (m: Msg, ref: string) => string,
  link?: (m: Msg) => string | null,
): SchemaEntry {
  return entry(topic, "pullrequest", (m) => {
    const ref = prRef(m);
    return { text: text(m, ref), long: `${long(m, ref)}\n${by(m)}`, link: link?.(m) };
  });
}

function gitEntry(topic: string, text: (m: Msg) => string, long: (m: Msg) => string, link: (m: Msg) => string | null): SchemaEntry {
  return entry(topic, "git", (m) => ({ text: text(m), long: long(m), link: link(m) }));
}

/** The repository's page, in a git or commit class. */
const repoUrl = (m: Msg): string | undefined => m.obj.str("full_url");
const underRepo = (m: Msg, rest: string): string | null => {
  const base = repoUrl(m);
  return base !== undefined ? `${base}${rest}` : null;
};
const flagUser = (m: Msg): string => m.body.text("flag.username") ?? "someone";
const flagStatus = (m: Msg): string => m.body.text("flag.status") ?? "unknown";
const HEADS = "refs/heads/";
/** `ref` without any "refs/heads/" in it; most refs are branch names already and come back as they are. */
const stripHeads = (ref: string): string => (ref.includes(HEADS) ? ref.replaceAll(HEADS, "") : ref);
const commitFlagLink = (m: Msg): string | null => underRepo(m, `/c/${m.body.text("flag.commit_hash") ?? ""}`);
const mergedWord = (m: Msg): string => (m.body.bool("merged") ? "merged" : "closed without merging");
const prTags = (m: Msg): string => joined(m.body, "tags");

const ISSUE_TOPICS = (): Record<string, SchemaEntry> => ({
  "pagure.issue.new": issueEntry(
    "pagure.issue.new",
    (c, r) => `${c.who} created issue ${r}: ${c.obj.text("title") ?? ""}`,
    (_c, r) => `New Issue: ${r}`,
  ),
  "pagure.issue.edit": issueEntry(
    "pagure.issue.edit",
    (c, r) => `${c.who} edited fields ${joined(c.body, "fields")} of issue ${r}: ${c.obj.text("title") ?? ""}`,
    (_c, r) => `Edited Issue: ${r}`,
  ),
  "pagure.issue.drop": issueEntry(
    "pagure.issue.drop",
    (c, r) => `${c.who} deleted issue ${r}: ${c.obj.text("title") ?? ""}`,
    (_c, r) => `Issue deleted: ${r}`,
    (c) => {
      const base = c.body.str("project.full_url");
      return base !== undefined ? `${base}/issues` : null;
    },
  ),
  "pagure.issue.assigned.added": issueEntry(
    "pagure.issue.assigned.added",
    (c, r) => `${c.who} assigned issue ${r} to ${c.obj.text("assignee.name") ?? "someone"}`,
    (c, r) => `Issue: ${r} assigned to ${c.obj.text("assignee.name") ?? "someone"}`,
  ),
  "pagure.issue.assigned.reset": issueEntry(
    "pagure.issue.assigned.reset",
    (c, r) => `${c.who} reset the assignee on issue ${r}`,
    (_c, r) => `Issue un-assigned: ${r}`,
  ),
  "pagure.issue.dependency.added": issueEntry(
    "pagure.issue.dependency.added",
    (c, r) => `${c.who} set the issue ${r} as depending on #${c.body.text("added_dependency") ?? "?"}`,
    (c, r) => `Issue: ${r} depends on #${c.body.text("added_dependency") ?? "?"}`,
  ),
  "pagure.issue.dependency.removed": issueEntry(
    "pagure.issue.dependency.removed",
    (c, r) => `${c.who} removed the dependency on #${removedDeps(c)} on the issue ${r}`,
    (c, r) => `Issue: ${r} no longer depending on #${removedDeps(c)}`,
  ),
  "pagure.issue.comment.added": issueEntry(
    "pagure.issue.comment.added",
    (c, r) => `${c.who} commented on the issue ${r}`,
    (_c, r) => `Issue: ${r} has a new comment`,
    lastComment,
  ),
  "pagure.issue.tag.added": issueEntry(
    "pagure.issue.tag.added",
    (c, r) => `${c.who} tagged the issue ${r} with: ${joined(c.body, "tags")}`,
    (c, r) => `Issue: ${r} tagged with ${joined(c.body, "tags")}`,
  ),
  "pagure.issue.tag.removed": issueEntry(
    "pagure.issue.tag.removed",
    (c, r) => `${c.who} removed tags ${joined(c.body, "tags")} from issue ${r}`,
    (c, r) => `Issue: ${r} un-tagged with ${joined(c.body, "tags")}`,
  ),
});

const removedDeps = (c: Msg): string => joinTexts(c.body, "removed_dependency", ", #", "?");

const PULL_REQUEST_TOPICS = (): Record<string, SchemaEntry> => ({
  "pagure.pull-request.new": prEntry(
    "pagure.pull-request.new",
    (c, r) => `${c.who} opened a pull-request ${r}: ${c.obj.text("title") ?? ""}`,
    (_c, r) => `New Pull-Request: ${r}`,
  ),
  "pagure.pull-request.assigned.added": prEntry(
    "pagure.pull-request.assigned.added",
    (c, r) => `${c.who} assigned the pull-request ${r} to ${c.obj.text("assignee.name") ?? "someone"}`,
    (_c, r) => `Pull-request ${r} was assigned`,
  ),
  "pagure.pull-request.assigned.reset": prEntry(
    "pagure.pull-request.assigned.reset",
    (c, r) => `${c.who} reset the assignee of the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was un-assigned`,
  ),
  "pagure.pull-request.closed": prEntry(
    "pagure.pull-request.closed",
    (c, r) => `${c.who} ${mergedWord(c)} the pull-request ${r}`,
    (c, r) => `Pull-Request: ${r} has been ${mergedWord(c)}`,
  ),
  "pagure.pull-request.reopened": prEntry(
    "pagure.pull-request.reopened",
    (c, r) => `${c.who} re-opened the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was re-opened`,
  ),
  "pagure.pull-request.comment.added": prEntry(
    "pagure.pull-request.comment.added",
    (c, r) => `${c.who} commented on the pull-request ${r}`,
    (_c, r) => `Pull-Request: ${r} has a new comment`,
    lastComment,
  ),
  "pagure.pull-request.comment.edited": prEntry(
    "pagure.pull-request.comment.edited",
    (c, r) => `${c.who} edited comment on the pull-request ${r}`,
    (_c, r) => `Edited comment on Pull-Request: ${r}`,
    lastComment,
  ),
  "pagure.pull-request.initial_comment.edited": prEntry(
    "pagure.pull-request.initial_comment.edited",
    (c, r) => `${c.who} has edited the description of the pull-request ${r}`,
    (_c, r) => `Description of pull-request ${r} edited`,
  ),
  "pagure.pull-request.flag.added": prEntry(
    "pagure.pull-request.flag.added",
    (c, r) => `Pull-request ${r} was flagged as ${flagStatus(c)} by ${flagUser(c)}`,
    (c) => `New pull-request flag: ${flagUser(c)} ${flagStatus(c)}`,
  ),
  "pagure.pull-request.flag.updated": prEntry(
    "pagure.pull-request.flag.updated",
    (c, r) => `${flagUser(c)} updated flag on pull-request ${r} to ${flagStatus(c)}`,
    (c) => `Pull-request flag updated: ${flagUser(c)} ${flagStatus(c)}`,
  ),
  "pagure.pull-request.rebased": prEntry(
    "pagure.pull-request.rebased",
    (c, r) => `${c.who} rebased the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was rebased`,
  ),
  "pagure.pull-request.updated": prEntry(
    "pagure.pull-request.updated",
    (c, r) => `${c.who} updated the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was updated`,
  ),
  "pagure.pull-request.tag.added": prEntry(
    "pagure.pull-request.tag.added",
    (c, r) => `${c.who} tagged the pull-request ${r} with ${prTags(c)}`,
    (_c, r) => `Pull-request ${r} was tagged`,
  ),
  "pagure.pull-request.tag.removed": prEntry(
    "pagure.pull-request.tag.removed",
    (c, r) => `${c.who} un-tagged the pull-request ${r} with: ${prTags(c)}`,
    (_c, r) => `Pull-request ${r} was un-tagged`,
  ),
});

const GIT_TOPICS = (): Record<string, SchemaEntry> => ({
  "pagure.git.branch.creation": gitEntry(
    "pagure.git.branch.creation",
    (c) => `${c.who} created the branch ${c.body.text("branch") ?? "?"} on ${repoName(c)}`,
    (c) => `Git branch: ${c.body.text("branch") ?? "?"} created\n${by(c)}`,
    (c) => underRepo(c, `/tree/${stripHeads(c.body.text("branch") ?? "")}`),
  ),
  "pagure.git.branch.deletion": gitEntry(
    "pagure.git.branch.deletion",
    (c) => `${c.who} deleted the branch ${c.body.text("branch") ?? "?"} on ${repoName(c)}`,
    (c) => `Git branch: ${c.body.text("branch") ?? "?"} deleted\n${by(c)}`,
    (c) => repoUrl(c) ?? null,
  ),
  "pagure.git.tag.creation": gitEntry(
    "pagure.git.tag.creation",
    (c) => `${c.who} tagged the commit ${c.body.text("rev") ?? "?"} on ${repoName(c)} as ${c.body.text("tag") ?? "?"}`,
    (c) => `Git tag: ${c.body.text("tag") ?? "?"} created\n${by(c)}`,
    (c) => underRepo(c, `/commits/${c.body.text("tag") ?? ""}`),
  ),
  "pagure.git.tag.deletion": gitEntry(
    "pagure.git.tag.deletion",
    (c) => `${c.who} deleted the tag ${c.body.text("tag") ?? "?"} of commit ${c.body.text("rev") ?? "?"} on ${repoName(c)}`,
    (c) => `Git tag: ${c.body.text("tag") ?? "?"} deleted\n${by(c)}`,
    (c) => underRepo(c, "/releases"),
  ),
  "pagure.git.receive": entry("pagure.git.receive", "git", push),
});

/**
 * A push: "alice pushed 3 commits on rpms/foo (branch: main)" (the count is always followed by
 * "commits"), a long form naming the first author, and a link to the pushed commit or range. The
 * count, repository and branch are read once for all three.
 */
function push(c: Msg): Parts {
  const b = c.body;
  const count = b.text("total_commits") ?? "some";
  const total = b.num("total_commits");
  const repo = repoName(c);
  const branch = stripHeads(b.text("branch") ?? "");
  const author = b.get("authors").at(0);
  const login = author.text("name");
  const name = author.text("fullname") ?? login ?? c.agent ?? "Someone";
  const end = b.text("end_commit") ?? "";
  const range = total === 1 ? end : `${b.text("old_commit") ?? ""}..${end}`;
  return {
    text: `${c.who} pushed ${count} commits on ${repo} (branch: ${branch})`,
    long:
      `${name}${login !== undefined ? ` (${login})` : ""} ${b.bool("forced") ? "forced-" : ""}pushed ` +
      `${count} commit${total !== undefined && total > 1 ? "s" : ""} on ${repo}.\nBranch: ${branch}\n`,
    link: underRepo(c, `/c/${range}`),
  };
}

export default defineService({
  name: "pagure",
  era: "fedora-messaging",
  app: "Pagure",
  icon: "https://apps.fedoraproject.org/img/icons/pagure.png",
  schemas: {
    // Projects
    "pagure.project.new": projectEntry(
      "pagure.project.new",
      (c, n) => `${c.who} created project "${n}"`,
      (_c, n) => `New Project: ${n}`,
    ),
    "pagure.project.edit": projectEntry(
      "pagure.project.edit",
      (c, n) => `${c.who} edited the fields ${joined(c.body, "fields")} of project "${n}"`,
      (_c, n) => `Project Edited: ${n}`,
    ),
    "pagure.project.forked": projectEntry(
      "pagure.project.forked",
      (c, n) => `${c.who} forked project "${c.body.text("project.parent.fullname") ?? "(unknown)"}" to ${n}`,
      (c) => `Project: ${c.body.text("project.parent.fullname") ?? "(unknown)"}`,
      "Forked by",
    ),
    "pagure.project.deleted": projectEntry(
      "pagure.project.deleted",
      (c, n) => `${c.who} deleted project "${n}"`,
      (_c, n) => `Project: ${n}`,
      "Deleted by",
    ),
    "pagure.project.group.added": projectEntry(
      "pagure.project.group.added",
      (c, n) =>
        `${c.who} added the group ${c.body.text("new_group") ?? "?"} to the project "${n}" at the ${c.body.text("access") ?? "?"} level`,
      (c, n) => `Group: ${c.body.text("new_group") ?? "?"} added to ${n} as ${c.body.text("access") ?? "?"}`,
    ),
    "pagure.project.group.access.updated": projectEntry(
      "pagure.project.group.access.updated",
      (c, n) =>
        `${c.who} updated the access of group ${c.body.text("new_group") ?? "?"} to ${c.body.text("new_access") ?? "?"} on the project "${n}"`,
      (c, n) => `Group: ${c.body.text("new_group") ?? "?"} access updated to ${c.body.text("new_access") ?? "?"} on ${n}`,
    ),
    "pagure.project.group.removed": projectEntry(
      "pagure.project.group.removed",
      (c, n) => `${c.who} removed the group(s) ${joined(c.body, "removed_groups")} from the project "${n}"`,
      (c, n) => `Group(s) ${joined(c.body, "removed_groups")} removed from ${n}`,
    ),
    "pagure.project.tag.edited": projectEntry(
      "pagure.project.tag.edited",
      (c, n) => `${c.who} edited the tag ${c.body.text("new_tag") ?? "?"} on the project "${n}"`,
      (c, n) => `Tag: ${c.body.text("new_tag") ?? "?"} edited on ${n}`,
    ),
    "pagure.project.tag.removed": projectEntry(
      "pagure.project.tag.removed",
      (c, n) => `${c.who} removed the tag(s) ${joined(c.body, "tags")} of project "${n}"`,
      (c, n) => `Tag(s): ${joined(c.body, "tags")} removed from ${n}`,
    ),
    "pagure.project.user.access.updated": projectEntry(
      "pagure.project.user.access.updated",
      (c, n) =>
        `${c.who} updated the access of ${c.body.text("new_user") ?? "?"} to ${c.body.text("new_access") ?? "?"} on the project "${n}"`,
      (c, n) => `User: ${c.body.text("new_user") ?? "?"} access edited to ${c.body.text("new_access") ?? "?"} on ${n}`,
    ),
    "pagure.project.user.added": projectEntry(
      "pagure.project.user.added",
      (c, n) => `${c.who} added the ${c.body.text("new_user") ?? "?"} to the project "${n}"`,
      (c, n) => `User: ${c.body.text("new_user") ?? "?"} added to ${n}`,
    ),
    "pagure.project.user.removed": projectEntry(
      "pagure.project.user.removed",
      (c, n) => `${c.who} removed the ${c.body.text("removed_user") ?? "?"} from the project "${n}"`,
      (c, n) => `User: ${c.body.text("removed_user") ?? "?"} removed from ${n}`,
    ),
    ...ISSUE_TOPICS(),
    ...PULL_REQUEST_TOPICS(),
    ...GIT_TOPICS(),
    // Other
    "pagure.commit.flag.added": entry("pagure.commit.flag.added", "commit", (c) => ({
      text: `Commit ${c.body.text("flag.commit_hash") ?? "?"} of project ${repoName(c)} was flagged as ${flagStatus(c)} by ${flagUser(c)}`,
      long: `New commit flag: ${flagUser(c)} ${flagStatus(c)}\n${by(c)}`,
      link: commitFlagLink(c),
    })),
    "pagure.commit.flag.updated": entry("pagure.commit.flag.updated", "commit", (c) => ({
      text: `${flagUser(c)} updated flag on commit ${c.body.text("flag.commit_hash") ?? "?"} of project ${repoName(c)} to ${flagStatus(c)}`,
      long: `New commit flag: ${flagUser(c)} ${flagStatus(c)}\n${by(c)}`,
      link: commitFlagLink(c),
    })),
    "pagure.group.edit": entry("pagure.group.edit", "other", (c) => ({
      text: `${c.who} edited the fields ${joined(c.body, "fields")} of the group ${c.body.text("group.name") ?? "?"}`,
      long: `Group edit: ${c.body.text("group.name") ?? "?"}\n${by(c)}`,
      link: c.body.str("group.full_url") ?? null,
    })),
    "pagure.Test.notification": entry("pagure.Test.notification", "other", (c) => ({
      text: "Test notification",
      long: "Test notification",
      link: c.ctx.topic.full.includes(".stg.") ? PAGURE_STG_URL : PAGURE_URL,
    })),
  },
});
