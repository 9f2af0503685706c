/**
 * Shape guard for fedora-messaging handlers that are also registered by topic.
 *
 * A message that carries a `fedora_messaging_schema` header was published with a
 * schema class: format it whatever fields it lacks. A message that reached the
 * handler by its topic alone (no header: a fedmsg-era envelope, or a relay that
 * dropped the headers) may have another publisher's body on the same topic, so
 * it is declined unless it has the fields the class's schema requires; the next
 * candidate (or the generic line) then formats it.
 */
import type { Ctx, Handler } from "../define.js";

export function shaped(required: readonly string[], handler: Handler): Handler {
  return (ctx: Ctx) => (ctx.msg.schema !== null || required.every((p) => ctx.body.has(p)) ? handler(ctx) : undefined);
}
