/**
 * The Fedora wiki (fedmsg era, topics `wiki.*`): page edits and file uploads.
 * Wording from fedmsg.meta's wiki processor. Wiki user names are capitalised
 * (`Ralph`); the Fedora account is the lower-cased name.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { trimSlashes } from "../util/text.js";

const WIKI_HOST = "https://fedoraproject.org";
/** How much of an upload's description the line quotes. */
const DESCRIPTION_CHARS = 35;

function account(ctx: Ctx, key: string): string | undefined {
  const name = ctx.body.text(key);
  return name ? name.toLowerCase() : undefined;
}

function articleEdit(ctx: Ctx): Result {
  const { body } = ctx;
  const wikiUser = body.text("user") ?? body.text("user_text");
  const title = body.text("title") ?? "(unknown)";
  const user = account(ctx, body.has("user") ? "user" : "user_text");
  const url = body.str("url");
  return {
    text: `${wikiUser ?? "someone"} made a wiki edit to "${title}"`,
    link: url ? url.replace("http://", "https://") : null,
    usernames: [user],
    agent: user ?? null,
    objects: [`${trimSlashes(title)}-page`],
    avatar: user ? fedmsgAvatarUrl(user) : null,
  };
}

function uploadComplete(ctx: Ctx): Result {
  const { body } = ctx;
  const wikiUser = body.text("user_text") ?? body.text("user");
  const user = account(ctx, body.has("user") ? "user" : "user_text");
  const file = body.text("title.mPrefixedText") ?? body.text("title") ?? "a file";
  const description = Array.from(body.text("description") ?? "")
    .slice(0, DESCRIPTION_CHARS)
    .join("");
  const url = body.str("url");
  return {
    text: `${wikiUser ?? "someone"} uploaded ${file} to the wiki: "${description}..."`,
    // fedmsg.meta gives no link here; the site-relative file URL is on the wiki's host.
    link: url?.startsWith("/") ? `${WIKI_HOST}${url}` : null,
    usernames: [user],
    agent: user ?? null,
    // The upload's `url` is site-relative (`/w/images/...`); the object drops its leading slash.
    objects: url ? [url.slice(1)] : [],
    avatar: user ? fedmsgAvatarUrl(user) : null,
  };
}

export default defineService({
  name: "mediawiki",
  era: "fedmsg",
  app: "Wiki",
  icon: "https://fedoraproject.org/w/skins/common/images/mediawiki.png",
  topics: {
    "wiki.article.edit": articleEdit,
    "wiki.upload.complete": uploadComplete,
  },
});
