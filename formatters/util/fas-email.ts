import type { Ctx } from "../define.js";

const FEDORA_DOMAIN = "@fedoraproject.org";

/**
 * The Fedora account behind an e-mail address, as fedmsg.meta's `email2fas`:
 * a `@fedoraproject.org` address is its own local part, any other goes through
 * the user map and comes back unchanged when unknown (so it may still hold an `@`).
 */
export function email2fas(ctx: Ctx, email: string): string {
  if (email.endsWith(FEDORA_DOMAIN)) return email.slice(0, email.lastIndexOf("@"));
  return ctx.user(email);
}

/** The address part of a `"Name" <addr>` or `addr (Name)` header value (the value itself when bare). */
export function addressOf(from: string): string {
  const lt = from.lastIndexOf("<");
  if (lt >= 0) {
    const gt = from.indexOf(">", lt);
    return (gt < 0 ? from.slice(lt + 1) : from.slice(lt + 1, gt)).trim();
  }
  const paren = from.indexOf("(");
  return (paren >= 0 ? from.slice(0, paren) : from).trim();
}
