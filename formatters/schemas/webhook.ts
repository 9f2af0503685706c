/**
 * webhook-to-fedora-messaging-messages: forge and service webhooks relayed to
 * the bus (GitHub, Forgejo, GitLab, Pretix, Discourse). The forge messages have
 * the body `{body: <webhook JSON>, headers: <HTTP headers>, agent: <FAS name or
 * null>, group?}`; tests publish them without a topic, the relay on
 * `<forge>.<event>`. Discourse uses discourse2fedmsg's layout (see discourse.ts,
 * which registers the same schema name and is tried first).
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { forgeReport, UNSUPPORTED, type Forge } from "../util/webhook-forges.js";
import { wordTable } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/img/icons/webhook-to-fedora-messaging.png";
const DISCOURSE_ICON = "https://apps.fedoraproject.org/img/icons/discourse.png";
const FORGE_NAMES: Readonly<Record<Forge, string>> = { github: "GitHub", forgejo: "Forgejo", gitlab: "GitLab" };
const PRETIX_PREFIX = "pretix.";
const PRETIX_INSTANCES: Readonly<Record<string, string>> = wordTable({
  "https://rsvp.fedoraproject.org": "Fedora ticket system",
  "https://rsvp.stg.fedoraproject.org": "Fedora ticket system (staging)",
});
const GITLAB_HOOK_RE = / Hook/g;
const SPACES_RE = / /g;

/**
 * The relay's envelope. Without a schema header, a body of another shape on these
 * topics is another publisher's (github2fedmsg used `github.*` too) and is declined.
 */
function isRelayed(ctx: Ctx): boolean {
  return ctx.msg.schema !== null || (ctx.body.isObject("body") && ctx.body.isObject("headers"));
}

/** Fields every relayed message shares: the FAS agent (if the relay found one) and the group. */
function common(ctx: Ctx, text: string, long: string, app: string): Result {
  const agent = ctx.body.str("agent");
  return { text, long, app, agent: agent ?? null, usernames: [agent], groups: [ctx.body.str("group")], link: null };
}

/** The actor: the FAS name, else the forge account (named as such, it is not a Fedora account). */
function actor(ctx: Ctx, forge: Forge, data: Payload): string {
  const agent = ctx.body.str("agent");
  if (agent !== undefined) return agent;
  const login =
    forge === "gitlab"
      ? (data.text("user_username") ?? data.text("user.username"))
      : (data.text("run.trigger_user.login") ?? data.text("sender.login"));
  return login !== undefined ? `${FORGE_NAMES[forge]} user ${login}` : "Someone";
}

function forgeHandler(forge: Forge): Handler {
  return (ctx) => {
    if (!isRelayed(ctx)) return undefined;
    const data = ctx.body.get("body");
    const headers = ctx.body.get("headers");
    let event: string | undefined;
    let repo: string | undefined;
    if (forge === "gitlab") {
      event = headers.text("x-gitlab-event")?.replace(GITLAB_HOOK_RE, "").replace(SPACES_RE, "_").toLowerCase();
      repo = data.text("repository.name");
    } else if (forge === "github") {
      event = headers.text("x-github-event");
      repo = data.text("repository.full_name");
    } else {
      event = headers.text("x-forgejo-event");
      // Action-run events carry their repository inside the run.
      repo = data.has("run.repository") ? data.text("run.repository.full_name") : data.text("repository.full_name");
    }
    const text = `${actor(ctx, forge, data)} created ${event ?? "an event"}${repo !== undefined ? ` on ${repo}` : ""}`;
    // GitHub also sends organisation- and app-level hooks; only repository events are described.
    const repoHook = forge !== "github" || headers.text("x-github-hook-installation-target-type") === "repository";
    const long = event !== undefined && repoHook ? forgeReport(forge, event, data) : UNSUPPORTED;
    return common(ctx, text, long, FORGE_NAMES[forge]);
  };
}

const pretix: Handler = (ctx) => {
  if (!isRelayed(ctx)) return undefined;
  const data = ctx.body.get("body");
  const agent = ctx.body.str("agent");
  let who = data.text("attendee_name") || "A user";
  if (agent) who = `${who} (${agent})`;
  const raw = data.text("action") ?? "";
  const action = raw.startsWith(PRETIX_PREFIX) ? raw.slice(PRETIX_PREFIX.length) : raw;
  const kind = data.text("type");
  const did = action === "event.checkin" && kind === "entry" ? "entered" : action === "event.checkin" && kind === "exit" ? "exited" : `caused ${action} in`;
  const url = data.text("instance_url") ?? "";
  const instance = PRETIX_INSTANCES[url] ?? "Pretix";
  const text = `${who} ${did} ${data.text("event") ?? "an event"} on ${instance}`;
  return common(ctx, text, text, "Pretix");
};

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

const discourse: Handler = (ctx) => {
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
      text = event === "post_created" ? `New Post on ${instance}: ${author} posted in '${title}'` : `${label} on ${instance}: ${author}'s post on '${title}'`;
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
    if (event === "accepted_solution") text = `Accepted Solution on ${instance}: ${author}'s post on topic '${title}' marked as the solution.`;
  }
  text ??= `${instance}: ${type}.${event}`;
  return { text, agent: agent ?? null, usernames, link: null, app: "Discourse", icon: DISCOURSE_ICON };
};

export default defineService({
  name: "webhook",
  era: "fedora-messaging",
  app: "Webhook to Fedora Messaging",
  icon: ICON,
  schemas: {
    "webhook_to_fedora_messaging.github.message_v1": { topics: ["github.*"], handler: forgeHandler("github") },
    "webhook_to_fedora_messaging.forgejo.message_v1": { topics: ["forgejo.*"], handler: forgeHandler("forgejo") },
    "webhook_to_fedora_messaging.gitlab.message_v1": { topics: ["gitlab.*"], handler: forgeHandler("gitlab") },
    "webhook_to_fedora_messaging.pretix.message_v1": { handler: pretix },
    "discourse.event.v1": { topics: ["discourse.*.*"], handler: discourse },
  },
});
