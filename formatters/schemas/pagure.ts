/**
 * pagure-messages: Pagure (pagure.io as `io.pagure.*`, and dist-git at
 * src.fedoraproject.org as `org.fedoraproject.*`). Every class has a one-line
 * summary and an e-mail-like long form ending in "By: <agent>".
 */
import { defineService, type Ctx, type Handler, type Result, type SchemaEntry } from "../define.js";
import type { Payload } from "../payload.js";
import { shaped } from "../util/schema-guard.js";

const PAGURE_URL = "https://pagure.io";
const PAGURE_STG_URL = "https://stg.pagure.io";

/** What a class adds to the common fields: its summary, long form and (optionally) link. */
interface Parts {
  text: string;
  long: string;
  link?: string | null;
}

type Kind = "project" | "issue" | "pullrequest" | "git" | "other";
const REQUIRED: Readonly<Record<Kind, readonly string[]>> = {
  project: ["project"],
  issue: ["issue", "project"],
  pullrequest: ["pullrequest"],
  git: ["repo"],
  other: [],
};

const agentOf = (ctx: Ctx): string | undefined => ctx.body.str("agent");
/** The agent as the subject of a sentence. */
const who = (ctx: Ctx): string => agentOf(ctx) ?? "Someone";
const by = (ctx: Ctx): string => `By: ${agentOf(ctx) ?? "unknown"}`;
const joined = (p: Payload, path: string): string =>
  p
    .list(path)
    .map((x) => x.text() ?? "")
    .join(", ");
const projectName = (ctx: Ctx): string => ctx.body.text("project.fullname") ?? "(unknown project)";
const prRef = (ctx: Ctx): string =>
  `${ctx.body.text("pullrequest.project.fullname") ?? "(unknown project)"}#${ctx.body.text("pullrequest.id") ?? "?"}`;
const issueRef = (ctx: Ctx): string => `${projectName(ctx)}#${ctx.body.text("issue.id") ?? "?"}`;
const repoName = (ctx: Ctx): string => ctx.body.text("repo.fullname") ?? "(unknown repository)";

/** `url#comment-<id>` of the newest comment, or the url alone when there is none. */
function lastComment(ctx: Ctx, obj: string): string | null {
  const url = ctx.body.str(`${obj}.full_url`);
  const id = ctx.body.get(`${obj}.comments`).at(-1).text("id");
  return url === undefined ? null : id !== undefined ? `${url}#comment-${id}` : url;
}

/** Builds the entry for one class: common users, link and packages by kind, then the class's parts. */
function entry(topic: string, kind: Kind, parts: (ctx: Ctx) => Parts): SchemaEntry {
  const handler: Handler = (ctx) => {
    const p = parts(ctx);
    const b = ctx.body;
    const agent = agentOf(ctx);
    const r: Result = { text: p.text, long: p.long, agent: agent ?? null, usernames: [agent], link: null };
    if (kind === "project") r.link = b.str("project.full_url") ?? null;
    if (kind === "issue" || kind === "pullrequest") {
      r.link = b.str(`${kind}.full_url`) ?? null;
      r.usernames = [agent, b.str(`${kind}.user.name`), b.str(`${kind}.assignee.name`)];
    }
    // Dist-git repositories under rpms/ are packages.
    if (kind === "git" && b.str("repo.namespace") === "rpms") r.packages = [b.text("repo.name")];
    if (p.link !== undefined) r.link = p.link;
    return r;
  };
  return { topics: [topic], handler: shaped(REQUIRED[kind], handler) };
}

/** The project classes all read "<verb phrase> <project>" and "By: <agent>". */
function projectEntry(
  topic: string,
  text: (ctx: Ctx, name: string) => string,
  long: (ctx: Ctx, name: string) => string,
  byWord = "By",
): SchemaEntry {
  return entry(topic, "project", (ctx) => {
    const name = projectName(ctx);
    return { text: text(ctx, name), long: `${long(ctx, name)}\n${byWord}: ${agentOf(ctx) ?? "unknown"}` };
  });
}

