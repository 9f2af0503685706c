/**
 * Fedora Planet, the blog aggregator (fedmsg era): one message per new post.
 * Wording from fedmsg.meta's planet processor.
 */
import { defineService, type Ctx, type Result } from "../define.js";

const SCHEME = /^https?:\/\//;

function postNew(ctx: Ctx): Result | undefined {
  const { body } = ctx;
  if (!body.isObject("post")) return undefined;
  const title = body.text("post.title") ?? "(no title found)";
  const user = body.text("username");
  const link = body.str("post.link") ?? null;
  // The feed's summary, else the first content block: raw HTML, kept as the long form.
  const long = body.has("post.summary") ? body.text("post.summary") : body.text("post.content.0.value");
  const text = user ? `${user} posted "${title}"` : `New post: "${title}"`;
  return {
    text,
    link,
    usernames: [user],
    agent: user ?? null,
    objects: [link?.replace(SCHEME, "")],
    avatar: body.str("face") ?? null,
    long: long || text,
  };
}

export default defineService({
  name: "planet",
  era: "fedmsg",
  app: "planet",
  icon: "https://apps.fedoraproject.org/img/icons/planet_logo.png",
  topics: { "planet.post.new": postNew },
});
