/**
 * weblate-schemas: changes in a Weblate instance (Fedora's translation
 * platform), one message per change: "<action> event done by <user>
 * occurred in <timestamp>.", for every kind of change.
 *
 * Weblate builds its topic from the change (`weblate.<action>.<project>.
 * <component>.<language>`), and the class is used with any topic at all, so
 * the schema header is what finds it; the `weblate.**` pattern only serves
 * messages that lost their headers.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { shaped } from "../util/schema-guard.js";

function change(ctx: Ctx): Result {
  const b = ctx.body;
  const user = b.str("user") || undefined;
  const timestamp = b.text("timestamp");
  const text = `${b.text("action") ?? "Change"} event${user ? ` done by ${user}` : ""}${timestamp !== undefined ? ` occurred in ${timestamp}` : ""}.`;
  return {
    text,
    link: b.str("url") ?? null,
    // The author differs from the acting user when, e.g., a suggestion is accepted.
    usernames: [b.str("author"), user],
    packages: [],
    agent: user ?? null,
  };
}

export default defineService({
  name: "weblate",
  era: "fedora-messaging",
  app: "Weblate",
  icon: "https://weblate.org/static/weblate-128.png",
  schemas: {
    "weblate.message.v1": { topics: ["weblate.**"], handler: shaped(["change_id", "action", "timestamp"], change) },
  },
});
