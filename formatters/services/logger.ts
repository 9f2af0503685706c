/**
 * `fedmsg-logger` lines, fedmsg era (fedmsg's own `logger` processor): an
 * infrastructure script logged a line (`log`) or a custom JSON payload. The
 * sender is the envelope's `username`.
 */
import type { Handler } from "../define.js";
import { defineService } from "../define.js";

const log: Handler = (ctx) => {
  const user = ctx.msg.username;
  const by = user ?? "none";
  const line = ctx.body.text("log");
  if (line !== undefined || ctx.body.has("log")) {
    return { text: `${line ?? ""} (${by})`, usernames: [user], agent: user };
  }
  // A custom JSON payload: the long form shows it, indented as a "msg" member.
  const dump = JSON.stringify({ msg: ctx.body.value ?? null }, null, 4)
    .split("\n")
    .slice(1, -1)
    .join("\n");
  return {
    text: `<custom JSON message> (${by})`,
    usernames: [user],
    agent: user,
    long: `A custom JSON message was logged by ${user ?? "(None)"}::\n\n${dump}`,
  };
};

export default defineService({
  name: "logger",
  era: "fedmsg",
  icon: null,
  topics: {
    "logger.log": log,
    // Other logger topics have no line of their own.
    "logger.**": (ctx) => ({
      text: "<unhandled log message>",
      usernames: [ctx.msg.username],
      agent: ctx.msg.username,
    }),
  },
});