function issueEntry(
  topic: string,
  text: (ctx: Ctx, ref: string) => string,
  long: (ctx: Ctx, ref: string) => string,
  link?: (ctx: Ctx) => string | null,
): SchemaEntry {
  return entry(topic, "issue", (ctx) => {
    const ref = issueRef(ctx);
    return { text: text(ctx, ref), long: `${long(ctx, ref)}\n${by(ctx)}`, link: link?.(ctx) };
  });
}

function prEntry(
  topic: string,
  text: (ctx: Ctx, ref: string) => string,
  long: (ctx: Ctx, ref: string) => string,
  link?: (ctx: Ctx) => string | null,
): SchemaEntry {
  return entry(topic, "pullrequest", (ctx) => {
    const ref = prRef(ctx);
    return { text: text(ctx, ref), long: `${long(ctx, ref)}\n${by(ctx)}`, link: link?.(ctx) };
  });
}

function gitEntry(topic: string, text: (ctx: Ctx) => string, long: (ctx: Ctx) => string, link: (ctx: Ctx) => string | null): SchemaEntry {
  return entry(topic, "git", (ctx) => ({ text: text(ctx), long: long(ctx), link: link(ctx) }));
}

const repoUrl = (ctx: Ctx): string | undefined => ctx.body.str("repo.full_url");
const underRepo = (ctx: Ctx, rest: string): string | null => {
  const base = repoUrl(ctx);
  return base !== undefined ? `${base}${rest}` : null;
};
const flagUser = (ctx: Ctx): string => ctx.body.text("flag.username") ?? "someone";
const flagStatus = (ctx: Ctx): string => ctx.body.text("flag.status") ?? "unknown";
const stripHeads = (ref: string): string => ref.split("refs/heads/").join("");
const commitFlagLink = (ctx: Ctx): string | null => underRepo(ctx, `/c/${ctx.body.text("flag.commit_hash") ?? ""}`);
const mergedWord = (ctx: Ctx): string => (ctx.body.bool("merged") ? "merged" : "closed without merging");
const prTags = (ctx: Ctx): string => joined(ctx.body, "tags");

const ISSUE_TOPICS = (): Record<string, SchemaEntry> => ({
  "pagure.issue.new": issueEntry(
    "pagure.issue.new",
    (c, r) => `${who(c)} created issue ${r}: ${c.body.text("issue.title") ?? ""}`,
    (_c, r) => `New Issue: ${r}`,
  ),
  "pagure.issue.edit": issueEntry(
    "pagure.issue.edit",
    (c, r) => `${who(c)} edited fields ${joined(c.body, "fields")} of issue ${r}: ${c.body.text("issue.title") ?? ""}`,
    (_c, r) => `Edited Issue: ${r}`,
  ),
  "pagure.issue.drop": issueEntry(
    "pagure.issue.drop",
    (c, r) => `${who(c)} deleted issue ${r}: ${c.body.text("issue.title") ?? ""}`,
    (_c, r) => `Issue deleted: ${r}`,
    (c) => {
      const base = c.body.str("project.full_url");
      return base !== undefined ? `${base}/issues` : null;
    },
  ),
  "pagure.issue.assigned.added": issueEntry(
    "pagure.issue.assigned.added",
    (c, r) => `${who(c)} assigned issue ${r} to ${c.body.text("issue.assignee.name") ?? "someone"}`,
    (c, r) => `Issue: ${r} assigned to ${c.body.text("issue.assignee.name") ?? "someone"}`,
  ),
  "pagure.issue.assigned.reset": issueEntry(
    "pagure.issue.assigned.reset",
    (c, r) => `${who(c)} reset the assignee on issue ${r}`,
    (_c, r) => `Issue un-assigned: ${r}`,
  ),
  "pagure.issue.dependency.added": issueEntry(
    "pagure.issue.dependency.added",
    (c, r) => `${who(c)} set the issue ${r} as depending on #${c.body.text("added_dependency") ?? "?"}`,
    (c, r) => `Issue: ${r} depends on #${c.body.text("added_dependency") ?? "?"}`,
  ),
  "pagure.issue.dependency.removed": issueEntry(
    "pagure.issue.dependency.removed",
    (c, r) => `${who(c)} removed the dependency on #${removedDeps(c)} on the issue ${r}`,
    (c, r) => `Issue: ${r} no longer depending on #${removedDeps(c)}`,
  ),
  "pagure.issue.comment.added": issueEntry(
    "pagure.issue.comment.added",
    (c, r) => `${who(c)} commented on the issue ${r}`,
    (_c, r) => `Issue: ${r} has a new comment`,
    (c) => lastComment(c, "issue"),
  ),
  "pagure.issue.tag.added": issueEntry(
    "pagure.issue.tag.added",
    (c, r) => `${who(c)} tagged the issue ${r} with: ${joined(c.body, "tags")}`,
    (c, r) => `Issue: ${r} tagged with ${joined(c.body, "tags")}`,
  ),
  "pagure.issue.tag.removed": issueEntry(
    "pagure.issue.tag.removed",
    (c, r) => `${who(c)} removed tags ${joined(c.body, "tags")} from issue ${r}`,
    (c, r) => `Issue: ${r} un-tagged with ${joined(c.body, "tags")}`,
  ),
});

