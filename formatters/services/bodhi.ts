/**
 * Bodhi, the Fedora update system (fedmsg era), worded as fedmsg.meta's Bodhi
 * processor words it. Also the `bodhi.updates.<product>.sync` messages, which
 * the new-updates-sync script (not Bodhi itself) publishes under Bodhi's name.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { hasOwnKey, isObject, type Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { nvrName, packageIconUrl } from "../util/fedora-package.js";
import { codePointPrefix, wordTable } from "../util/text.js";

const BODHI = "https://bodhi.fedoraproject.org";
const ICON = "https://apps.fedoraproject.org/img/icons/bodhi.png";
/** Titles are cut at this many characters (then "..." is added) in the one-line text. */
const TITLE_MAX_CHARS = 40;
const MENTION = /@[\p{L}\p{N}_]+/gu;
const NVR_SEPARATOR = /[ ,]/;
/** Words of a Bodhi 4 title ("a-1-1.fc30, b-2-1.fc30, and 1 more") that are not builds. */
const NOT_A_BUILD = /^(?:and|more|\d+)$/;
const MODULAR_SUFFIX = /m+$/;
const DIGITS = /^\d+$/;

/** Which actor the secondary icon (and agent) shows, after the kind of topic. */
type Kind = "comment" | "override" | "stack" | "other";

/** A user field that is either a name or a `{name}` object. */
function userName(p: Payload): string | undefined {
  return p.str() ?? p.str("name");
}

/** The user at `key` of `p` when the key is there (even as null), else the one at `fallback`. */
function userAt(p: Payload, key: string, fallback: string): string | undefined {
  const u = p.get(key);
  return userName(u.value !== undefined ? u : p.get(fallback));
}

/** Who a message names, each read once per message by its handler, and the comment they come with. */
interface People {
  /** The message's `comment` (missing on most topics). */
  comment: Payload;
  /** The comment's author (`comment.user`, else `comment.author`). */
  commenter: string | undefined;
  /** The update's submitter (`update.user`, else `update.submitter`). */
  submitter: string | undefined;
  /** The buildroot override's submitter. */
  overrider: string | undefined;
  /** Who acted, when the message says (`agent`). */
  agent: string | undefined;
}

function readPeople(body: Payload): People {
  const comment = body.get("comment");
  return {
    comment,
    commenter: userAt(comment, "user", "author"),
    submitter: userAt(body.get("update"), "user", "submitter"),
    overrider: userName(body.get("override.submitter")),
    agent: body.str("agent"),
  };
}

function overrideNvr(body: Payload): string | undefined {
  const b = body.get("override.build");
  return b.str() ?? b.str("nvr");
}

/** True for an object with at least one key (as `keys().length > 0`, without building the array). */
function hasKeys(p: Payload): boolean {
  return isObject(p.value) && hasOwnKey(p.value);
}

/** The update the message is about: its own, or the one its comment is on. */
function theUpdate(body: Payload, comment: Payload): Payload | undefined {
  const u = body.get("update");
  if (u.value !== undefined) return hasKeys(u) ? u : undefined;
  const c = comment.get("update");
  return hasKeys(c) ? c : undefined;
}

/** The update a message is about, each part read once per message by its handler. */
interface UpdateView {
  /** Its title, or its builds' NVRs when it has none; the comment's `update_title` without an update. */
  title: string;
  /** What Bodhi's URLs use for it: its alias (FEDORA-2019-...) or else its title. */
  urlKey: string;
  /** Its packages: its builds' when listed, else parsed from its title. */
  packages: string[];
}

function readUpdate(body: Payload, c: Payload): UpdateView {
  const u = theUpdate(body, c);
  const nvrs = u ? buildNvrs(u) : [];
  const ownTitle = u?.str("title");
  const commentTitle = c.str("update_title");
  const title = u ? ownTitle || nvrs.join(" ") : (commentTitle ?? "");
  return {
    title,
    urlKey: u?.str("alias") || ownTitle || c.str("update_alias") || commentTitle || "",
    packages: nvrs.length > 0 ? nvrs.map(nvrName) : titlePackages(title),
  };
}

