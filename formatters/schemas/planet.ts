/** Fedora Planet, the blog aggregator (fedora-planet-messages). */
import { defineService, type Ctx, type Result } from "../define.js";
import { pyStrRepr } from "../util/python-repr.js";

/** The planet was rebuilt; `title` names the planet ("The planet" when absent). */
function build(ctx: Ctx): Result {
  const title = ctx.body.str("title");
  return { text: `${title !== undefined && title !== "" ? title : "The planet"} has been rebuilt` };
}

/** A new post; title and author are quoted the way Python's repr() quotes them. */
function postNew(ctx: Ctx): Result {
  const b = ctx.body;
  const user = b.str("username");
  const title = b.str("post.title");
  const words = ["A new post"];
  if (title !== undefined) words.push(pyStrRepr(title));
  words.push("was published on planet");
  if (user !== undefined) words.push("by", pyStrRepr(user));
  return { text: `${words.join(" ")}.`, agent: user ?? null, usernames: [user] };
}

export default defineService({
  name: "planet",
  era: "fedora-messaging",
  app: null,
  icon: null,
  schemas: {
    "planet.build": { topics: ["planet.build"], handler: build },
    "planet.post.new": { topics: ["planet.post.new"], handler: postNew },
  },
});