const removedDeps = (c: Ctx): string =>
  c.body
    .list("removed_dependency")
    .map((x) => x.text() ?? "?")
    .join(", #");

const PULL_REQUEST_TOPICS = (): Record<string, SchemaEntry> => ({
  "pagure.pull-request.new": prEntry(
    "pagure.pull-request.new",
    (c, r) => `${who(c)} opened a pull-request ${r}: ${c.body.text("pullrequest.title") ?? ""}`,
    (_c, r) => `New Pull-Request: ${r}`,
  ),
  "pagure.pull-request.assigned.added": prEntry(
    "pagure.pull-request.assigned.added",
    (c, r) => `${who(c)} assigned the pull-request ${r} to ${c.body.text("pullrequest.assignee.name") ?? "someone"}`,
    (_c, r) => `Pull-request ${r} was assigned`,
  ),
  "pagure.pull-request.assigned.reset": prEntry(
    "pagure.pull-request.assigned.reset",
    (c, r) => `${who(c)} reset the assignee of the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was un-assigned`,
  ),
  "pagure.pull-request.closed": prEntry(
    "pagure.pull-request.closed",
    (c, r) => `${who(c)} ${mergedWord(c)} the pull-request ${r}`,
    (c, r) => `Pull-Request: ${r} has been ${mergedWord(c)}`,
  ),
  "pagure.pull-request.reopened": prEntry(
    "pagure.pull-request.reopened",
    (c, r) => `${who(c)} re-opened the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was re-opened`,
  ),
  "pagure.pull-request.comment.added": prEntry(
    "pagure.pull-request.comment.added",
    (c, r) => `${who(c)} commented on the pull-request ${r}`,
    (_c, r) => `Pull-Request: ${r} has a new comment`,
    (c) => lastComment(c, "pullrequest"),
  ),
  "pagure.pull-request.comment.edited": prEntry(
    "pagure.pull-request.comment.edited",
    (c, r) => `${who(c)} edited comment on the pull-request ${r}`,
    (_c, r) => `Edited comment on Pull-Request: ${r}`,
    (c) => lastComment(c, "pullrequest"),
  ),
  "pagure.pull-request.initial_comment.edited": prEntry(
    "pagure.pull-request.initial_comment.edited",
    (c, r) => `${who(c)} has edited the description of the pull-request ${r}`,
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
    (c, r) => `${who(c)} rebased the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was rebased`,
  ),
  "pagure.pull-request.updated": prEntry(
    "pagure.pull-request.updated",
    (c, r) => `${who(c)} updated the pull-request ${r}`,
    (_c, r) => `Pull-request ${r} was updated`,
  ),
  "pagure.pull-request.tag.added": prEntry(
    "pagure.pull-request.tag.added",
    (c, r) => `${who(c)} tagged the pull-request ${r} with ${prTags(c)}`,
    (_c, r) => `Pull-request ${r} was tagged`,
  ),
  "pagure.pull-request.tag.removed": prEntry(
    "pagure.pull-request.tag.removed",
    (c, r) => `${who(c)} un-tagged the pull-request ${r} with: ${prTags(c)}`,
    (_c, r) => `Pull-request ${r} was un-tagged`,
  ),
});