function buildNvrs(u: Payload): string[] {
  const nvrs: string[] = [];
  for (const b of u.list("builds")) {
    const nvr = b.str("nvr");
    if (nvr !== undefined) nvrs.push(nvr);
  }
  return nvrs;
}

function cut(title: string): string {
  const head = codePointPrefix(title, TITLE_MAX_CHARS);
  return head !== undefined ? `${head}...` : title;
}

/** Package names in an update title or a list of NVRs ("a-1-1.fc30,b-2-1.fc30" or with spaces). */
function titlePackages(s: string): string[] {
  const names: string[] = [];
  pushTitlePackages(s, names);
  return names;
}

/** `titlePackages(s)` appended to `names`. */
function pushTitlePackages(s: string, names: string[]): void {
  for (const w of s.split(NVR_SEPARATOR)) if (w !== "" && !NOT_A_BUILD.test(w)) names.push(nvrName(w));
}

const packageObjects = (packages: readonly string[]): string[] => packages.map((p) => `packages/${p}`);

function usernames(people: People): string[] {
  const users: string[] = [];
  if (people.commenter) users.push(people.commenter);
  if (people.submitter) users.push(people.submitter);
  if (people.overrider) users.push(people.overrider);
  const text = people.comment.str("text");
  // A global match lists the whole mentions at once ("@name"), without a match object each.
  const mentioned = text ? text.match(MENTION) : null;
  if (mentioned) for (const m of mentioned) users.push(m.slice(1));
  if (people.agent) users.push(people.agent);
  return users;
}

function actor(people: People, kind: Kind): string | undefined {
  if (kind === "comment") return people.commenter;
  if (kind === "override") return people.overrider;
  if (kind === "stack") return people.agent;
  return people.submitter || people.agent;
}

/**
 * The fields every Bodhi message has: users, agent and the secondary icon (link: Bodhi itself).
 * Handlers set their other fields on it. `update` is read here only when the icon needs it.
 */
function base(ctx: Ctx, people: People, kind: Kind, text: string, update?: UpdateView): Result {
  const who = actor(people, kind);
  let avatar = ICON;
  if (who) avatar = fedmsgAvatarUrl(who);
  else {
    const u = update ?? readUpdate(ctx.body, people.comment);
    const first = u.title ? u.packages[0] : undefined;
    if (first) avatar = packageIconUrl(first);
  }
  const users = usernames(people);
  // The avatar shows whose update it is; the agent is who acted, when the message says.
  return { text, link: BODHI, usernames: users, agent: people.agent || who || users[0] || null, avatar };
}

/** A message about one update: linked to it, about its packages. */
function onUpdate(text: (ctx: Ctx, update: UpdateView, people: People) => string, kind: Kind = "other") {
  return (ctx: Ctx): Result => {
    const people = readPeople(ctx.body);
    const update = readUpdate(ctx.body, people.comment);
    const r = base(ctx, people, kind, text(ctx, update, people), update);
    r.link = `${BODHI}/updates/${update.urlKey}`;
    r.packages = update.packages;
    r.objects = packageObjects(update.packages);
    return r;
  };
}

/** A masher/composer message about one repository. */
function onRepo(text: (repo: string, body: Payload) => string): Handler {
  return (ctx) => {
    const repo = ctx.body.text("repo");
    const r = base(ctx, readPeople(ctx.body), "other", text(repo ?? "unknown repo", ctx.body));
    r.objects = repo ? [`repos/${repo}`] : [];
    return r;
  };
}

const someone = (s: string | undefined): string => s || "someone";

const PAST_TENSE: Readonly<Record<string, string>> = wordTable({ unpush: "unpushed", obsolete: "obsoleted", revoke: "revoked" });

