/**
 * Bodhi, the Fedora update system (fedmsg era), worded as fedmsg.meta's Bodhi
 * processor words it. Also the `bodhi.updates.<product>.sync` messages, which
 * the new-updates-sync script (not Bodhi itself) publishes under Bodhi's name.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { nvrName, packageIconUrl } from "../util/fedora-package.js";
import { wordTable } from "../util/text.js";

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

function commentAuthor(body: Payload): string | undefined {
  const c = body.get("comment");
  return userName(c.has("user") ? c.get("user") : c.get("author"));
}

function updateAuthor(body: Payload): string | undefined {
  const u = body.get("update");
  return userName(u.has("user") ? u.get("user") : u.get("submitter"));
}

function overrideAuthor(body: Payload): string | undefined {
  return userName(body.get("override.submitter"));
}

function overrideNvr(body: Payload): string | undefined {
  const b = body.get("override.build");
  return b.str() ?? b.str("nvr");
}

/** The update the message is about: its own, or the one its comment is on. */
function theUpdate(body: Payload): Payload | undefined {
  if (body.has("update")) return body.keys("update").length > 0 ? body.get("update") : undefined;
  const u = body.get("comment.update");
  return u.keys().length > 0 ? u : undefined;
}

/** The update's title, or its builds' NVRs when it has none. */
function titleString(body: Payload): string {
  const u = theUpdate(body);
  if (!u) return body.str("comment.update_title") ?? "";
  return u.str("title") || buildNvrs(u).join(" ");
}

function buildNvrs(u: Payload): string[] {
  return u.list("builds").flatMap((b) => b.str("nvr") ?? []);
}

/** What Bodhi's URLs use for an update: its alias (FEDORA-2019-...) or else its title. */
function titleOrAlias(body: Payload): string {
  const u = theUpdate(body);
  return u?.str("alias") || u?.str("title") || body.str("comment.update_alias") || body.str("comment.update_title") || "";
}

function cut(title: string): string {
  if (title.length < TITLE_MAX_CHARS) return title;
  const cps = Array.from(title);
  return cps.length >= TITLE_MAX_CHARS ? `${cps.slice(0, TITLE_MAX_CHARS).join("")}...` : title;
}

/** Package names in an update title or a list of NVRs ("a-1-1.fc30,b-2-1.fc30" or with spaces). */
function titlePackages(s: string): string[] {
  return s
    .split(NVR_SEPARATOR)
    .filter((w) => w !== "" && !NOT_A_BUILD.test(w))
    .map(nvrName);
}

/** The packages of the update: its builds when listed, else parsed from its title. */
function updatePackages(body: Payload): string[] {
  const u = theUpdate(body);
  const nvrs = u ? buildNvrs(u) : [];
  return nvrs.length > 0 ? nvrs.map(nvrName) : titlePackages(titleString(body));
}

function usernames(body: Payload): string[] {
  const users = [commentAuthor(body), updateAuthor(body), overrideAuthor(body)];
  const text = body.str("comment.text");
  if (text) for (const m of text.matchAll(MENTION)) users.push(m[0].slice(1));
  users.push(body.str("agent"));
  return users.filter((u): u is string => !!u);
}

function actor(body: Payload, kind: Kind): string | undefined {
  if (kind === "comment") return commentAuthor(body);
  if (kind === "override") return overrideAuthor(body);
  if (kind === "stack") return body.str("agent");
  return updateAuthor(body) || body.str("agent");
}

/** The fields every Bodhi message has: users, agent and the secondary icon. */
function base(ctx: Ctx, kind: Kind, text: string): Result {
  const who = actor(ctx.body, kind);
  let avatar = ICON;
  if (who) avatar = fedmsgAvatarUrl(who);
  else {
    const first = titleString(ctx.body) ? updatePackages(ctx.body)[0] : undefined;
    if (first) avatar = packageIconUrl(first);
  }
  const users = usernames(ctx.body);
  // The avatar shows whose update it is; the agent is who acted, when the message says.
  return { text, link: BODHI, usernames: users, agent: ctx.body.str("agent") || who || users[0] || null, avatar };
}

/** A message about one update: linked to it, about its packages. */
function onUpdate(text: (ctx: Ctx, title: string) => string, kind: Kind = "other"): Handler {
  return (ctx) => {
    const packages = updatePackages(ctx.body);
    return {
      ...base(ctx, kind, text(ctx, cut(titleString(ctx.body)))),
      link: `${BODHI}/updates/${titleOrAlias(ctx.body)}`,
      packages,
      objects: packages.map((p) => `packages/${p}`),
    };
  };
}