const GIT_TOPICS = (): Record<string, SchemaEntry> => ({
  "pagure.git.branch.creation": gitEntry(
    "pagure.git.branch.creation",
    (c) => `${who(c)} created the branch ${c.body.text("branch") ?? "?"} on ${repoName(c)}`,
    (c) => `Git branch: ${c.body.text("branch") ?? "?"} created\n${by(c)}`,
    (c) => underRepo(c, `/tree/${stripHeads(c.body.text("branch") ?? "")}`),
  ),
  "pagure.git.branch.deletion": gitEntry(
    "pagure.git.branch.deletion",
    (c) => `${who(c)} deleted the branch ${c.body.text("branch") ?? "?"} on ${repoName(c)}`,
    (c) => `Git branch: ${c.body.text("branch") ?? "?"} deleted\n${by(c)}`,
    (c) => repoUrl(c) ?? null,
  ),
  "pagure.git.tag.creation": gitEntry(
    "pagure.git.tag.creation",
    (c) => `${who(c)} tagged the commit ${c.body.text("rev") ?? "?"} on ${repoName(c)} as ${c.body.text("tag") ?? "?"}`,
    (c) => `Git tag: ${c.body.text("tag") ?? "?"} created\n${by(c)}`,
    (c) => underRepo(c, `/commits/${c.body.text("tag") ?? ""}`),
  ),
  "pagure.git.tag.deletion": gitEntry(
    "pagure.git.tag.deletion",
    (c) => `${who(c)} deleted the tag ${c.body.text("tag") ?? "?"} of commit ${c.body.text("rev") ?? "?"} on ${repoName(c)}`,
    (c) => `Git tag: ${c.body.text("tag") ?? "?"} deleted\n${by(c)}`,
    (c) => underRepo(c, "/releases"),
  ),
  "pagure.git.receive": gitEntry("pagure.git.receive", pushText, pushLong, (c) => {
    const end = c.body.text("end_commit") ?? "";
    const range = c.body.num("total_commits") === 1 ? end : `${c.body.text("old_commit") ?? ""}..${end}`;
    return underRepo(c, `/c/${range}`);
  }),
});

/** "alice pushed 3 commits on rpms/foo (branch: main)"; the count is always followed by "commits". */
function pushText(c: Ctx): string {
  return `${who(c)} pushed ${c.body.text("total_commits") ?? "some"} commits on ${repoName(c)} (branch: ${stripHeads(c.body.text("branch") ?? "")})`;
}

