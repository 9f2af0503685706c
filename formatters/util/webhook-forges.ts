/**
 * Long forms of the forge events relayed by webhook-to-fedora-messaging
 * (GitHub, Forgejo, GitLab): "Event: Push\nRepository: ...\n..." blocks, one
 * line per fact, as the relay's schema package prints them. The payload is the
 * forge's own webhook JSON.
 */
import type { Payload } from "../payload.js";
import { firstLine } from "./text.js";

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

/** One "- <short id>: <first line> by <author> (<url>)" line per commit. */
function commitLines(data: Payload): string {
  const commits = data.list("commits");
  let out = "";
  for (let i = 0; i < commits.length; i++) {
    const c = commits[i] as Payload;
    out += `${i > 0 ? "\n" : ""}- ${(c.text("id") ?? "").slice(0, 7)}: ${firstLine(c.text("message") ?? "", LINE_BREAK_RE)} by ${c.text("author.name") ?? "unknown"} (${c.text("url") ?? ""})`;
  }
  return out;
}

/** The last segment of a ref (`refs/heads/main` -> `main`). */
function lastSegment(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** The values at `path` of each element, joined with ", " (missing ones as ""). */
function joinTexts(items: readonly Payload[], path: string): string {
  let out = "";
  for (let i = 0; i < items.length; i++) out += (i > 0 ? ", " : "") + ((items[i] as Payload).text(path) ?? "");
  return out;
}

function push(forge: Forge, data: Payload): string {
  let pusher: string;
  if (forge === "forgejo") {
    const p = data.get("pusher");
    pusher = named(person(forge, p), p.text("html_url"));
  } else {
    const name = forge === "gitlab" ? data.text("user_username") : data.text("pusher.name");
    pusher = named(name, name !== undefined ? `https://${forge}.com/${name}` : undefined);
  }
  const branch = lastSegment(data.text("ref") ?? "");
  return `Event: Push\nRepository: ${repository(forge, data)}\nPusher: ${pusher}\nBranch: ${branch}\nCommits:\n${commitLines(data)}`;
}

function fork(forge: Forge, data: Payload): string {
  const forkee = data.get("forkee");
  const owner = forkee.get("owner");
  return (
    `Event: Fork\nRepository: ${repository(forge, data)}\nForkee: ${named(forkee.text("full_name"), forkee.text("html_url"))}\n` +
    `Owner: ${named(person(forge, owner), owner.text("html_url"))}`
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
  const labels = joinTexts(it.list("labels"), gl ? "title" : "name");
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
  const it = data.get("issue");
  return (
    `Event: ${gl ? "Note" : "Issue Comment"}\nRepository: ${repository(forge, data)}\n` +
    `Issue: ${named(it.text("title"), it.text(gl ? "url" : "html_url"))}\n` +
    `Comment Author: ${person(forge, gl ? data.get("user") : c.get("user")) ?? "unknown"}\n` +
    `Comment: ${c.text(gl ? "description" : "body") ?? ""}\nComment URL: ${c.text(gl ? "url" : "html_url") ?? ""}`
  );
}

/**
 * Python's str.title() for ASCII letters: lower-case, then upper-case each `a`-`z` that starts
 * a run of them (other characters, non-ASCII letters included, end a run).
 */
function titleCase(s: string): string {
  const lower = s.toLowerCase();
  let out = "";
  let from = 0;
  let inRun = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const letter = c >= 0x61 && c <= 0x7a;
    if (letter && !inRun) {
      out += lower.slice(from, i) + String.fromCharCode(c - 0x20);
      from = i + 1;
    }
    inRun = letter;
  }
  return from === 0 ? lower : out + lower.slice(from);
}

function actionRun(data: Payload): string {
  const action = data.text("action") ?? "";
  const run = data.get("run");
  const repo = run.get("repository");
  let status = `Status: ${data.text("prior_status") ?? "unknown"} → ${run.text("status") ?? "unknown"}`;
  if (action === "recover") status += " (recovered)";
  let out =
    `Event: Action Run ${titleCase(action)}\nRepository: ${named(repo.text("full_name"), repo.text("html_url"))}\n` +
    `Workflow: ${run.text("workflow_id") ?? ""}\nRun: ${named(run.text("title"), run.text("html_url"))}\n${status}\n` +
    `Commit: ${(run.text("commit_sha") ?? "").slice(0, 7)}\nBranch: ${run.text("prettyref") ?? ""}`;
  if (action === "recover") {
    const last = data.get("last_run");
    if (last.value !== undefined) out += `\nPrevious Run: ${last.text("id") ?? "?"} (failed)`;
  }
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
