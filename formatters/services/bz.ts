/**
 * Red Hat Bugzilla relayed by bugzilla2fedmsg (fedmsg era): `bugzilla.bug.new`
 * and `bugzilla.bug.update`. Wording from fedmsg.meta's bugzilla processor.
 *
 * The relay changed its payload over the years and all shapes are still in
 * archives: 0.3.0 (2016, plain strings, `event` null on new bugs), 018492a2
 * (adds STOMP headers), 0.3.1 (Bugzilla 5: `product`, `component` and people may
 * be objects, `weburl` may be null, new bugs sometimes come as `bug.update` with
 * an `event` of target `bug` and action `create`). Every field is read for both.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { fedmsgAvatarUrl, fedmsgEmailAvatarUrl } from "../util/avatar.js";
import { email2fas } from "../util/fas-email.js";

const ICON = "https://apps.fedoraproject.org/img/icons/bugzilla.png";
/** The relay only ever forwarded the production Bugzilla; 0.3.1 dropped `weburl`. */
const SHOW_BUG = "https://bugzilla.redhat.com/show_bug.cgi?id=";
/** Bug titles are cut to this many characters (then "..." is added), as fedmsg.meta does. */
const TITLE_MAX = 40;
/** Components that are queues, not packages. */
const NOT_PACKAGES = new Set(["Package Review"]);
/** Mailing lists sit on cc and as assignees; they are no one's account. */
const LIST_DOMAIN = "lists.fedoraproject.org";
/** fedmsg.meta's wording for a `bug.modify` that Bugzilla sent without its changes. */
const NO_CHANGES = "nothing? (likely bugzilla sent us a buggy message)";

/** A person as the relay wrote one: an address, or (0.3.1+) `{login, real_name}`. */
function login(p: Payload): string | undefined {
  const s = p.str() ?? p.str("login");
  return s ? s : undefined;
}

/** A product or component: a name, or (0.3.1+) `{id, name}`. */
function named(p: Payload): string | undefined {
  const s = p.text() ?? p.text("name");
  return s ? s : undefined;
}

/** A JSON value Python would find true: a non-empty object (null and {} are not). */
function present(p: Payload): boolean {
  return p.isObject() && p.keys().length > 0;
}

/** The address of whoever acted: the commenter, else the event's user, else the reporter. */
function actorEmail(body: Payload): string | undefined {
  const comment = body.get("comment");
  const event = body.get("event");
  return (
    (present(comment) ? (login(comment.get("author")) ?? login(comment.get("creator"))) : undefined) ??
    (present(event) ? (login(event.get("who")) ?? login(event.get("user"))) : undefined) ??
    login(body.get("bug.creator")) ??
    login(body.get("bug.reporter"))
  );
}

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function quotedSeries(fields: readonly string[]): string {
  if (fields.length === 0) return NO_CHANGES;
  const q = fields.map((f) => `'${f}'`);
  if (q.length <= 2) return q.join(" and ");
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1] ?? ""}`;
}

function shortTitle(summary: string): string {
  const cps = Array.from(summary);
  return cps.length > TITLE_MAX ? `${cps.slice(0, TITLE_MAX).join("")}...` : summary;
}

function isNewBug(ctx: Ctx, event: Payload): boolean {
  if (ctx.topic.full.includes("bug.new")) return true;
  // bugzilla2fedmsg 0.3.1 announced new bugs on bug.update.
  return event.str("target") === "bug" && event.str("action") === "create";
}

function wording(ctx: Ctx, who: string, bug: string): string {
  const { body } = ctx;
  const event = body.get("event");
  if (isNewBug(ctx, event)) return `${who} filed a new bug ${bug}`;
  if (present(body.get("comment"))) return `${who} commented on ${bug}`;
  if (present(event)) {
    const fields = event
      .list("changes")
      .map((c) => c.text("field_name") ?? c.text("field"))
      .filter((f): f is string => !!f);
    return `${who} updated ${quotedSeries(fields)} on ${bug}`;
  }
  return `${who} updated ${bug}`;
}

/** Every account on the bug: actor, reporter, assignee and cc list, minus mailing lists and unknown addresses. */
function usernames(ctx: Ctx, body: Payload): string[] {
  const emails = [
    present(body.get("comment")) ? login(body.get("comment.author")) : undefined,
    present(body.get("event")) ? (login(body.get("event.who")) ?? login(body.get("event.user"))) : undefined,
    login(body.get("bug.creator")) ?? login(body.get("bug.reporter")),
    login(body.get("bug.assigned_to")),
    ...body.list("bug.cc").map(login),
  ];
  const out: string[] = [];
  for (const email of emails) {
    if (!email || email.endsWith(LIST_DOMAIN)) continue;
    const user = email2fas(ctx, email);
    if (!user.includes("@")) out.push(user);
  }
  return out;
}

const bugEvent: Handler = (ctx: Ctx): Result | undefined => {
  const { body } = ctx;
  // Without a bug this is not the relay's message: leave it to other formatters.
  if (!body.isObject("bug")) return undefined;
  const bug = body.get("bug");
  const id = bug.text("id");
  const email = actorEmail(body);
  const user = email ? email2fas(ctx, email) : undefined;
  const isAccount = user !== undefined && !user.includes("@");
  const summary = bug.text("summary");
  const ref = `${id ? `RHBZ#${id}` : "a bug"}${summary !== undefined ? ` '${shortTitle(summary)}'` : ""}`;
  const product = named(bug.get("product"));
  const component = named(bug.get("component"));
  return {
    text: wording(ctx, user ?? "someone", ref),
    link: bug.str("weburl") || (id ? SHOW_BUG + id : null),
    usernames: usernames(ctx, body),
    packages: component && !NOT_PACKAGES.has(component) ? [component] : [],
    objects: product && component && id ? [`${product}/${component}/${id}`] : [],
    agent: isAccount ? user : null,
    avatar: user === undefined ? null : isAccount ? fedmsgAvatarUrl(user) : fedmsgEmailAvatarUrl(user),
  };
};

export default defineService({
  name: "bz",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "bugzilla.bug.new": bugEvent,
    "bugzilla.bug.update": bugEvent,
    // fedmsg.meta's processor took every bugzilla.* topic the relay might add.
    "bugzilla.**": bugEvent,
  },
});
