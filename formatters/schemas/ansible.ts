/**
 * Fedora Infrastructure's ansible runs (fedorainfra-ansible-messages), and the
 * dist-git `git.receive` class that package also registers.
 *
 * These classes name their user property `agent`, not fedora-messaging's
 * `agent_name`, so Fedora reports no agent but still shows the user's avatar.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

function byUser(user: string | undefined, text: string): Result {
  return { text, agent: null, avatar: user !== undefined ? avatarUrl(user) : null, usernames: [user] };
}

function playbookStart(ctx: Ctx): Result {
  const user = ctx.body.str("userid");
  const playbook = ctx.body.str("playbook") ?? "a playbook";
  return byUser(user, `${user ?? "someone"} started an ansible run of ${playbook}`);
}

function playbookComplete(ctx: Ctx): Result {
  const user = ctx.body.str("userid");
  const playbook = ctx.body.str("playbook") ?? "a";
  return byUser(user, `${user !== undefined ? `${user}'s` : "An"} ${playbook} playbook run completed`);
}

/** A push to dist-git: the pusher is `commit.username`, the agent `commit.agent`. */
function gitReceive(ctx: Ctx): Result {
  const c = ctx.body.get("commit");
  const agent = c.str("agent");
  const pusher = c.str("username") ?? agent ?? "someone";
  const repo = c.str("repo") ?? "a repository";
  const branch = c.str("branch");
  const summary = c.str("summary");
  let text = `${pusher} pushed to ${repo}`;
  if (branch !== undefined) text += ` (${branch})`;
  text += ".";
  if (summary !== undefined) text += ` "${summary}"`;
  return {
    ...byUser(agent, text),
    app: "distgit",
    icon: "https://apps.fedoraproject.org/img/icons/git.png",
  };
}

export default defineService({
  name: "ansible",
  era: "fedora-messaging",
  app: "ansible",
  icon: "https://apps.fedoraproject.org/img/icons/ansible.png",
  schemas: {
    "ansible.playbook.start": { topics: ["ansible.playbook.start"], handler: playbookStart },
    "ansible.playbook.complete": { topics: ["ansible.playbook.complete"], handler: playbookComplete },
    // The git hook's class (git_hook.ts) also publishes on `git.receive` and is tried
    // first for messages without a schema header; it leaves this body shape to us.
    "git.receive": { topics: ["git.receive"], handler: gitReceive },
  },
});
