/**
 * Long forms of the forge events relayed by webhook-to-fedora-messaging
 * (GitHub, Forgejo, GitLab): "Event: Push\nRepository: ...\n..." blocks, one
 * line per fact, as the relay's schema package prints them. The payload is the
 * forge's own webhook JSON.
 */
import type { Payload } from "../payload.js";

export type Forge = "github" | "forgejo" | "gitlab";

export const UNSUPPORTED = "Event type not supported";

// Python's str.splitlines() boundaries, for a commit message's first line.
const LINE_BREAK_RE = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const ACTION_RUN_EVENTS: ReadonlySet<string> = new Set([
  "action_run_success",
  "action_run_failure",
  "action_run_recover",
  "action_run_cancelled",
]);

/** "name (url)"; either part alone when the other is missing. */
function named(name: string | undefined, url: string | undefined): string {
  if (name !== undefined && url !== undefined) return `${name} (${url})`;
  return name ?? url ?? "unknown";
}

/** A person as the forge names them: GitHub by login, Forgejo by full name (else login), GitLab by username. */
function person(forge: Forge, p: Payload): string | undefined {
  if (forge === "gitlab") return p.text("username");
  if (forge === "forgejo") return p.text("full_name") || p.text("login");
  return p.text("login");
}

function repository(forge: Forge, data: Payload): string {
  const repo = data.get("repository");
  return forge === "gitlab" ? named(repo.text("name"), repo.text("homepage")) : named(repo.text("full_name"), repo.text("html_url"));
}

function commitLines(data: Payload): string {
  return data
    .list("commits")
    .map((c) => {
      const first = (c.text("message") ?? "").split(LINE_BREAK_RE, 1)[0] ?? "";
      return `- ${(c.text("id") ?? "").slice(0, 7)}: ${first} by ${c.text("author.name") ?? "unknown"} (${c.text("url") ?? ""})`;
    })
    .join("\n");
}

function push(forge: Forge, data: Payload): string {
  let pusher: string;
  if (forge === "forgejo") pusher = named(person(forge, data.get("pusher")), data.text("pusher.html_url"));
  else {
    const name = forge === "gitlab" ? data.text("user_username") : data.text("pusher.name");
    pusher = named(name, name !== undefined ? `https://${forge}.com/${name}` : undefined);
  }
  const branch = (data.text("ref") ?? "").split("/").pop() ?? "";
  return `Event: Push\nRepository: ${repository(forge, data)}\nPusher: ${pusher}\nBranch: ${branch}\nCommits:\n${commitLines(data)}`;
}

function fork(forge: Forge, data: Payload): string {
  const forkee = data.get("forkee");
  return (
    `Event: Fork\nRepository: ${repository(forge, data)}\nForkee: ${named(forkee.text("full_name"), forkee.text("html_url"))}\n` +
    `Owner: ${named(person(forge, forkee.get("owner")), forkee.text("owner.html_url"))}`
  );
}

/** Pull requests (GitHub, Forgejo) and merge requests (GitLab) share one layout. */
function changeRequest(forge: Forge, data: Payload): string {
  const gl = forge === "gitlab";
  const pr = gl ? data.get("object_attributes") : data.get("pull_request");
  const reviewers = (gl ? data.list("reviewers") : pr.list("requested_reviewers")).map((r) => person(forge, r) ?? "").join(", ");
  return (
    `Event: ${gl ? "Merge Request" : "Pull Request"}\nRepository: ${repository(forge, data)}\n` +
    `Title: ${pr.text("title") ?? ""}\nURL: ${pr.text(gl ? "url" : "html_url") ?? ""}\n` +
    `Author: ${person(forge, gl ? data.get("user") : pr.get("user")) ?? "unknown"}\n` +
    `Status: ${(gl ? pr.text("state") : data.text("action")) ?? "unknown"}\n` +
    `Source Branch: ${pr.text(gl ? "source_branch" : "head.ref") ?? ""}\n` +
    `Destination Branch: ${pr.text(gl ? "target_branch" : "base.ref") ?? ""}\nRequested Reviewers: ${reviewers}`
  );
}

function issue(forge: Forge, data: Payload): string {
  const gl = forge === "gitlab";
  const it = gl ? data.get("object_attributes") : data.get("issue");
  const labels = it
    .list("labels")
    .map((l) => l.text(gl ? "title" : "name") ?? "")
    .join(", ");
  return (
    `Event: Issue\nRepository: ${repository(forge, data)}\nTitle: ${it.text("title") ?? ""}\n` +
    `URL: ${it.text(gl ? "url" : "html_url") ?? ""}\nAuthor: ${person(forge, gl ? data.get("user") : it.get("user")) ?? "unknown"}\n` +
    `Status: ${(gl ? it.text("state") : data.text("action")) ?? "unknown"}\nLabels: ${labels}`
  );
}

/** Issue comments (GitHub, Forgejo) and notes (GitLab). */
function comment(forge: Forge, data: Payload): string {
  const gl = forge === "gitlab";
  const c = gl ? data.get("object_attributes") : data.get("comment");
  return (
    `Event: ${gl ? "Note" : "Issue Comment"}\nRepository: ${repository(forge, data)}\n` +
    `Issue: ${named(data.text("issue.title"), data.text(gl ? "issue.url" : "issue.html_url"))}\n` +
    `Comment Author: ${person(forge, gl ? data.get("user") : c.get("user")) ?? "unknown"}\n` +
    `Comment: ${c.text(gl ? "description" : "body") ?? ""}\nComment URL: ${c.text(gl ? "url" : "html_url") ?? ""}`
  );
}

/** Python's str.title(): upper-case the first letter of each run of letters. */
function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

function actionRun(data: Payload): string {
  const action = data.text("action") ?? "";
  const run = data.get("run");
  let status = `Status: ${data.text("prior_status") ?? "unknown"} → ${run.text("status") ?? "unknown"}`;
  if (action === "recover") status += " (recovered)";
  let out =
    `Event: Action Run ${titleCase(action)}\nRepository: ${named(run.text("repository.full_name"), run.text("repository.html_url"))}\n` +
    `Workflow: ${run.text("workflow_id") ?? ""}\nRun: ${named(run.text("title"), run.text("html_url"))}\n${status}\n` +
    `Commit: ${(run.text("commit_sha") ?? "").slice(0, 7)}\nBranch: ${run.text("prettyref") ?? ""}`;
  if (action === "recover" && data.has("last_run")) out += `\nPrevious Run: ${data.text("last_run.id") ?? "?"} (failed)`;
  return out;
}

/** The long form of one forge event, or "Event type not supported". */
export function forgeReport(forge: Forge, event: string, data: Payload): string {
  if (event === "push") return push(forge, data);
  if (forge === "gitlab") {
    if (event === "merge_request") return changeRequest(forge, data);
    if (event === "issue") return issue(forge, data);
    if (event === "note") return comment(forge, data);
    return UNSUPPORTED;
  }
  if (event === "fork") return fork(forge, data);
  if (event === "pull_request") return changeRequest(forge, data);
  if (event === "issues") return issue(forge, data);
  if (event === "issue_comment") return comment(forge, data);
  if (forge === "forgejo" && ACTION_RUN_EVENTS.has(event)) return actionRun(data);
  return UNSUPPORTED;
}
