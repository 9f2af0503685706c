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
import { hasOwnKey, isObject, type Payload } from "../payload.js";
import { fedmsgAvatarUrl, fedmsgEmailAvatarUrl } from "../util/avatar.js";
import { email2fas } from "../util/fas-email.js";
import { cutWithEllipsis } from "../util/text.js";

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
  return isObject(p.value) && hasOwnKey(p.value);
}

/**
 * What a handler reads of the comment and the event, once per message: whether each is
 * present (a non-empty object) and who wrote it.
 */
interface Acts {
  event: Payload;
  hasComment: boolean;
  hasEvent: boolean;
  /** The comment's author (the `author` login only, as the usernames list reads it). */
  commentAuthor: string | undefined;
  /** The comment's author, else its creator. */
  commenter: string | undefined;
  /** The event's `who`, else its `user`. */
  eventUser: string | undefined;
  /** The bug's creator, else its reporter. */
  reporter: string | undefined;
}

function acts(body: Payload, bug: Payload): Acts {
  const comment = body.get("comment");
  const event = body.get("event");
  const hasComment = present(comment);
  const hasEvent = present(event);
  const commentAuthor = hasComment ? login(comment.get("author")) : undefined;
  return {
    event,
    hasComment,
    hasEvent,
    commentAuthor,
    commenter: hasComment ? (commentAuthor ?? login(comment.get("creator"))) : undefined,
    eventUser: hasEvent ? (login(event.get("who")) ?? login(event.get("user"))) : undefined,
    reporter: login(bug.get("creator")) ?? login(bug.get("reporter")),
  };
}

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function quotedSeries(fields: readonly string[]): string {
  if (fields.length === 0) return NO_CHANGES;
  const q = fields.map((f) => `'${f}'`);
  if (q.length <= 2) return q.join(" and ");
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1] ?? ""}`;
}

function isNewBug(ctx: Ctx, event: Payload): boolean {
  if (ctx.topic.full.includes("bug.new")) return true;
  // bugzilla2fedmsg 0.3.1 announced new bugs on bug.update.
  return event.str("target") === "bug" && event.str("action") === "create";
}

function wording(ctx: Ctx, a: Acts, who: string, bug: string): string {
  if (isNewBug(ctx, a.event)) return `${who} filed a new bug ${bug}`;
  if (a.hasComment) return `${who} commented on ${bug}`;
  if (a.hasEvent) {
    const fields: string[] = [];
    for (const c of a.event.list("changes")) {
      const f = c.text("field_name") ?? c.text("field");
      if (f) fields.push(f);
    }
    return `${who} updated ${quotedSeries(fields)} on ${bug}`;
  }
  return `${who} updated ${bug}`;
}

/** Adds the account of `email` to `out`, unless it is missing, a mailing list or an unknown address. */
function addAccount(ctx: Ctx, out: string[], email: string | undefined): void {
  if (!email || email.endsWith(LIST_DOMAIN)) return;
  const user = email2fas(ctx, email);
  if (!user.includes("@")) out.push(user);
}

/** Every account on the bug: actor, reporter, assignee and cc list, minus mailing lists and unknown addresses. */
function usernames(ctx: Ctx, a: Acts, bug: Payload): string[] {
  const out: string[] = [];
  addAccount(ctx, out, a.commentAuthor);
  addAccount(ctx, out, a.eventUser);
  addAccount(ctx, out, a.reporter);
  addAccount(ctx, out, login(bug.get("assigned_to")));
  for (const p of bug.list("cc")) addAccount(ctx, out, login(p));
  return out;
}

const bugEvent: Handler = (ctx: Ctx): Result | undefined => {
  const { body } = ctx;
  // Without a bug this is not the relay's message: leave it to other formatters.
  if (!body.isObject("bug")) return undefined;
  const bug = body.get("bug");
  const id = bug.text("id");
  const a = acts(body, bug);
  // Whoever acted: the commenter, else the event's user, else the reporter.
  const email = a.commenter ?? a.eventUser ?? a.reporter;
  const user = email ? email2fas(ctx, email) : undefined;
  const isAccount = user !== undefined && !user.includes("@");
  const summary = bug.text("summary");
  const ref = `${id ? `RHBZ#${id}` : "a bug"}${summary !== undefined ? ` '${cutWithEllipsis(summary, TITLE_MAX)}'` : ""}`;
  const product = named(bug.get("product"));
  const component = named(bug.get("component"));
  return {
    text: wording(ctx, a, user ?? "someone", ref),
    link: bug.str("weburl") || (id ? SHOW_BUG + id : null),
    usernames: usernames(ctx, a, bug),
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
