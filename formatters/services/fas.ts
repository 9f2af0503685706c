/**
 * The Fedora Account System (FAS), fedmsg era. Payload values are plain names,
 * or in legacy messages objects with a `username` / `name`.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { avatarUrl } from "../util/avatar.js";
import { wordTable } from "../util/text.js";

const ICON = "https://admin.fedoraproject.org/accounts/static/theme/fas/images/account.png";

/** A name given either as a string or as a legacy `{username}` / `{name}` object. */
function nameOf(body: Payload, key: string): string | undefined {
  const v = body.at(key);
  if (v.isObject()) return v.has("username") ? v.text("username") : v.text("name");
  return v.text();
}

const MEMBER_ACTIONS: Readonly<Record<string, string>> = wordTable({
  apply: "{agent} applied for {user}'s membership in the {group} group",
  sponsor: "{agent} sponsored {user}'s membership in the {group} group",
  remove: "{agent} removed {user} from the {group} group",
});

interface Names {
  agent: string;
  user: string;
  group: string;
}

/** Wraps a topic's text with what every FAS message shares. */
function fas(text: (ctx: Ctx, n: Names) => string): Handler {
  return (ctx) => {
    const { body } = ctx;
    const agent = nameOf(body, "agent");
    const user = nameOf(body, "user");
    const group = nameOf(body, "group");
    const objects: string[] = [];
    if (body.has("user")) objects.push(`users/${user ?? ""}`);
    if (body.has("group")) objects.push(`groups/${group ?? ""}`);
    return {
      text: text(ctx, { agent: agent ?? "", user: user ?? "", group: group ?? "" }),
      usernames: [agent, user],
      objects,
      agent: agent ?? user ?? null,
      avatar: agent !== undefined ? avatarUrl(agent) : null,
    };
  };
}

function fill(tmpl: string, n: Names): string {
  // Function replacers: a `$` in a name must not act as a replacement pattern.
  return tmpl
    .replace("{agent}", () => n.agent)
    .replace("{user}", () => n.user)
    .replace("{group}", () => n.group);
}

const member = fas((ctx, n) => {
  const action = ctx.title.slice(ctx.title.lastIndexOf(".") + 1);
  const tmpl = MEMBER_ACTIONS[action] ?? "{agent} changed {user}'s membership in the {group} group";
  return fill(tmpl, n);
});

export default defineService({
  name: "fas",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "fas.user.create": fas((_ctx, n) => `New FAS account:  '${n.user}'  (created by '${n.agent}')`),
    "fas.user.update": fas(
      (ctx, n) => `${n.agent} edited the following fields of ${n.user}'s FAS profile:  ${ctx.body.strs("fields").join(", ")}`,
    ),
    "fas.group.member.*": member,
    "fas.group.create": fas((_ctx, n) => `${n.agent} created new FAS group ${n.group}`),
    "fas.group.update": fas(
      (ctx, n) => `${n.agent} edited the following fields of the ${n.group} FAS group:  ${ctx.body.strs("fields").join(", ")}`,
    ),
    "fas.role.update": fas((ctx, n) => {
      const status = ctx.body.has("status") ? nameOf(ctx.body, "status") : undefined;
      const to = status !== undefined ? ` to ${status}` : "";
      return `${n.agent} changed ${n.user}'s role in the ${n.group} group${to}`;
    }),
  },
});
