/**
 * mailman3-fedmsg-plugin-schemas: a post to a mailing list (Mailman 3 /
 * HyperKitty), one message per e-mail.
 *
 * The class names no agent and no application, only HyperKitty's icon; its
 * avatar is the sender's address on libravatar, and its long form is the
 * e-mail's headers, with the Date header as Python prints the parsed date.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { messagingEmailAvatarUrl } from "../util/avatar.js";
import { addressOf } from "../util/fas-email.js";
import { pyStrRepr } from "../util/python-repr.js";
import { shaped } from "../util/schema-guard.js";

function post(ctx: Ctx): Result {
  const b = ctx.body;
  const m = b.get("msg");
  // Only line feeds are replaced (a CR would stay), as the class does.
  const subject = (m.text("subject") ?? "").replace(/\n/g, " ");
  const list = listName(ctx);
  const who = b.str("sender_username") || "someone";
  const reply = Boolean(m.text("references") || m.text("in-reply-to"));
  const text = reply
    ? `On the ${list} list, ${who} replied to ${pyStrRepr(subject)}`
    : `${who} wrote ${pyStrRepr(subject)} to the ${list} list`;
  const sender = addressOf(m.text("from") ?? "");
  const date = m.text("date") ?? "";
  const long = `From: ${sender}\nDate: ${pythonDate(date) ?? date}\nList-Id: ${b.text("mlist.list_id") ?? ""}\nSubject: ${subject}\n`;
  return {
    text,
    long,
    link: b.str("url") ?? null,
    usernames: b.strs("usernames"),
    packages: [],
    agent: null,
    // libravatar refuses an empty address (the class raises): no avatar then.
    avatar: sender !== "" ? messagingEmailAvatarUrl(sender) : null,
  };
}

/** The list's local part (`devel` of `devel@lists.fedoraproject.org`). */
function listName(ctx: Ctx): string {
  const fqdn = ctx.body.text("mlist.fqdn_listname");
  if (fqdn !== undefined) return fqdn.split("@", 1)[0] ?? fqdn;
  return ctx.body.text("mlist.list_name") ?? "(unknown)";
}

// ---- RFC 2822 dates, read as Python's email.utils reads them -------------------------------

const MONTHS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const DAYS = new Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
/** Obsolete zone names RFC 2822 still allows, as +-HHMM. */
const ZONES: ReadonlyMap<string, number> = new Map([
  ["UT", 0],
  ["UTC", 0],
  ["GMT", 0],
  ["Z", 0],
  ["AST", -400],
  ["ADT", -300],
  ["EST", -500],
  ["EDT", -400],
  ["CST", -600],
  ["CDT", -500],
  ["MST", -700],
  ["MDT", -600],
  ["PST", -800],
  ["PDT", -700],
]);
const INT = /^[+-]?\d+$/;
const MINUTES_PER_DAY = 24 * 60;

interface Parsed {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC; null for a date without a zone (or `-0000`, "zone unknown"). */
  offsetMinutes: number | null;
}

/**
 * `str(email.utils.parsedate_to_datetime(date))`: `1995-11-20 19:12:08-05:00`,
 * without the offset when the date has no usable zone. Undefined where Python
 * would raise (no date, or a date it cannot read): the caller shows it as written.
 */
export function pythonDate(date: string): string | undefined {
  const p = parseDate(date);
  if (!p || !valid(p)) return undefined;
  const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
  const base = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  if (p.offsetMinutes === null) return base;
  const abs = Math.abs(p.offsetMinutes);
  return `${base}${p.offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The lenient reading of Python's `_parsedate_tz`: day name optional, day and month in either order, a few swaps. */
function parseDate(date: string): Parsed | undefined {
  let parts = date.trim().split(/\s+/).filter(Boolean);
  const first = parts[0];
  if (first === undefined) return undefined;
  if (first.endsWith(",") || DAYS.has(first.toLowerCase())) parts.shift();
  else if (first.includes(",")) parts[0] = first.slice(first.lastIndexOf(",") + 1);
  if (parts.length === 3) {
    // RFC 850: `20-Nov-95 19:12:08 GMT`.
    const dashed = (parts[0] ?? "").split("-");
    if (dashed.length === 3) parts = [...dashed, ...parts.slice(1)];
  }
  if (parts.length === 4) {
    // A zone glued to the time: `19:12:08-0500`.
    const s = parts[3] ?? "";
    let i = s.indexOf("+");
    if (i === -1) i = s.indexOf("-");
    parts = i > 0 ? [...parts.slice(0, 3), s.slice(0, i), s.slice(i)] : [...parts, ""];
  }
  if (parts.length < 5) return undefined;
  let [dd = "", mm = "", yy = "", tm = "", tz = ""] = parts;
  if (!dd || !mm || !yy) return undefined;
  mm = mm.toLowerCase();
  if (!MONTHS.includes(mm)) {
    [dd, mm] = [mm, dd.toLowerCase()];
    if (!MONTHS.includes(mm)) return undefined;
  }
  const month = (MONTHS.indexOf(mm) % 12) + 1;
  if (dd.endsWith(",")) dd = dd.slice(0, -1);
  if (yy.indexOf(":") > 0) [yy, tm] = [tm, yy];
  if (yy.endsWith(",")) {
    yy = yy.slice(0, -1);
    if (!yy) return undefined;
  }
  if (!/^\d/.test(yy)) [yy, tz] = [tz, yy];
  if (tm.endsWith(",")) tm = tm.slice(0, -1);
  let hms = tm.split(":");
  if (hms.length === 1 && tm.includes(".")) hms = tm.split(".");
  if (hms.length === 2) hms.push("0");
  if (hms.length !== 3 || ![yy, dd, ...hms].every((x) => INT.test(x))) return undefined;
  let year = Number(yy);
  if (year < 100) year += year > 68 ? 1900 : 2000;
  return {
    year,
    month,
    day: Number(dd),
    hour: Number(hms[0]),
    minute: Number(hms[1]),
    second: Number(hms[2]),
    offsetMinutes: zoneMinutes(tz),
  };
}

function zoneMinutes(zone: string): number | null {
  const tz = zone.toUpperCase();
  let hhmm = ZONES.get(tz);
  if (hhmm === undefined) {
    if (!INT.test(tz)) return null;
    hhmm = Number(tz);
    // `-0000` says the zone is unknown: a date without offset.
    if (hhmm === 0 && tz.startsWith("-")) return null;
  }
  const abs = Math.abs(hhmm);
  return Math.sign(hhmm) * (Math.floor(abs / 100) * 60 + (abs % 100));
}

/** What Python's datetime accepts: a real calendar day, a time of day, an offset under a day. */
function valid(p: Parsed): boolean {
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  return (
    p.year >= 1 &&
    p.year <= 9999 &&
    p.day >= 1 &&
    p.day <= daysInMonth &&
    p.hour <= 23 &&
    p.minute <= 59 &&
    p.second <= 59 &&
    (p.offsetMinutes === null || Math.abs(p.offsetMinutes) < MINUTES_PER_DAY)
  );
}

export default defineService({
  name: "mailman",
  era: "fedora-messaging",
  app: null,
  icon: "https://apps.fedoraproject.org/img/icons/hyperkitty.png",
  schemas: {
    "mailman.messageV1": { topics: ["mailman.receive"], handler: shaped(["mlist", "msg"], post) },
  },
});
