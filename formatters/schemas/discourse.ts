/**
 * Discourse events (Fedora Discussion, Ask Fedora) as relayed by
 * webhook-to-fedora-messaging under the schema name `discourse.event.v1`.
 *
 * Not a service of its own: webhook.ts registers this handler. discourse2fedmsg
 * introduced the same schema name with the same body layout, and a body cannot
 * tell which of the two published it; the webhook relay replaced it and is the
 * one live on the bus, so its class (app "Discourse" with the Discourse icon) is
 * the one followed. discourse2fedmsg's class differs only by having no icon.
 */
import type { Handler } from "../define.js";
import { wordTable } from "../util/text.js";

const DISCOURSE_ICON = "https://apps.fedoraproject.org/img/icons/discourse.png";
const DISCOURSE_INSTANCES: Readonly<Record<string, string>> = wordTable({
  "https://discussion.fedoraproject.org": "Fedora Discussion",
  "https://ask.fedoraproject.org": "Ask Fedora",
});
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const POST_EVENTS: Readonly<Record<string, string>> = wordTable({
  post_edited: "Post Edited",
  post_recovered: "Post Recovered",
  post_destroyed: "Post Destroyed",
});
const TOPIC_EVENTS: Readonly<Record<string, string>> = wordTable({
  topic_edited: "Topic Edited",
  topic_destroyed: "Topic Destroyed",
  topic_recovered: "Topic Recovered",
});
const own = (table: Readonly<Record<string, string>>, key: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** An unknown instance is named by its host (the reference writes Python's `None`). */
function discourseInstance(url: string | undefined): string {
  if (url === undefined) return "Discourse";
  return own(DISCOURSE_INSTANCES, url) ?? (url.replace(SCHEME_RE, "").split("/")[0] || url);
}

export const discourse: Handler = (ctx) => {
  const b = ctx.body;
  if (!b.isObject("webhook_headers") || !b.isObject("webhook_body")) return undefined;
  const headers = b.get("webhook_headers");
  const instance = discourseInstance(headers.str("X-Discourse-Instance"));
  const event = headers.text("X-Discourse-Event") ?? "";
  const type = headers.text("X-Discourse-Event-Type") ?? "";
  const contents = b.get("webhook_body").get(type);
  const post = type === "like" ? contents.get("post") : contents;
  const author = post.text("username") ?? "someone";
  const title = post.text("topic_title") ?? "(untitled)";
  let text: string | undefined;
  let agent: string | undefined;
  const usernames: (string | undefined)[] = [];
  if (type === "post") {
    const label = event === "post_created" ? "New Post" : own(POST_EVENTS, event);
    if (label !== undefined) {
      agent = contents.str("username");
      text =
        event === "post_created"
          ? `New Post on ${instance}: ${author} posted in '${title}'`
          : `${label} on ${instance}: ${author}'s post on '${title}'`;
    }
  } else if (type === "like") {
    usernames.push(post.str("username"));
    if (event === "post_liked") {
      agent = contents.str("user.username");
      text = `Post Liked on ${instance}: ${agent ?? "someone"} liked ${author}'s post on '${title}'`;
    }
  } else if (type === "topic") {
    const creator = contents.text("created_by.username") ?? "someone";
    const topicTitle = contents.text("title") ?? "(untitled)";
    const label = own(TOPIC_EVENTS, event);
    if (event === "topic_created" || label !== undefined) agent = contents.str("created_by.username");
    if (event === "topic_created") text = `New Topic on ${instance}: ${creator} created the topic '${topicTitle}'`;
    else if (label !== undefined) text = `${label} on ${instance}: ${creator}'s topic '${topicTitle}'`;
  } else if (type === "solved") {
    // The solution's author; whoever accepted it is not in the webhook.
    usernames.push(contents.str("username"));
    if (event === "accepted_solution")
      text = `Accepted Solution on ${instance}: ${author}'s post on topic '${title}' marked as the solution.`;
  }
  text ??= `${instance}: ${type}.${event}`;
  return { text, agent: agent ?? null, usernames, link: null, app: "Discourse", icon: DISCOURSE_ICON };
};
