/**
 * Fedora Badges (tahrir), fedmsg era, topics `fedbadges.*`. Awards carry the
 * `badge` and the `user`; leaderboard and login messages carry the `person`.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/badges.png";

/** `user.username` on awards, `person.nickname` on the person.* topics. */
function userOf(ctx: Ctx): string {
  const b = ctx.body;
  return (b.has("user") ? b.text("user.username") : b.text("person.nickname")) ?? "";
}

/** Wraps a topic's text with what every badges message shares. */
function badges(text: (ctx: Ctx, user: string) => string): Handler {
  return (ctx) => {
    const user = userOf(ctx);
    return {
      text: text(ctx, user),
      link: `https://badges.fedoraproject.org/user/${user}`,
      usernames: [user],
      agent: user || null,
      avatar: avatarUrl(user),
    };
  };
}

const award: Handler = (ctx) => {
  const name = ctx.body.text("badge.name") ?? "";
  const result = badges((_c, user) => `${user} has been awarded the "${name}" badge`)(ctx);
  if (!result) return undefined;
  return {
    ...result,
    // The badge's own picture, not the service's icon.
    icon: ctx.body.str("badge.image_url") ?? ICON,
    objects: [name.toLowerCase().replaceAll(" ", "-")],
    long: ctx.body.text("badge.description") || result.text,
  };
};

export default defineService({
  name: "badges",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "fedbadges.badge.award": award,
    "fedbadges.person.rank.advance": badges(
      (c, user) => `${user} moved to position ${c.body.text("person.rank") ?? ""} on the badges leaderboard`,
    ),
    "fedbadges.person.login.first": badges((_c, user) => `${user} logged in to badges.fedoraproject.org for the first time`),
  },
});
