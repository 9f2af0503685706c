/**
 * noggin-messages: Noggin, the Fedora Accounts web app (app name "FAS"). The
 * event is under `body.msg`; without a schema header, a body without it is not
 * Noggin's and is declined (the fedmsg-era `fas.*` topics carry a different shape).
 */
import { defineService, type Ctx, type Result } from "../define.js";

interface Who {
  agent: string | undefined;
  user: string | undefined;
}

function who(ctx: Ctx): Who | undefined {
  if (ctx.msg.schema === null && !ctx.body.isObject("msg")) return undefined;
  return { agent: ctx.body.str("msg.agent"), user: ctx.body.str("msg.user") };
}

function result(w: Who, text: string, extra: Partial<Result> = {}): Result {
  return { text, agent: w.agent ?? null, usernames: [w.agent, w.user], link: null, app: "FAS", ...extra };
}

/** "their" when people edit or create their own account. */
const own = (w: Who): boolean => w.user === w.agent;

export default defineService({
  name: "noggin",
  era: "fedora-messaging",
  app: "FAS",
  icon: null,
  schemas: {
    "noggin.group.member.sponsor.v1": {
      topics: ["fas.group.member.sponsor"],
      handler: (ctx) => {
        const w = who(ctx);
        if (!w) return undefined;
        const group = ctx.body.str("msg.group");
        // The reference has no space between "group" and the name; the corpus fixes that wording.
        const text = `Sponsor ${w.agent ?? "someone"} added ${w.user ?? "someone"} to the group${group ?? ""}`;
        return result(w, text, { groups: [group] });
      },
    },
    "noggin.user.create.v1": {
      topics: ["fas.user.create"],
      handler: (ctx) => {
        const w = who(ctx);
        if (!w) return undefined;
        const base = `${w.agent ?? "Someone"} created a new Fedora Account`;
        return result(w, own(w) || w.user === undefined ? base : `${base} for ${w.user}`);
      },
    },
    "noggin.user.update.v1": {
      topics: ["fas.user.update"],
      handler: (ctx) => {
        const w = who(ctx);
        if (!w) return undefined;
        const fields = ctx.body.strs("msg.fields");
        const whose = own(w) || w.user === undefined ? "their" : `${w.user}'s`;
        const text = `${w.agent ?? "Someone"} edited ${fields.length} details of ${whose} Fedora Account`;
        return result(w, text, { long: `${text}\n\nDetails changed:\n\n${fields.join("\n")} ` });
      },
    },
  },
});
