/**
 * tahrir-messages: Fedora Badges (tahrir). Badge awards and rank changes are done
 * by the Badges system itself, so they have no agent, only the recipient.
 */
import { defineService } from "../define.js";
import { shaped } from "../util/schema-guard.js";

export default defineService({
  name: "badges",
  era: "fedora-messaging",
  app: "tahrir",
  icon: "https://apps.fedoraproject.org/img/icons/badges.png",
  schemas: {
    "badges.person.login.first.v1": {
      topics: ["badges.person.login.first"],
      handler: shaped(["user.username"], (ctx) => {
        const user = ctx.body.str("user.username");
        return { text: `${user ?? "Someone"} logged into badges for the first time`, agent: user ?? null, usernames: [user], link: null };
      }),
    },
    "badges.badge.award.v1": {
      topics: ["badges.badge.award"],
      handler: shaped(["user.username", "badge"], (ctx) => {
        const user = ctx.body.str("user.username");
        const badge = ctx.body.text("badge.name");
        const text = `${user ?? "Someone"} was awarded the badge${badge !== undefined ? ` \`${badge}\`` : ""}`;
        return { text, long: ctx.body.text("badge.description") ?? text, agent: null, usernames: [user], link: null };
      }),
    },
    "badges.person.rank.advance.v1": {
      topics: ["badges.person.rank.advance"],
      handler: shaped(["person.nickname"], (ctx) => {
        const user = ctx.body.str("person.nickname");
        // old_rank is null for a person's first rank: say only where they are now.
        const from = ctx.body.text("old_rank");
        const to = ctx.body.text("person.rank") ?? "unknown";
        const text = `${user ?? "Someone"}'s Badges rank changed ${from !== undefined ? `from ${from} ` : ""}to ${to}`;
        return { text, agent: null, usernames: [user], link: null };
      }),
    },
  },
});
