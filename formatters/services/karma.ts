/**
 * IRC karma (zodbot's `nick++`), fedmsg era, topic `irc.karma`. The icon is
 * the giver's avatar and the secondary icon the receiver's.
 */
import type { Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

const karma: Handler = (ctx) => {
  const { body } = ctx;
  const agent = body.text("agent") ?? "";
  const recipient = body.text("recipient") ?? "";
  const what = body.num("vote") === 1 ? "a karma cookie" : "negative karma";
  let text = `${agent} gave ${recipient}(${body.text("total") ?? ""}) ${what} in ${body.text("channel") ?? ""}`;
  // Older messages quote the IRC line that gave the karma.
  if (body.has("line")) text += `.  "${body.text("line") ?? ""}"`;
  return {
    text,
    link: `https://badges.fedoraproject.org/user/${recipient}`,
    usernames: [agent, recipient],
    objects: [`karma/${recipient}`],
    agent: agent || null,
    icon: avatarUrl(agent),
    avatar: avatarUrl(recipient),
  };
};

export default defineService({
  name: "karma",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/meetbot.png",
  topics: { "irc.karma": karma },
});