const mashStart: Handler = (ctx) => {
  const updates = ctx.body.strs("updates");
  const agent = someone(ctx.body.str("agent"));
  // Bodhi before 3.2 listed the updates; later versions say nothing about them.
  const listed = ctx.body.isArray("updates");
  const text = listed ? `${agent} requested a mash of ${updates.length} updates` : `${agent} requested a mash of some updates`;
  const r = base(ctx, readPeople(ctx.body), "other", text);
  if (listed) r.long = listing(updates);
  if (ctx.title === "bodhi.composer.start") {
    const repo = ctx.body.text("repo");
    r.objects = repo ? [`repos/${repo}`] : [];
    return r;
  }
  const packages: string[] = [];
  for (const title of updates) pushTitlePackages(title, packages);
  r.packages = packages;
  r.objects = packageObjects(packages);
  return r;
};

function listing(items: readonly string[]): string {
  return `\n- ${items.join("\n- ")}\n`;
}

const overrideHandler =
  (verb: string): Handler =>
  (ctx) => {
    const nvr = overrideNvr(ctx.body);
    const packages = nvr ? titlePackages(nvr) : [];
    const people = readPeople(ctx.body);
    const r = base(ctx, people, "override", `${someone(people.overrider)} ${verb} a buildroot override for ${nvr ?? "a build"}`);
    if (nvr) r.link = `${BODHI}/overrides/${nvr}`;
    r.packages = packages;
    r.objects = packageObjects(packages);
    return r;
  };

const stackHandler =
  (verb: string): Handler =>
  (ctx) => {
    const name = ctx.body.text("stack.name") ?? "";
    const packages: string[] = [];
    for (const p of ctx.body.list("stack.packages")) {
      const pkg = p.str("name");
      if (pkg !== undefined) packages.push(pkg);
    }
    const people = readPeople(ctx.body);
    const r = base(ctx, people, "stack", `${someone(people.agent)} ${verb} the "${name}" stack`);
    r.link = `${BODHI}/stacks/${name}`;
    r.packages = packages;
    const objects = packageObjects(packages);
    if (name) objects.push(`stacks/${name}`);
    r.objects = objects;
    return r;
  };

const PRODUCTS: Readonly<Record<string, string>> = wordTable({ fedora: "Fedora", epel: "EPEL" });

/** `bodhi.updates.<product>.sync`: a repository was synced out to the mirrors. */
const ftpSync: Handler = (ctx) => {
  const b = ctx.body;
  const code = ctx.captures[0] ?? "";
  const product = PRODUCTS[code] ?? code;
  const repo = b.text("repo") ?? "";
  const raw = b.text("release") ?? "";
  // A release ending in "m" (e.g. "30m") is the modular variant of that release.
  const release = raw.replace(MODULAR_SUFFIX, "");
  const modular = release !== raw;
  const text =
    `New ${product} ${release} ${repo}${modular ? " modular" : ""} content synced out ` +
    `(${b.text("bytes") ?? "?"} changed with ${b.text("deleted") ?? "?"} files deleted)`;
  const r = base(ctx, readPeople(b), "other", text);
  const lower = product.toLowerCase();
  r.link = syncLink(lower, repo, release, modular);
  r.objects = [`${lower}/${repo}/${release}`];
  return r;
};

function syncLink(product: string, repo: string, release: string, modular: boolean): string {
  let link = `https://download.fedoraproject.org/pub/${product}/`;
  if (product === "fedora") link += repo === "atomic" ? "linux/atomic/" : "linux/updates/";
  if (repo.endsWith("testing")) link += "testing/";
  link += `${release}/`;
  if (modular) link += "Modular/";
  else if (DIGITS.test(release)) {
    // Since Fedora 28 and EPEL 8 the updates trees are split into variants.
    const n = Number(release);
    if ((product === "fedora" && n > 27) || (product === "epel" && n > 7)) link += "Everything/";
  }
  return link;
}

const composeComplete = onRepo((repo, b) => {
  const success = b.get("success").value;
  const result = success === true ? "succeeded" : success === false ? "failed" : (b.text("success") ?? "completed");
  return `bodhi ${b.text("ctype") ?? "unknown type"} compose of repo ${repo} ${result}`;
});

const requestHandler = onUpdate((ctx, u, people) => {
  const status = ctx.captures[0] ?? "";
  const agent = someone(people.agent);
  const past = PAST_TENSE[status];
  return past ? `${agent} ${past} ${cut(u.title)}` : `${agent} submitted ${cut(u.title)} to ${status}`;
});

