/**
 * Mailing lists (Mailman 3 / HyperKitty, fedmsg era topic `mailman.receive`):
 * one message per post. Wording from fedmsg.meta's mailman3 processor.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { fedmsgEmailAvatarUrl, fedmsgOpenidAvatarUrl } from "../util/avatar.js";
import { addressOf, email2fas } from "../util/fas-email.js";

const ARCHIVES = "https://lists.fedoraproject.org/archives";
const NEWLINES = /\r?\n/g;
const WHITESPACE = /\s+/;

function receive(ctx: Ctx): Result | undefined {
  const m = ctx.body.get("msg");
  if (!m.isObject()) return undefined;
  const list = ctx.body.text("mlist.list_name") ?? "(unknown)";
  const subject = (m.text("subject") ?? "(no subject)").replace(NEWLINES, " ");
  const email = addressOf(m.text("from") ?? "");
  const who = email === "" ? "" : email2fas(ctx, email);
  const user = who !== "" && !who.includes("@") ? who : undefined;
  const isReply = Boolean(m.text("references") || m.text("in-reply-to"));
  const name = who || "someone";
  const text = isReply ? `On the ${list} list, ${name} replied to '${subject}'` : `${name} wrote '${subject}' to the ${list} list`;
  return {
    text,
    link: archiveLink(m.text("archived-at")),
    usernames: [user],
    agent: user ?? null,
    objects: [threadObject(list, m.text("references") || m.text("in-reply-to"), m.text("message-id"))],
    // fedmsg.meta keys a known account's avatar by the bare account name, an unknown sender's by the MD5 of the address.
    avatar: user ? fedmsgOpenidAvatarUrl(user) : email ? fedmsgEmailAvatarUrl(email) : null,
  };
}

function archiveLink(archivedAt: string | undefined): string | null {
  if (!archivedAt) return null;
  let at = archivedAt;
  if (at.startsWith("<")) at = at.slice(1);
  if (at.endsWith(">")) at = at.slice(0, -1);
  if (at === "") return null;
  return at.startsWith("http") ? at : ARCHIVES + at;
}

/** `<list>/<referenced ids...>/<message id>/message`: the thread path of the post. */
function threadObject(list: string, references: string | undefined, messageId: string | undefined): string | undefined {
  if (!messageId) return undefined;
  const refs = (references ?? "").split(WHITESPACE).filter(Boolean).map(unbracket);
  return [list, ...refs, unbracket(messageId), "message"].join("/");
}

function unbracket(id: string): string {
  return id.startsWith("<") && id.endsWith(">") ? id.slice(1, -1) : id;
}

export default defineService({
  name: "mailman3",
  era: "fedmsg",
  app: "Mailman",
  icon: "https://apps.fedoraproject.org/img/icons/hyperkitty.png",
  topics: { "mailman.receive": receive },
});