function pushLong(c: Ctx): string {
  const author = c.body.get("authors").at(0);
  const total = c.body.num("total_commits");
  const name = author.text("fullname") ?? author.text("name") ?? agentOf(c) ?? "Someone";
  const login = author.text("name");
  return (
    `${name}${login !== undefined ? ` (${login})` : ""} ${c.body.bool("forced") ? "forced-" : ""}pushed ` +
    `${c.body.text("total_commits") ?? "some"} commit${total !== undefined && total > 1 ? "s" : ""} on ${repoName(c)}.\n` +
    `Branch: ${stripHeads(c.body.text("branch") ?? "")}\n`
  );
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
      (c, n) => `${who(c)} created project "${n}"`,
      (_c, n) => `New Project: ${n}`,
    ),
    "pagure.project.edit": projectEntry(
      "pagure.project.edit",
      (c, n) => `${who(c)} edited the fields ${joined(c.body, "fields")} of project "${n}"`,
      (_c, n) => `Project Edited: ${n}`,
    ),
    "pagure.project.forked": projectEntry(
      "pagure.project.forked",
      (c, n) => `${who(c)} forked project "${c.body.text("project.parent.fullname") ?? "(unknown)"}" to ${n}`,
      (c) => `Project: ${c.body.text("project.parent.fullname") ?? "(unknown)"}`,
      "Forked by",
    ),
    "pagure.project.deleted": projectEntry(
      "pagure.project.deleted",
      (c, n) => `${who(c)} deleted project "${n}"`,
      (_c, n) => `Project: ${n}`,
      "Deleted by",
    ),
    "pagure.project.group.added": projectEntry(
      "pagure.project.group.added",
      (c, n) =>
        `${who(c)} added the group ${c.body.text("new_group") ?? "?"} to the project "${n}" at the ${c.body.text("access") ?? "?"} level`,
      (c, n) => `Group: ${c.body.text("new_group") ?? "?"} added to ${n} as ${c.body.text("access") ?? "?"}`,
    ),
    "pagure.project.group.access.updated": projectEntry(
      "pagure.project.group.access.updated",
      (c, n) =>
        `${who(c)} updated the access of group ${c.body.text("new_group") ?? "?"} to ${c.body.text("new_access") ?? "?"} on the project "${n}"`,
      (c, n) => `Group: ${c.body.text("new_group") ?? "?"} access updated to ${c.body.text("new_access") ?? "?"} on ${n}`,
    ),
    "pagure.project.group.removed": projectEntry(
      "pagure.project.group.removed",
      (c, n) => `${who(c)} removed the group(s) ${joined(c.body, "removed_groups")} from the project "${n}"`,
      (c, n) => `Group(s) ${joined(c.body, "removed_groups")} removed from ${n}`,
    ),
    "pagure.project.tag.edited": projectEntry(
      "pagure.project.tag.edited",
      (c, n) => `${who(c)} edited the tag ${c.body.text("new_tag") ?? "?"} on the project "${n}"`,
      (c, n) => `Tag: ${c.body.text("new_tag") ?? "?"} edited on ${n}`,
    ),
    "pagure.project.tag.removed": projectEntry(
      "pagure.project.tag.removed",
      (c, n) => `${who(c)} removed the tag(s) ${joined(c.body, "tags")} of project "${n}"`,
      (c, n) => `Tag(s): ${joined(c.body, "tags")} removed from ${n}`,
    ),
    "pagure.project.user.access.updated": projectEntry(
      "pagure.project.user.access.updated",
      (c, n) =>
        `${who(c)} updated the access of ${c.body.text("new_user") ?? "?"} to ${c.body.text("new_access") ?? "?"} on the project "${n}"`,
      (c, n) => `User: ${c.body.text("new_user") ?? "?"} access edited to ${c.body.text("new_access") ?? "?"} on ${n}`,
    ),
    "pagure.project.user.added": projectEntry(
      "pagure.project.user.added",
      (c, n) => `${who(c)} added the ${c.body.text("new_user") ?? "?"} to the project "${n}"`,
      (c, n) => `User: ${c.body.text("new_user") ?? "?"} added to ${n}`,
    ),
    "pagure.project.user.removed": projectEntry(
      "pagure.project.user.removed",
      (c, n) => `${who(c)} removed the ${c.body.text("removed_user") ?? "?"} from the project "${n}"`,
      (c, n) => `User: ${c.body.text("removed_user") ?? "?"} removed from ${n}`,
    ),
    ...ISSUE_TOPICS(),
    ...PULL_REQUEST_TOPICS(),
    ...GIT_TOPICS(),
    // Other
    "pagure.commit.flag.added": entry("pagure.commit.flag.added", "other", (c) => ({
      text: `Commit ${c.body.text("flag.commit_hash") ?? "?"} of project ${repoName(c)} was flagged as ${flagStatus(c)} by ${flagUser(c)}`,
      long: `New commit flag: ${flagUser(c)} ${flagStatus(c)}\n${by(c)}`,
      link: commitFlagLink(c),
    })),
    "pagure.commit.flag.updated": entry("pagure.commit.flag.updated", "other", (c) => ({
      text: `${flagUser(c)} updated flag on commit ${c.body.text("flag.commit_hash") ?? "?"} of project ${repoName(c)} to ${flagStatus(c)}`,
      long: `New commit flag: ${flagUser(c)} ${flagStatus(c)}\n${by(c)}`,
      link: commitFlagLink(c),
    })),
    "pagure.group.edit": entry("pagure.group.edit", "other", (c) => ({
      text: `${who(c)} edited the fields ${joined(c.body, "fields")} of the group ${c.body.text("group.name") ?? "?"}`,
      long: `Group edit: ${c.body.text("group.name") ?? "?"}\n${by(c)}`,
      link: c.body.str("group.full_url") ?? null,
    })),
    "pagure.Test.notification": entry("pagure.Test.notification", "other", (c) => ({
      text: "Test notification",
      long: "Test notification",
      link: c.topic.full.includes(".stg.") ? PAGURE_STG_URL : PAGURE_URL,
    })),
  },
});
