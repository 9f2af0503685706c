/**
 * Pushes to Fedora Infrastructure's own git repositories (ansible, ...), fedmsg era.
 * Wording from fedmsg.meta's infragit processor.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

const CGIT = "https://infrastructure.fedoraproject.org/cgit";
/** Repositories that have no public web view. */
const PRIVATE_REPOS = new Set(["puppet"]);

function receive(ctx: Ctx): Result {
  const c = ctx.body.get("commit");
  const repo = (c.text("path") ?? "").split("/").pop() || "(unknown)";
  const user = c.text("username") ?? c.text("agent");
  const branch = c.text("branch") ?? "(unknown)";
  let summary = c.text("summary") ?? "";
  // A commit message longer than its first line is marked as truncated.
  if (summary.trim() !== (c.text("message") ?? summary).trim()) summary += " (..more)";
  const rev = c.text("rev");
  const link = PRIVATE_REPOS.has(repo) || !rev ? null : `${CGIT}/${repo}.git/commit/?h=${branch}&id=${rev}`;
  return {
    text: `${user ?? "someone"} pushed a commit to the fedora-infra ${repo} repo (${branch}):  "${summary}"`,
    link,
    usernames: [user],
    agent: user ?? null,
    objects: c.keys("stats.files").map((f) => `${repo}/${f}`),
    avatar: user ? fedmsgAvatarUrl(user) : null,
  };
}

export default defineService({
  name: "infragit",
  era: "fedmsg",
  app: "infragit",
  icon: "https://apps.fedoraproject.org/img/icons/git-logo.png",
  topics: { "infragit.receive": receive },
});
