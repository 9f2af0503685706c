/**
 * Fedora Tagger (package tags, ratings and usage), fedmsg era, topics
 * `fedoratagger.*`. Old tag messages gave the package as a one-key object.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { avatarUrl } from "../util/avatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/tagger.png";
const BASE = "https://apps.fedoraproject.org/tagger/";
const ANONYMOUS = "An anonymous user";

/** The tagged package: a name, or in old messages an object keyed by the name. */
function tagPackage(body: Payload): string | undefined {
  const p = body.get("vote.tag.package");
  return p.isObject() ? p.keys()[0] : p.text();
}

/** Who to name in the line: their account, or "An anonymous user". */
function displayUser(user: Payload): string {
  return user.get("anonymous").value === true ? ANONYMOUS : (user.text("username") ?? "");
}

function accountOf(ctx: Ctx): string | undefined {
  const b = ctx.body;
  const t = ctx.title;
  if (t.startsWith("fedoratagger.tag.")) return b.text("vote.user.username");
  if (t === "fedoratagger.user.rank.update" || t === "fedoratagger.usage.toggle") return b.text("user.username");
  if (t === "fedoratagger.rating.update") return b.text("rating.user.username");
  return undefined;
}

function packageOf(ctx: Ctx): string | undefined {
  const b = ctx.body;
  if (ctx.title.startsWith("fedoratagger.tag.")) return tagPackage(b);
  if (ctx.title === "fedoratagger.rating.update") return b.text("rating.package.name");
  if (ctx.title === "fedoratagger.usage.toggle") return b.text("package.name");
  return undefined;
}

/** The tagger page of the package the message is about, if any. */
function linkOf(body: Payload): string | null {
  let pkg = tagPackage(body);
  if (!pkg && body.has("rating")) pkg = body.text("rating.package.name");
  if (body.has("package")) pkg = body.text("package.name");
  return pkg ? `${BASE}${pkg}` : null;
}

/** Wraps a topic's text with what every tagger message shares. */
function tagger(text: (b: Payload) => string): Handler {
  return (ctx) => {
    const { body } = ctx;
    // The anonymous account is nobody in particular.
    const account = accountOf(ctx);
    const user = account === "anonymous" ? undefined : account;
    const pkg = packageOf(ctx);
    const objects = pkg !== undefined ? [`packages/${pkg}`] : [];
    if (body.has("vote")) objects.push(`labels/${body.text("vote.tag.tag") ?? ""}`);
    return {
      text: text(body),
      link: linkOf(body),
      usernames: [user],
      packages: [pkg],
      objects,
      agent: user ?? null,
      avatar: user ? avatarUrl(user) : ICON,
    };
  };
}

export default defineService({
  name: "tagger",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "fedoratagger.tag.update": tagger((b) => {
      const verb = b.get("vote.like").value ? "up" : "down";
      return `${b.text("vote.user.username") ?? ""} ${verb}voted "${b.text("vote.tag.tag") ?? ""}" on ${tagPackage(b) ?? ""}`;
    }),
    "fedoratagger.tag.create": tagger(
      (b) => `${b.text("vote.user.username") ?? ""} added tag "${b.text("vote.tag.tag") ?? ""}" to ${tagPackage(b) ?? ""}`,
    ),
    "fedoratagger.rating.update": tagger(
      (b) =>
        `${displayUser(b.get("rating.user"))} gave ${b.text("rating.package.name") ?? ""} a rating of ${b.text("rating.rating") ?? ""}`,
    ),
    "fedoratagger.user.rank.update": tagger((b) => `${b.text("user.username") ?? ""}'s rank changed to ${b.text("user.rank") ?? ""}`),
    "fedoratagger.usage.toggle": tagger((b) => {
      const user = displayUser(b.get("user"));
      const pkg = b.text("package.name") ?? "";
      return b.get("usage").value ? `${user} declared that they use ${pkg}` : `${user} declared that they no longer use ${pkg}`;
    }),
  },
});