/** A masher/composer message about one repository. */
function onRepo(text: (repo: string, body: Payload) => string): Handler {
  return (ctx) => {
    const repo = ctx.body.text("repo");
    return { ...base(ctx, "other", text(repo ?? "unknown repo", ctx.body)), objects: repo ? [`repos/${repo}`] : [] };
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
  const r = base(ctx, "other", text);
  if (ctx.title === "bodhi.composer.start") {
    const repo = ctx.body.text("repo");
    return { ...r, objects: repo ? [`repos/${repo}`] : [], long: listed ? listing(updates) : undefined };
  }
  const packages = updates.flatMap(titlePackages);
  return { ...r, packages, objects: packages.map((p) => `packages/${p}`), long: listed ? listing(updates) : undefined };
};

function listing(items: readonly string[]): string {
  return `\n- ${items.join("\n- ")}\n`;
}

const overrideHandler =
  (verb: string): Handler =>
  (ctx) => {
    const nvr = overrideNvr(ctx.body);
    const packages = nvr ? titlePackages(nvr) : [];
    return {
      ...base(ctx, "override", `${someone(overrideAuthor(ctx.body))} ${verb} a buildroot override for ${nvr ?? "a build"}`),
      link: nvr ? `${BODHI}/overrides/${nvr}` : BODHI,
      packages,
      objects: packages.map((p) => `packages/${p}`),
    };
  };

const stackHandler =
  (verb: string): Handler =>
  (ctx) => {
    const name = ctx.body.text("stack.name") ?? "";
    const packages = ctx.body.list("stack.packages").flatMap((p) => p.str("name") ?? []);
    return {
      ...base(ctx, "stack", `${someone(ctx.body.str("agent"))} ${verb} the "${name}" stack`),
      link: `${BODHI}/stacks/${name}`,
      packages,
      objects: [...packages.map((p) => `packages/${p}`), ...(name ? [`stacks/${name}`] : [])],
    };
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
  return {
    ...base(ctx, "other", text),
    link: syncLink(product.toLowerCase(), repo, release, modular),
    objects: [`${product.toLowerCase()}/${repo}/${release}`],
  };
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

const requestHandler = onUpdate((ctx, title) => {
  const status = ctx.captures[0] ?? "";
  const agent = someone(ctx.body.str("agent"));
  const past = PAST_TENSE[status];
  return past ? `${agent} ${past} ${title}` : `${agent} submitted ${title} to ${status}`;
});

const karmaThreshold = onUpdate(
  (ctx, title) => `${title} reached the ${ctx.body.text("status") ?? ctx.captures[0] ?? "stable"} karma threshold`,
);

export default defineService({
  name: "bodhi",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "bodhi.update.comment": (ctx) => {
      const c = ctx.body.get("comment");
      const title = c.str("update_title") ?? c.str("update.title") ?? "";
      const text = `${someone(commentAuthor(ctx.body))} commented on bodhi update ${cut(title)} (karma: ${c.text("karma") ?? 0})`;
      const r = onUpdate(() => text, "comment")(ctx);
      return r && { ...r, long: c.str("text") || undefined };
    },
    "bodhi.update.complete.*": onUpdate(
      (ctx, title) =>
        `${someone(updateAuthor(ctx.body))}'s ${title} bodhi update completed push to ${ctx.body.text("update.status") ?? ctx.captures[0] ?? ""}`,
    ),
    "bodhi.update.eject": onUpdate(
      (ctx, title) =>
        `${someone(updateAuthor(ctx.body))}'s ${title} bodhi update was ejected from the ${ctx.body.text("repo") ?? "unknown"} mash.  ` +
        `Reason: "${ctx.body.text("reason") ?? ""}"`,
    ),
    "bodhi.update.edit": onUpdate((ctx, title) => `${someone(ctx.body.str("agent"))} edited ${title}`),
    "bodhi.update.request.*": requestHandler,
    "bodhi.update.karma.threshold": karmaThreshold,
    "bodhi.update.karma.threshold.*": karmaThreshold,
    "bodhi.update.requirements_met.*": onUpdate((ctx, title) => `${title} reached the ${ctx.captures[0] ?? ""} testing threshold`),
    "bodhi.errata.publish": (ctx) => {
      const r = onUpdate(() => ctx.body.text("subject") ?? "bodhi published an update notice")(ctx);
      return r && { ...r, long: ctx.body.str("body") || undefined };
    },
    "bodhi.masher.start": mashStart,
    "bodhi.composer.start": mashStart,
    "bodhi.mashtask.start": (ctx) => base(ctx, "other", "bodhi masher started a push"),
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
