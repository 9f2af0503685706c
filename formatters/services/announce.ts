/**
 * Official Fedora announcements, fedmsg era (fedmsg's own `announce`
 * processor): the payload is the announcement text and a link; the sender is
 * the envelope's `username`.
 */
import type { Handler } from "../define.js";
import { defineService } from "../define.js";

const announcement: Handler = (ctx) => {
  const user = ctx.msg.username;
  return {
    // Never an empty line: an announcement without text still says who announced.
    text: ctx.body.text("message")?.trim() ? (ctx.body.text("message") ?? "") : `${user ?? "someone"} made an announcement`,
    link: ctx.body.text("link") ?? null,
    usernames: [user],
    agent: user,
  };
};

export default defineService({
  name: "announce",
  era: "fedmsg",
  icon: null,
  topics: {
    "announce.**": announcement,
  },
});
