/**
 * FMN, Fedora's notification service (fmn-messages): a user created, updated
 * or deleted one of their notification rules.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { wordTable } from "../util/text.js";

const VERBS: Readonly<Record<string, string>> = wordTable({ create: "created", update: "updated", delete: "deleted" });

/**
 * The rule classes define no summary, so Fedora shows fedora-messaging's
 * default one: the topic itself. We keep that line and put a sentence in the
 * long form. Note the create class publishes on `fmn.rule.update.v1` too.
 */
function rule(action: string) {
  return (ctx: Ctx): Result => {
    const b = ctx.body;
    const user = b.str("user.name");
    const name = b.str("rule.name") ?? b.text("rule.id");
    const what = name !== undefined ? `FMN rule ${name}` : "An FMN rule";
    const by = user !== undefined ? ` by ${user}` : "";
    return {
      text: ctx.topic.full !== "" ? ctx.topic.full : ctx.title,
      long: `${what} was ${VERBS[action] ?? action}${by}`,
    };
  };
}

export default defineService({
  name: "fmn",
  era: "fedora-messaging",
  app: "FMN",
  icon: "https://apps.fedoraproject.org/img/icons/fedmsg.png",
  schemas: {
    "fmn.rule.create.v1": { handler: rule("create") },
    "fmn.rule.update.v1": { topics: ["fmn.rule.update.v1"], handler: rule("update") },
    "fmn.rule.delete.v1": { topics: ["fmn.rule.delete.v1"], handler: rule("delete") },
  },
});
