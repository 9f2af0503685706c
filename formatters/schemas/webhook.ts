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
import { Payload, isObject } from "../payload.js";
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
 * `data` and `headers` are the envelope's `body` and `headers` values.
 */
function isRelayed(ctx: Ctx, data: unknown, headers: unknown): boolean {
  return ctx.msg.schema !== null || (isObject(data) && isObject(headers));
}

/** Fields every relayed message shares: the FAS agent (if the relay found one) and the group. */
function common(ctx: Ctx, agent: string | undefined, text: string, long: string, app: string): Result {
  return { text, long, app, agent: agent ?? null, usernames: [agent], groups: [ctx.body.str("group")], link: null };
}

/** The actor: the FAS name, else the forge account (named as such, it is not a Fedora account). */
function actor(agent: string | undefined, forge: Forge, data: Payload): string {
  if (agent !== undefined) return agent;
  const login =
    forge === "gitlab"
      ? (data.text("user_username") ?? data.text("user.username"))
      : (data.text("run.trigger_user.login") ?? data.text("sender.login"));
  return login !== undefined ? `${FORGE_NAMES[forge]} user ${login}` : "Someone";
}

/** The event's name: GitLab's header (`Push Hook`) as the relay names it (`push`). */
function eventOf(forge: Forge, headers: Payload): string | undefined {
  if (forge === "gitlab") return headers.text("x-gitlab-event")?.replace(GITLAB_HOOK_RE, "").replace(SPACES_RE, "_").toLowerCase();
  return headers.text(forge === "github" ? "x-github-event" : "x-forgejo-event");
}

/** The repository's name; Forgejo's action-run events carry their repository inside the run. */
function repoOf(forge: Forge, data: Payload): string | undefined {
  if (forge === "gitlab") return data.text("repository.name");
  if (forge === "forgejo") {
    const inRun = data.get("run.repository");
    if (inRun.value !== undefined) return inRun.text("full_name");
  }
  return data.text("repository.full_name");
}

function forgeHandler(forge: Forge): Handler {
  return (ctx) => {
    const { body } = ctx;
    const dataValue = body.raw("body");
    const headersValue = body.raw("headers");
    if (!isRelayed(ctx, dataValue, headersValue)) return undefined;
    const data = new Payload(dataValue);
    const headers = new Payload(headersValue);
    const agent = body.str("agent");
    const event = eventOf(forge, headers);
    const repo = repoOf(forge, data);
    const text = `${actor(agent, forge, data)} created ${event ?? "an event"}${repo !== undefined ? ` on ${repo}` : ""}`;
    // GitHub also sends organisation- and app-level hooks; only repository events are described.
    const repoHook = forge !== "github" || headers.text("x-github-hook-installation-target-type") === "repository";
    const long = event !== undefined && repoHook ? forgeReport(forge, event, data) : UNSUPPORTED;
    return common(ctx, agent, text, long, FORGE_NAMES[forge]);
  };
}

const pretix: Handler = (ctx) => {
  const { body } = ctx;
  const dataValue = body.raw("body");
  if (!isRelayed(ctx, dataValue, body.raw("headers"))) return undefined;
  const data = new Payload(dataValue);
  const agent = body.str("agent");
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
  return common(ctx, agent, text, text, "Pretix");
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
