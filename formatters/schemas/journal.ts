/**
 * FreeIPA audit records relayed from the journal (journal-to-fedora-messaging-messages):
 * users created, members added to or removed from groups. Sent at debug
 * severity because Noggin announces the same changes.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { Payload } from "../payload.js";
import { Severity } from "../types.js";

function params(ctx: Ctx): Payload {
  const raw = ctx.body.str("IPA_API_PARAMS");
  if (raw === undefined) return new Payload(undefined);
  try {
    return new Payload(JSON.parse(raw));
  } catch {
    return new Payload(undefined);
  }
}

/** `admin@EXAMPLE.TEST` -> `admin`. */
function actor(ctx: Ctx): string | undefined {
  const a = ctx.body.str("IPA_API_ACTOR");
  if (a === undefined) return undefined;
  const at = a.indexOf("@");
  return at < 0 ? a : a.slice(0, at);
}

function severity(ctx: Ctx): number {
  return ctx.headers.num("fedora_messaging_severity") ?? Severity.DEBUG;
}

function userAdd(ctx: Ctx): Result {
  const agent = actor(ctx);
  const user = params(ctx).str("uid");
  return {
    text: `${agent ?? "someone"} created user "${user ?? "unknown"}"`,
    long: `A new user has been created: ${user ?? "unknown"}\nBy: ${agent ?? "unknown"}\n`,
    agent: agent ?? null,
    usernames: [user, agent],
    severity: severity(ctx),
  };
}

/** "user a" / "users a, b" */
function collection(names: readonly string[], kind: string): string {
  return `${names.length === 1 ? kind : `${kind}s`} ${names.join(", ")}`;
}

function groupMember(added: boolean) {
  return (ctx: Ctx): Result => {
    const agent = actor(ctx);
    const p = params(ctx);
    const group = p.str("cn") ?? "unknown";
    const users = p.strs("user");
    const groups = p.strs("group");
    const words = ["User", agent ?? "unknown", added ? "has added" : "has removed"];
    if (users.length > 0) words.push(collection(users, "user"));
    if (users.length > 0 && groups.length > 0) words.push("and");
    if (groups.length > 0) words.push(collection(groups, "group"));
    words.push(added ? "to group" : "from group", `"${group}"`);

    const blocks: string[] = [];
    for (const [names, kind] of [
      [users, "user"],
      [groups, "group"],
    ] as const) {
      if (names.length === 0) continue;
      const one = names.length === 1;
      const head = added
        ? `Group ${group} has ${one ? `a new ${kind}` : `new ${kind}s`}:`
        : `The following ${one ? `${kind} was` : `${kind}s were`} removed from group ${group}:`;
      blocks.push([head, ...names.map((n) => `- ${n}`)].join("\n"));
    }
    blocks.push(`\n${added ? "Added" : "Removed"} by: ${agent ?? "unknown"}\n`);
    return {
      text: words.join(" "),
      long: blocks.join("\n"),
      agent: agent ?? null,
      usernames: [agent, ...users],
      groups: [p.str("cn"), ...groups],
      severity: severity(ctx),
    };
  };
}

export default defineService({
  name: "journal",
  era: "fedora-messaging",
  app: "IPA",
  icon: "https://apps.fedoraproject.org/img/icons/ipa.png",
  schemas: {
    "journal.ipa.user_add.v1": { topics: ["ipa.user_add.v1"], handler: userAdd },
    "journal.ipa.group_add_member.v1": { topics: ["ipa.group_add_member.v1"], handler: groupMember(true) },
    "journal.ipa.group_remove_member.v1": { topics: ["ipa.group_remove_member.v1"], handler: groupMember(false) },
  },
});
