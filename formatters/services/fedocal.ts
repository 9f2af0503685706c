/**
 * Fedocal (the Fedora meeting calendar), fedmsg era. Messages carry the
 * `calendar`, the `meeting` where one is concerned, and the acting `agent`
 * (absent from the reminders a cron job sends).
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { avatarUrl } from "../util/avatar.js";

const BASE = "https://apps.fedoraproject.org/calendar/";
const ICON = "https://apps.fedoraproject.org/calendar/static/calendar.png";
const MEETING_START_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

interface Names {
  user: string;
  calendar: string;
  meeting: string;
}

/**
 * "in 2 hours", "in 1 day", "right now": the largest non-zero unit of the time
 * from `nowMs` to the meeting's start (UTC), like dateutil's relativedelta.
 * Fedora's formatter measured from the moment it ran; a formatter here is pure,
 * so it measures from when the reminder was sent.
 */
export function casualDelta(meeting: Payload, nowMs: number): string {
  const m = MEETING_START_RE.exec(`${meeting.text("meeting_date") ?? ""} ${meeting.text("meeting_time_start") ?? ""}`);
  if (!m) return "soon";
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const start = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const now = new Date(nowMs);
  const sign = start.getTime() >= now.getTime() ? 1 : -1;
  const [from, to] = sign > 0 ? [now, start] : [start, now];
  // Whole months first (calendar arithmetic), then the remainder in fixed units.
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  const shifted = (n: number): Date => {
    const x = new Date(from.getTime());
    x.setUTCMonth(x.getUTCMonth() + n);
    return x;
  };
  if (months > 0 && shifted(months).getTime() > to.getTime()) months--;
  let rest = Math.floor((to.getTime() - shifted(months).getTime()) / 1000);
  const units: [string, number][] = [
    ["year", Math.trunc(months / 12)],
    ["month", months % 12],
    ["day", Math.floor(rest / 86400)],
    ["hour", Math.floor((rest %= 86400) / 3600)],
    ["minute", Math.floor((rest % 3600) / 60)],
  ];
  for (const [unit, n] of units) {
    if (n !== 0) return `in ${sign * n} ${n === 1 ? unit : `${unit}s`}`;
  }
  return "right now";
}

/** Wraps a topic's text with what every fedocal message shares. */
function fedocal(text: (ctx: Ctx, n: Names) => string): Handler {
  return (ctx) => {
    const { body } = ctx;
    const agent = body.text("agent");
    const calendar = body.text("calendar.calendar_name");
    const meeting = body.text("meeting.meeting_name");
    const action = ctx.title.slice(ctx.title.lastIndexOf(".") + 1);
    const meetingId = body.text("meeting.meeting_id");
    let link: string | null;
    if (meetingId !== undefined) link = `${BASE}meeting/${meetingId}/`;
    else link = calendar !== undefined ? `${BASE}${calendar}/` : null;
    const path = meeting ? [calendar ?? "", "meetings", meeting, action] : [calendar ?? "", action];
    return {
      // Fedora's line read "None updated ..." when the agent was missing.
      text: text(ctx, { user: agent ?? "someone", calendar: calendar ?? "", meeting: meeting ?? "" }),
      link,
      usernames: [agent],
      objects: [path.join("/")],
      agent: agent ?? null,
      avatar: agent !== undefined ? avatarUrl(agent) : null,
    };
  };
}

export default defineService({
  name: "fedocal",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "fedocal.meeting.reminder": fedocal((ctx, n) => {
      const nowMs = ctx.msg.timestamp !== null ? ctx.msg.timestamp * 1000 : Date.now();
      const when = casualDelta(ctx.body.get("meeting"), nowMs);
      return `Friendly reminder!  The "${n.meeting}" meeting from the "${n.calendar}" calendar starts ${when}`;
    }),
    "fedocal.meeting.update": fedocal((_c, n) => `${n.user} updated the "${n.meeting}" meeting from the "${n.calendar}" calendar`),
    "fedocal.meeting.delete": fedocal((_c, n) => `${n.user} deleted the "${n.meeting}" meeting from the "${n.calendar}" calendar`),
    "fedocal.meeting.new": fedocal((_c, n) => `${n.user} created a "${n.meeting}" meeting in the "${n.calendar}" calendar`),
    "fedocal.calendar.new": fedocal((_c, n) => `${n.user} created a whole new "${n.calendar}" calendar`),
    "fedocal.calendar.update": fedocal((_c, n) => `${n.user} updated the "${n.calendar}" calendar`),
    "fedocal.calendar.delete": fedocal((_c, n) => `${n.user} deleted the "${n.calendar}" calendar`),
    "fedocal.calendar.clear": fedocal((_c, n) => `${n.user} cleared the "${n.calendar}" calendar of all its meetings`),
    "fedocal.calendar.upload": fedocal((_c, n) => `${n.user} uploaded an iCalendar file into the calendar "${n.calendar}"`),
  },
});
