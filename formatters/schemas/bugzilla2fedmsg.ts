/**
 * Red Hat Bugzilla events relayed by bugzilla2fedmsg (bugzilla2fedmsg-schema).
 * Two schemas: `messageV1` (component/product as objects) and `messageV1bz4`
 * (Bugzilla 4 compatibility: plain strings); one handler reads both.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { messagingEmailAvatarUrl } from "../util/avatar.js";
import { cutWithEllipsis } from "../util/text.js";

const TITLE_MAX_CHARS = 40;

/** Bugzilla components that are not Fedora packages. */
const NOT_PACKAGES = new Set([
  "distribution",
  "LiveCD",
  "LiveCD - FEL",
  "LiveCD - Games",
  "LiveCD - KDE",
  "LiveCD - LXDE",
  "LiveCD - Xfce",
  "Package Review",
]);

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` (what changed). */
function fieldList(fields: readonly string[]): string {
  const q = fields.map((f) => `'${f}'`);
  if (q.length === 0) return "something unknown"; // 'modify' events sometimes list no changes
  if (q.length <= 2) return q.join(" and ");
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1] ?? ""}`;
}

function bugEvent(ctx: Ctx): Result {
  const b = ctx.body;
  const email = b.str("event.user.login");
  // An empty agent name counts as none, as in the reference's `agent_name or email`.
  const agent = b.str("agent_name") || undefined;
  const user = agent ?? email ?? "someone";
  const id = b.text("bug.id") ?? b.text("event.bug_id");
  const title = cutWithEllipsis(b.str("bug.summary") ?? "", TITLE_MAX_CHARS);
  const action = b.str("event.action");
  const target = b.str("event.target") ?? "bug";
  const ref = `RHBZ#${id ?? "?"} '${title}'`;
  let text: string;
  if (action === "create") {
    text = target === "bug" ? `${user} filed a new bug ${ref}` : `${user} added ${target} on ${ref}`;
  } else {
    const fields = fieldList(b.list("event.changes").map((c) => c.text("field") ?? "?"));
    text = target === "bug" ? `${user} updated ${fields} on ${ref}` : `${user} updated ${fields} for ${target} on ${ref}`;
  }
  const component = b.str("bug.component.name") ?? b.str("bug.component");
  return {
    text,
    link: id !== undefined ? `https://bugzilla.redhat.com/show_bug.cgi?id=${id}` : null,
    agent: agent ?? null,
    // The avatar is the acting e-mail address's, even when the agent is known.
    avatar: email !== undefined ? messagingEmailAvatarUrl(email) : null,
    usernames: b.strs("usernames"),
    packages: component !== undefined && !NOT_PACKAGES.has(component) ? [component] : [],
  };
}

export default defineService({
  name: "bugzilla2fedmsg",
  era: "fedora-messaging",
  app: "Bugzilla",
  icon: "https://bugzilla.redhat.com/extensions/RedHat/web/css/favicon.ico?v=0",
  schemas: {
    "bugzilla2fedmsg.messageV1": { topics: ["bugzilla.bug.new", "bugzilla.bug.update"], handler: bugEvent },
    "bugzilla2fedmsg.messageV1bz4": { handler: bugEvent },
  },
});
