/** Fedocal, Fedora's meeting calendar (fedocal-messages). */
import { defineService, type Ctx, type Result } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

/**
 * The classes name their user property `agent`, not fedora-messaging's
 * `agent_name`: Fedora reports no agent but shows the user's avatar.
 * A `long` of undefined lets the long form default to the text, as leaving it out does.
 */
function base(ctx: Ctx, text: string, long?: string): Result {
  const agent = ctx.body.str("agent");
  return {
    text,
    agent: null,
    avatar: agent ? avatarUrl(agent) : null,
    usernames: agent ? [agent] : [],
    link: ctx.body.str("thing.url") ?? null,
    long,
  };
}

const calendarName = (ctx: Ctx): string => ctx.body.str("calendar.calendar_name") ?? "unknown";
const meetingName = (ctx: Ctx): string => ctx.body.str("meeting.meeting_name") ?? "unknown";
const who = (ctx: Ctx): string => ctx.body.str("agent") ?? "someone";

/** "<user> has <verb> <calendar>" */
function calendar(verb: string) {
  return (ctx: Ctx): Result => base(ctx, `${who(ctx)} has ${verb} ${calendarName(ctx)}`);
}

function meeting(template: (user: string, meeting: string, cal: string) => string) {
  return (ctx: Ctx): Result => base(ctx, template(who(ctx), meetingName(ctx), calendarName(ctx)));
}

const UNITS = ["year", "month", "day", "hour", "minute"] as const;

/**
 * "in 2 hours", "in 1 day", "right now": the largest calendar unit between
 * `from` and the meeting start, like dateutil's relativedelta.
 */
function casualDelta(start: Date, from: Date): string {
  if (start.getTime() - from.getTime() < 60_000) return "right now";
  let months = (start.getUTCFullYear() - from.getUTCFullYear()) * 12 + (start.getUTCMonth() - from.getUTCMonth());
  const anchor = (m: number): Date => {
    const d = new Date(from.getTime());
    d.setUTCMonth(d.getUTCMonth() + m);
    return d;
  };
  if (anchor(months).getTime() > start.getTime()) months--;
  const rest = start.getTime() - anchor(months).getTime();
  const values = [
    Math.floor(months / 12),
    months % 12,
    Math.floor(rest / 86_400_000),
    Math.floor(rest / 3_600_000) % 24,
    Math.floor(rest / 60_000) % 60,
  ];
  for (let i = 0; i < UNITS.length; i++) {
    const v = values[i] ?? 0;
    if (v > 0) return `in ${v} ${UNITS[i] ?? ""}${v === 1 ? "" : "s"}`;
  }
  return "right now";
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}(:\d{2})?$/;

/**
 * When the meeting starts, relative to when the reminder was sent (the
 * formatter is pure, so it never reads the clock); the date itself when the
 * message carries no send time.
 */
function startsWhen(ctx: Ctx): string {
  const date = ctx.body.str("meeting.meeting_date") ?? "";
  const time = ctx.body.str("meeting.meeting_time_start") ?? "";
  if (!DATE_RE.test(date) || !TIME_RE.test(time)) return "soon";
  const start = new Date(`${date}T${time}Z`);
  if (ctx.msg.timestamp === null || Number.isNaN(start.getTime())) {
    return `on ${date} at ${time} ${ctx.body.str("meeting.meeting_timezone") ?? "UTC"}`;
  }
  return casualDelta(start, new Date(ctx.msg.timestamp * 1000));
}

function reminder(ctx: Ctx): Result {
  const m = meetingName(ctx);
  const c = calendarName(ctx);
  return base(
    ctx,
    `Remember about the meeting '${m}' from the '${c}' calendar`,
    `Friendly reminder!  The '${m}' meeting from the '${c}' calendar starts ${startsWhen(ctx)}`,
  );
}

export default defineService({
  name: "fedocal",
  era: "fedora-messaging",
  app: "fedocal",
  icon: "https://apps.fedoraproject.org/img/icons/fedocal.png",
  schemas: {
    "fedocal.calendar.new": { topics: ["fedocal.calendar.new"], handler: calendar("created a new calendar") },
    "fedocal.calendar.update": { topics: ["fedocal.calendar.update"], handler: calendar("updated a calendar") },
    "fedocal.calendar.upload": {
      topics: ["fedocal.calendar.upload"],
      handler: calendar("uploaded meetings in the calendar"),
    },
    "fedocal.calendar.delete": { topics: ["fedocal.calendar.delete"], handler: calendar("deleted the calendar") },
    "fedocal.calendar.clear": { topics: ["fedocal.calendar.clear"], handler: calendar("cleared the calendar") },
    "fedocal.meeting.new": {
      topics: ["fedocal.meeting.new"],
      handler: meeting((u, m, c) => `${u} has created a new meeting ${m} in calendar ${c}`),
    },
    "fedocal.meeting.update": {
      topics: ["fedocal.meeting.update"],
      handler: meeting((u, m, c) => `${u} has updated meeting ${m} in calendar ${c}`),
    },
    "fedocal.meeting.delete": {
      topics: ["fedocal.meeting.delete"],
      handler: meeting((u, m, c) => `${u} has deleted the meeting ${m} from the calendar ${c}`),
    },
    "fedocal.meeting.reminder": { topics: ["fedocal.meeting.reminder"], handler: reminder },
  },
});
