/**
 * FMN (Fedora notifications), fedmsg era: a user changed their notification
 * preferences. The user is known by their OpenID (`ralph.id.fedoraproject.org`).
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";
import { wordTable } from "../util/text.js";

const LINK = "https://apps.fedoraproject.org/notifications/";
const ICON = "https://apps.fedoraproject.org/img/icons/fedmsg.png";

/** How the preference fields read in a sentence. */
const PREFERENCE_NAMES: Readonly<Record<string, string>> = wordTable({
  batch_values: "digest options",
  details: "delivery details",
});

interface Parts {
  user: string;
  context: string;
  changed: string;
}

/** Wraps a topic's text with what every FMN message shares. */
function fmn(text: (p: Parts) => string): Handler {
  return (ctx: Ctx) => {
    const { body } = ctx;
    const openid = body.text("openid") ?? "";
    const user = openid.split(".")[0] ?? "";
    const context = body.text("context") ?? "";
    const changed = body.text("changed") ?? "";
    const obj = ctx.topic.rest[ctx.topic.rest.length - 2] ?? "";
    return {
      text: text({ user, context, changed }),
      link: LINK,
      usernames: [user],
      objects: [[user, context, obj, changed].join("/")],
      agent: user || null,
      avatar: avatarUrl(user),
    };
  };
}

export default defineService({
  name: "fmn",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "fmn.confirmation.update": fmn((p) => `the ${p.changed} of one of ${p.user}'s pending confirmations changed`),
    "fmn.rule.update": fmn((p) => `${p.user} updated the ${p.changed} on a fmn ${p.context} rule`),
    "fmn.filter.update": fmn((p) => `${p.user} updated the ${p.changed} on a fmn ${p.context} filter`),
    "fmn.preference.update": fmn((p) =>
      p.changed === "enabled"
        ? `${p.user} toggled their flow of ${p.context} messages`
        : `${p.user} updated their ${p.context} ${PREFERENCE_NAMES[p.changed] ?? p.changed}`,
    ),
  },
});
