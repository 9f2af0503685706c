/**
 * Fedora's Discourse forums relayed by discourse2fedmsg (discourse2fedmsg-messages):
 * posts, likes, topics and accepted solutions on Fedora Discussion and Ask Fedora.
 *
 * webhook-to-fedora-messaging (webhook.ts) registers the same schema name
 * `discourse.event.v1`; this handler declines any body that is not a relayed
 * Discourse webhook (`webhook_headers` with the X-Discourse-* event headers).
 */
import { defineService, type Ctx, type Result } from "../define.js";
import type { Payload } from "../payload.js";

// Maps, not object literals: keys come from the payload ("constructor" is no event).
const INSTANCES: ReadonlyMap<string, string> = new Map([
  ["https://discussion.fedoraproject.org", "Fedora Discussion"],
  ["https://ask.fedoraproject.org", "Ask Fedora"],
]);

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const PATH_RE = /\/.*$/s;

const POST_EVENTS: ReadonlyMap<string, string> = new Map([
  ["post_edited", "Post Edited"],
  ["post_recovered", "Post Recovered"],
  ["post_destroyed", "Post Destroyed"],
]);
const TOPIC_EVENTS: ReadonlyMap<string, string> = new Map([
  ["topic_edited", "Topic Edited"],
  ["topic_destroyed", "Topic Destroyed"],
  ["topic_recovered", "Topic Recovered"],
]);
const UNTITLED = "(untitled)";

/**
 * The instance's display name. For an instance it does not know, the reference
 * writes Python's `None`; we write the instance's host instead.
 */
function instanceName(url: string | undefined): string {
  if (url === undefined) return "Discourse";
  const known = INSTANCES.get(url);
  if (known !== undefined) return known;
  const host = url.replace(SCHEME_RE, "").replace(PATH_RE, "");
  return host !== "" ? host : url;
}

interface Event {
  instance: string;
  event: string;
  type: string;
  /** `webhook_body[type]` */
  contents: Payload;
}

function summarize(e: Event): { text: string; agent: string | undefined; usernames: (string | undefined)[] } {
  const { instance, event, type, contents } = e;
  const post = type === "like" ? contents.get("post") : contents;
  const author = post.str("username") ?? "someone";
  const title = post.str("topic_title") ?? UNTITLED;
  if (type === "post") {
    const agent = POST_EVENTS.has(event) || event === "post_created" ? contents.str("username") : undefined;
    if (event === "post_created") {
      return { text: `New Post on ${instance}: ${author} posted in '${title}'`, agent, usernames: [] };
    }
    const label = POST_EVENTS.get(event);
    if (label !== undefined) return { text: `${label} on ${instance}: ${author}'s post on '${title}'`, agent, usernames: [] };
  } else if (type === "like") {
    const liker = contents.str("user.username");
    const likedAuthor = contents.str("post.username");
    if (event === "post_liked") {
      return {
        text: `Post Liked on ${instance}: ${liker ?? "someone"} liked ${author}'s post on '${title}'`,
        agent: liker,
        usernames: [likedAuthor],
      };
    }
    return { text: `${instance}: ${type}.${event}`, agent: undefined, usernames: [likedAuthor] };
  } else if (type === "topic") {
    const creator = contents.str("created_by.username");
    const topicTitle = contents.str("title") ?? UNTITLED;
    if (event === "topic_created") {
      return {
        text: `New Topic on ${instance}: ${creator ?? "someone"} created the topic '${topicTitle}'`,
        agent: creator,
        usernames: [],
      };
    }
    const label = TOPIC_EVENTS.get(event);
    if (label !== undefined) {
      return { text: `${label} on ${instance}: ${creator ?? "someone"}'s topic '${topicTitle}'`, agent: creator, usernames: [] };
    }
  } else if (type === "solved") {
    // The question's author marks the solution; the webhook only names the answer's author.
    const solver = contents.str("username");
    if (event === "accepted_solution") {
      return {
        text: `Accepted Solution on ${instance}: ${author}'s post on topic '${title}' marked as the solution.`,
        agent: undefined,
        usernames: [solver],
      };
    }
    return { text: `${instance}: ${type}.${event}`, agent: undefined, usernames: [solver] };
  }
  return { text: `${instance}: ${type}.${event}`, agent: undefined, usernames: [] };
}

function discourseEvent(ctx: Ctx): Result | undefined {
  const b = ctx.body;
  const headers = b.get("webhook_headers");
  const type = headers.str("X-Discourse-Event-Type");
  const event = headers.str("X-Discourse-Event");
  if (!headers.isObject() || type === undefined || event === undefined) return undefined;
  const s = summarize({
    instance: instanceName(headers.str("X-Discourse-Instance")),
    event,
    type,
    contents: b.get("webhook_body").at(type),
  });
  return { text: s.text, long: s.text, agent: s.agent ?? null, usernames: s.usernames };
}

export default defineService({
  name: "discourse",
  era: "fedora-messaging",
  app: "Discourse",
  icon: null,
  schemas: {
    "discourse.event.v1": { topics: ["discourse.*.*"], handler: discourseEvent },
  },
});