const karmaThreshold = onUpdate(
  (ctx, u) => `${cut(u.title)} reached the ${ctx.body.text("status") ?? ctx.captures[0] ?? "stable"} karma threshold`,
);

/** A comment's own title (not the update's): `comment.update_title`, else `comment.update.title`. */
const commented = onUpdate((_ctx, _u, people) => {
  const c = people.comment;
  const title = c.str("update_title") ?? c.str("update.title") ?? "";
  return `${someone(people.commenter)} commented on bodhi update ${cut(title)} (karma: ${c.text("karma") ?? 0})`;
}, "comment");

const errataPublished = onUpdate((ctx) => ctx.body.text("subject") ?? "bodhi published an update notice");

export default defineService({
  name: "bodhi",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "bodhi.update.comment": (ctx) => {
      const r = commented(ctx);
      r.long = ctx.body.str("comment.text") || undefined;
      return r;
    },
    "bodhi.update.complete.*": onUpdate(
      (ctx, u, people) =>
        `${someone(people.submitter)}'s ${cut(u.title)} bodhi update completed push to ${ctx.body.text("update.status") ?? ctx.captures[0] ?? ""}`,
    ),
    "bodhi.update.eject": onUpdate(
      (ctx, u, people) =>
        `${someone(people.submitter)}'s ${cut(u.title)} bodhi update was ejected from the ${ctx.body.text("repo") ?? "unknown"} mash.  ` +
        `Reason: "${ctx.body.text("reason") ?? ""}"`,
    ),
    "bodhi.update.edit": onUpdate((_ctx, u, people) => `${someone(people.agent)} edited ${cut(u.title)}`),
    "bodhi.update.request.*": requestHandler,
    "bodhi.update.karma.threshold": karmaThreshold,
    "bodhi.update.karma.threshold.*": karmaThreshold,
    "bodhi.update.requirements_met.*": onUpdate((ctx, u) => `${cut(u.title)} reached the ${ctx.captures[0] ?? ""} testing threshold`),
    "bodhi.errata.publish": (ctx) => {
      const r = errataPublished(ctx);
      r.long = ctx.body.str("body") || undefined;
      return r;
    },
    "bodhi.masher.start": mashStart,
    "bodhi.composer.start": mashStart,
    "bodhi.mashtask.start": (ctx) => base(ctx, readPeople(ctx.body), "other", "bodhi masher started a push"),
    "bodhi.mashtask.mashing": onRepo((repo) => `bodhi masher started mashing ${repo}`),
    "bodhi.mashtask.complete": onRepo((repo, b) => {
      if (b.isNil("success")) return `bodhi masher finished mashing ${repo}`;
      return b.raw("success") ? `bodhi masher successfully mashed ${repo}` : `bodhi masher failed to mash ${repo}`;
    }),
    "bodhi.mashtask.sync.wait": onRepo((repo) => `bodhi masher is waiting for ${repo} to hit the master mirror`),
    "bodhi.mashtask.sync.done": onRepo((repo) => `bodhi masher finished waiting for ${repo} to hit the master mirror`),
    "bodhi.compose.start": onRepo(() => "bodhi composer started a run"),
    "bodhi.compose.composing": onRepo((repo, b) => `bodhi ${b.text("ctype") ?? "unknown type"} compose of repo ${repo} started`),
    "bodhi.compose.complete": composeComplete,
    "bodhi.compose.sync.wait": onRepo((repo) => `bodhi composer is waiting for ${repo} to hit the master mirror`),
    "bodhi.compose.sync.done": onRepo((repo) => `bodhi composer finished waiting for ${repo} to hit the master mirror`),
    "bodhi.repo.done": onRepo((repo) => `bodhi repo ${repo} created`),
    "bodhi.buildroot_override.tag": overrideHandler("submitted"),
    "bodhi.buildroot_override.untag": overrideHandler("expired"),
    "bodhi.stack.save": stackHandler("updated"),
    "bodhi.stack.delete": stackHandler("deleted"),
    "bodhi.updates.*.sync": ftpSync,
  },
});
