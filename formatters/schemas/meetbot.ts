/** meetbot-messages: meetings run by the Matrix/IRC meeting bot. */
import { defineService, type Ctx } from "../define.js";
import { shaped } from "../util/schema-guard.js";

function meeting(ctx: Ctx): { name: string; location: string } {
  return { name: ctx.body.text("meeting_name") ?? "", location: ctx.body.text("location") ?? "an unknown room" };
}

export default defineService({
  name: "meetbot",
  era: "fedora-messaging",
  app: "meetbot",
  icon: "https://apps.fedoraproject.org/img/icons/meetbot.png",
  schemas: {
    "meetbot.meeting.start": {
      topics: ["meetbot.meeting.start"],
      handler: shaped(["meeting_name", "start_user"], (ctx) => {
        const { name, location } = meeting(ctx);
        const agent = ctx.body.str("start_user");
        const at = ctx.body.text("start_time");
        return {
          text: `Meeting '${name}' started in ${location}`,
          long: `${agent ?? "Someone"} started meeting '${name}' in ${location}${at !== undefined ? ` at ${at}` : ""}`,
          link: ctx.body.str("url") ?? null,
          agent: agent ?? null,
          usernames: [agent],
        };
      }),
    },
    "meetbot.meeting.complete": {
      topics: ["meetbot.meeting.complete"],
      handler: shaped(["meeting_name", "end_user"], (ctx) => {
        const b = ctx.body;
        const { name, location } = meeting(ctx);
        const agent = b.str("end_user");
        const at = b.text("end_time");
        const attendees = b.list("attendees");
        let long = `${agent ?? "Someone"} ended meeting '${name}' in ${location}${at !== undefined ? ` at ${at}` : ""}\n\n# Attendees\n\n`;
        // The chairs, the agent, then every attendee's name.
        const usernames: (string | undefined)[] = b.strs("chairs");
        usernames.push(agent);
        for (const a of attendees) {
          long += `* ${a.text("name") ?? "?"}: ${a.text("lines_said") ?? "?"} lines said\n`;
          usernames.push(a.str("name"));
        }
        long += "\n# Logs\n\n";
        for (const l of b.list("logs")) long += `* [${l.text("log_type") ?? "Log"}](${l.text("log_url") ?? ""})\n`;
        return {
          text: `Meeting '${name}' in ${location} finished`,
          long,
          link: b.str("url") ?? null,
          agent: agent ?? null,
          usernames,
        };
      }),
    },
  },
});
