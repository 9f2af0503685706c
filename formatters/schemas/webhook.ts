/**
 * webhook-to-fedora-messaging-messages: forge and service webhooks relayed to
 * the bus (GitHub, Forgejo, GitLab, Pretix, Discourse). The forge messages have
 * the body `{body: <webhook JSON>, headers: <HTTP headers>, agent: <FAS name or
 * null>, group?}`; tests publish them without a topic, the relay on
 * `<forge>.<event>`. Discourse events keep discourse2fedmsg's layout; their
 * handler is in discourse.ts, registered here: this package is the one that owns
 * `discourse.event.v1` (the registry refuses a second owner).
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { forgeReport, UNSUPPORTED, type Forge } from "../util/webhook-forges.js";
import { wordTable } from "../util/text.js";
import { discourse } from "./discourse.js";

const ICON = "https://apps.fedoraproject.org/img/icons/webhook-to-fedora-messaging.png";
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
  const did =
    action === "event.checkin" && kind === "entry"
      ? "entered"
      : action === "event.checkin" && kind === "exit"
        ? "exited"
        : `caused ${action} in`;
  const url = data.text("instance_url") ?? "";
  const instance = PRETIX_INSTANCES[url] ?? "Pretix";
  const text = `${who} ${did} ${data.text("event") ?? "an event"} on ${instance}`;
  return common(ctx, text, text, "Pretix");
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
