/**
 * Meetbot (zodbot's meeting plugin), fedmsg era, topics `meetbot.meeting.*`.
 * People are IRC nicks, resolved to Fedora accounts through the user map;
 * zodbot itself is never an attendee worth naming.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";
import { wordTable } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/img/icons/meetbot.png";
const BOTS: ReadonlySet<string> = new Set(["zodbot"]);
/** The first URL that a space or `$` ends, as the reference reads `#link` lines (a URL ending the line is not found). */
const LINE_URL_RE = /(https?:\/\/[a-z0-9.:].*?)[ $]/;

const ITEM_ACTIONS: Readonly<Record<string, string>> = wordTable({
  agreed: "noted agreement",
  accepted: "accepted an item",
  rejected: "rejected an item",
  action: "noted an action",
  info: "raised a point of information",
  idea: "proposed an idea",
  help: "called for help",
  link: "linked to more information",
});

interface Parts {
  owner: string;
  name: string | undefined;
  channel: string;
  topic: string;
}

/** Wraps a topic's text and link with what every meetbot message shares. */
function meetbot(text: (p: Parts, ctx: Ctx) => string | undefined, link?: (ctx: Ctx) => string | null): Handler {
  return (ctx) => {
    const { body } = ctx;
    const nick = (n: string): string => ctx.user(n);
    const owner = nick(body.text("owner") ?? "");
    const name = body.text("meeting_topic") || undefined;
    const channel = body.text("channel") ?? "";
    const topic = body.text("topic");
    const line = text({ owner, name, channel, topic: topic ?? "no topic" }, ctx);
    if (line === undefined) return undefined;
    // Attendees (bots left out) as accounts, and an object for each, in one pass.
    const attendees: string[] = [];
    const objects: string[] = [];
    for (const n of body.keys("attendees")) {
      if (BOTS.has(n)) continue;
      const a = nick(n);
      attendees.push(a);
      objects.push(`attendees/${a}`);
    }
    objects.push(`channels/${channel}`);
    if (name) objects.push(`titles/${name}`);
    if (topic) objects.push(`topics/${topic}`);
    const speaker = body.text("details.nick");
    const face = speaker !== undefined ? nick(speaker) : owner;
    return {
      text: line,
      link: link ? link(ctx) : null,
      usernames: attendees,
      objects,
      agent: face || null,
      avatar: avatarUrl(face),
    };
  };
}

const item = meetbot(
  (p, ctx) => {
    const key = ctx.topic.rest[ctx.topic.rest.length - 1] ?? "";
    const action = ITEM_ACTIONS[key];
    if (action === undefined) return undefined;
    const agent = ctx.user(ctx.body.text("details.nick") ?? "");
    const line = ctx.body.text("details.line") ?? "";
    const where = p.name ? `the "${p.name}" meeting` : "a meeting";
    return `${agent} ${action} in ${where} in ${p.channel}: "${line}"`;
  },
  (ctx) => {
    if (!ctx.title.endsWith(".item.link")) return null;
    return LINE_URL_RE.exec(ctx.body.text("details.line") ?? "")?.[1] ?? null;
  },
);

export default defineService({
  name: "supybot",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "meetbot.meeting.start": meetbot((p) =>
      p.name ? `${p.owner} started meeting "${p.name}" in ${p.channel}` : `${p.owner} started a meeting in ${p.channel}`,
    ),
    "meetbot.meeting.complete": meetbot(
      (p) => (p.name ? `${p.owner}'s meeting titled "${p.name}" ended in ${p.channel}` : `${p.owner}'s meeting ended in ${p.channel}`),
      // The minutes page; the log server answers on https only.
      (ctx) => {
        const url = ctx.body.text("url");
        return url !== undefined ? `${url.replace("http://", "https://")}.html` : null;
      },
    ),
    "meetbot.meeting.topic.update": meetbot((p) =>
      p.name
        ? `The topic of ${p.owner}'s "${p.name}" meeting changed to "${p.topic}" in ${p.channel}`
        : `The topic of ${p.owner}'s meeting changed to "${p.topic}" in ${p.channel}`,
    ),
    "meetbot.meeting.item.*": item,
  },
});
