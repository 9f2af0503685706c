/**
 * Commits pushed to a Fedora git forge, from the fedora-messaging git hook
 * (fedora-messaging-git-hook-messages). The long form is the commit as a patch
 * e-mail, like `git format-patch`.
 */
import { defineService, type Ctx, type Result } from "../define.js";

/** dist-git namespace -> what the repository holds; only `rpms` are packages. */
const PACKAGE_NAMESPACE = "rpms";

function commit(ctx: Ctx): Result | undefined {
  const b = ctx.body;
  const c = b.get("commit");
  const agent = b.str("agent");
  // dist-git's own `git.receive` class (ansible.ts) keeps its agent inside the commit.
  if (agent === undefined && c.has("agent")) return undefined;
  const repo = c.str("repo") ?? "a repository";
  const namespace = c.str("namespace");
  const branch = c.str("branch");
  const summary = c.str("summary");
  let text = `${agent ?? "someone"} pushed to ${namespace ? `${namespace}/${repo}` : repo}`;
  if (branch !== undefined) text += ` (${branch})`;
  text += ".";
  if (summary !== undefined) text += ` "${summary}"`;
  const group = b.str("group");
  return {
    text,
    long: patchMail(ctx),
    link: c.str("url") ?? null,
    agent: agent ?? null,
    usernames: [agent],
    groups: group ? [group] : [],
    packages: namespace === PACKAGE_NAMESPACE ? [c.str("repo")] : [],
  };
}

function patchMail(ctx: Ctx): string {
  const c = ctx.body.get("commit");
  const f = (k: string): string => c.str(k) ?? "";
  return (
    `From ${f("rev")} Mon Sep 17 00:00:00 2001\n` +
    `From: ${f("name")} <${f("email")}>\n` +
    `Date: ${f("date")}\n` +
    `Subject: ${f("summary")}\n\n` +
    `${f("message")}\n---\n\n${f("patch")}\n`
  );
}

export default defineService({
  name: "git_hook",
  era: "fedora-messaging",
  app: "Git",
  icon: "https://apps.fedoraproject.org/img/icons/git-logo.png",
  schemas: {
    "fedora_messaging_git_hook.commit.v1": { topics: ["git.receive"], handler: commit },
  },
});
