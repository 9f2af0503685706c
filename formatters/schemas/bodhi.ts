/**
 * Bodhi, Fedora's update system (bodhi-messages): updates and their requests,
 * comments and tests, buildroot overrides, composes and errata.
 */
import { defineService, type Ctx, type Result, type SchemaEntry } from "../define.js";
import type { Payload } from "../payload.js";
import { Severity } from "../types.js";
import { nvrName } from "../util/fedora-package.js";
import { codePointPrefix } from "../util/text.js";

const BODHI = "https://bodhi.fedoraproject.org";
const BUILDS_MAX_CHARS = 40;
/** Bodhi's `(?<!\S)(@\w+)`: an @mention not glued to a preceding word. */
const MENTION_RE = /(?<!\S)@([\p{L}\p{N}_]+)/gu;

/** Builds joined by spaces, cut at 40 characters with "…" (Bodhi's `truncate`). */
function buildsLine(nvrs: readonly string[]): string {
  const line = nvrs.join(" ");
  const head = codePointPrefix(line, BUILDS_MAX_CHARS);
  return head !== undefined ? `${head}…` : line;
}

/** Adds the names @mentioned in `text` to `names`. */
function pushMentions(text: string | undefined, names: (string | undefined)[]): void {
  // Most comments mention nobody: no regex run for them.
  if (text === undefined || !text.includes("@")) return;
  for (const m of text.matchAll(MENTION_RE)) names.push(m[1] ?? "");
}

/** The length of the list at `path` (0 when it is no list), without wrapping its elements. */
function count(p: Payload, path: string): number {
  const v = p.raw(path);
  return Array.isArray(v) ? v.length : 0;
}

/** The update a message is about, read once. */
interface Update {
  alias: string;
  /** The owner's account name, when the update says. */
  ownerName: string | undefined;
  /** The owner's account name, or "someone". */
  owner: string;
  status: string;
  nvrs: string[];
}

function readUpdate(u: Payload): Update {
  const ownerName = u.str("user.name");
  const nvrs: string[] = [];
  for (const b of u.list("builds")) nvrs.push(b.str("nvr") ?? "?");
  return { alias: u.str("alias") ?? "unknown", ownerName, owner: ownerName ?? "someone", status: u.text("status") ?? "unknown", nvrs };
}

function severity(ctx: Ctx, fallback: number): number {
  return ctx.headers.num("fedora_messaging_severity") ?? fallback;
}

type UpdateText = (u: Update, ctx: Ctx, agent: string | undefined) => { text: string; long?: string };

/** Messages about one update (`body.update`, or `body.comment.update` for comments). */
function updateMessage(render: UpdateText, opts: { path?: string; agentPath?: string; severity?: number } = {}) {
  return (ctx: Ctx): Result => {
    const b = ctx.body;
    const u = readUpdate(b.get(opts.path ?? "update"));
    const agent = b.str(opts.agentPath ?? "agent");
    const { text, long } = render(u, ctx, agent);
    const usernames = [agent];
    pushMentions(b.str("comment.text"), usernames);
    usernames.push(u.ownerName);
    return {
      text,
      long: long ?? text,
      link: `${BODHI}/updates/${u.alias}`,
      agent: agent ?? null,
      usernames,
      packages: u.nvrs.map(nvrName),
      severity: opts.severity !== undefined ? severity(ctx, opts.severity) : undefined,
    };
  };
}

const lines = (nvrs: readonly string[]): string => nvrs.join("\n");
const ownerQual = (u: Update, agent: string | undefined): string => (agent === u.owner ? "their" : `${u.owner}'s`);

const comment = updateMessage(
  (u, ctx, agent) => {
    const karma = ctx.body.text("comment.karma") ?? "0";
    return {
      text: `${agent ?? "someone"} commented on update ${buildsLine(u.nvrs)} (karma: ${karma})`,
      long:
        `${agent ?? "someone"} commented on ${u.owner}'s update ${u.alias} with karma ${karma}:\n\n` +
        `${ctx.body.str("comment.text") ?? ""}\n\nBuilds:\n${lines(u.nvrs)}`,
    };
  },
  { path: "comment.update", agentPath: "comment.user.name" },
);

const completed = updateMessage((u) => ({
  text: `${u.owner}'s ${buildsLine(u.nvrs)} bodhi update completed push to ${u.status}`,
  long: `${u.owner}'s Bodhi update ${u.alias} completed push to ${u.status}\nBuilds:\n${lines(u.nvrs)} `,
}));

function edit(v2: boolean) {
  return updateMessage((u, ctx, agent) => {
    const n = (k: string): number => count(ctx.body, k);
    const who = agent ?? "someone";
    return {
      text: `${who} edited ${ownerQual(u, agent)} update ${u.alias} (${buildsLine(u.nvrs)})`,
      long: v2
        ? `${who} edited ${u.alias} adding ${n("new_bugs")} new bug(s), adding ${n("new_builds")} build(s), and removing ${n("removed_builds")} build(s)`
        : `${who} edited ${u.alias} adding ${n("new_bugs")} new bugs`,
    };
  });
}

const editV1 = edit(false);
const editV2 = edit(true);
/** Without a schema header: v2 is the one that lists the added and removed builds. */
const editAny = (ctx: Ctx): Result => (ctx.body.has("new_builds") ? editV2 : editV1)(ctx);

const eject = updateMessage((u, ctx) => ({
  text:
    `${u.owner}'s ${buildsLine(u.nvrs)} bodhi update was ejected from the ${ctx.body.text("repo") ?? "unknown"} mash. ` +
    `Reason: "${ctx.body.text("reason") ?? ""}"`,
}));

const karmaThreshold = updateMessage((u, ctx) => {
  const status = ctx.body.text("status") ?? "unknown";
  return {
    text: `${u.owner}'s ${buildsLine(u.nvrs)} bodhi update has reached the ${status} karma threshold`,
    long: `${u.owner}'s bodhi update ${u.alias} has reached the ${status} karma threshold.\nBuilds:\n${lines(u.nvrs)}`,
  };
});

// A Map: the request comes from the topic, and "constructor" is no request.
const PAST: ReadonlyMap<string, string> = new Map([
  ["unpush", "unpushed"],
  ["obsolete", "obsoleted"],
  ["revoke", "revoked"],
]);

/** A request on an update; the request is the topic's last segment (the schema's when there is no topic). */
function request(fromSchema: string) {
  return updateMessage((u, ctx, agent) => {
    const full = ctx.topic.full;
    // The topic's last segment (all of it when it has no dot).
    const req = full !== "" ? full.slice(full.lastIndexOf(".") + 1) : fromSchema;
    const who = agent ?? "someone";
    const past = PAST.get(req);
    const head = `${who} ${past ?? "submitted"} ${ownerQual(u, agent)} update ${u.alias}`;
    return past !== undefined
      ? { text: `${head} (${buildsLine(u.nvrs)})`, long: `${head}.\nBuilds:\n${lines(u.nvrs)}` }
      : { text: `${head} (${buildsLine(u.nvrs)}) to ${req}`, long: `${head} to ${req}.\nBuilds:\n${lines(u.nvrs)}` };
  });
}

const requirementsMet = updateMessage((u) => ({
  text: `${u.owner}'s ${buildsLine(u.nvrs)} bodhi update has met stable testing requirements`,
  long: `${u.owner}'s Bodhi update ${u.alias} has met stable testing requirements.\nBuilds:\n${lines(u.nvrs)}`,
}));

const readyV3 = updateMessage(
  (u) => ({
    text: `${u.owner}'s ${buildsLine(u.nvrs)} bodhi update is ready for testing`,
    long: `${u.owner}'s Bodhi update ${u.alias} is ready for testing\nBuilds:\n${lines(u.nvrs)} `,
  }),
  { severity: Severity.DEBUG },
);

/**
 * The first two versions of "ready for testing" describe the CI artifact:
 * builds with their issuer and component. v1 names the CI contact, v2 the update's owner.
 */
function readyArtifact(ctx: Ctx): Result {
  const b = ctx.body;
  const nvrs: string[] = [];
  const usernames: (string | undefined)[] = [];
  const packages: (string | undefined)[] = [];
  for (const x of b.list("artifact.builds")) {
    nvrs.push(x.str("nvr") ?? "?");
    usernames.push(x.str("issuer"));
    packages.push(x.str("component"));
  }
  const owner = (b.has("update") ? b.str("update.user.name") : b.str("contact.name")) ?? "someone";
  const agent = b.str("agent");
  usernames.push(agent);
  const id = b.text("artifact.id");
  return {
    text: `${owner}'s ${buildsLine(nvrs)} bodhi update is ready for testing`,
    long: `${owner}'s Bodhi update is ready for testing\nBuilds:\n${lines(nvrs)} `,
    link: id !== undefined ? `${BODHI}/updates/${id}` : null,
    agent: agent ?? null,
    usernames,
    packages,
    severity: severity(ctx, Severity.DEBUG),
  };
}

/** Without a schema header the three versions share one topic: tell them apart by shape. */
function readyAny(ctx: Ctx): Result {
  return ctx.body.has("update") && !ctx.body.has("contact") ? readyV3(ctx) : readyArtifact(ctx);
}

function override(verb: string) {
  return (ctx: Ctx): Result => {
    const nvr = ctx.body.str("override.nvr") ?? "unknown";
    const submitter = ctx.body.str("override.submitter.name");
    return {
      text: `${submitter ?? "someone"} ${verb} a buildroot override for ${nvr}`,
      link: `${BODHI}/overrides/${nvr}`,
      agent: submitter ?? null,
      usernames: [submitter],
      packages: [nvrName(nvr)],
    };
  };
}

/** Composer messages: the agent is whoever started the push. */
function compose(render: (repo: string, ctx: Ctx) => string) {
  return (ctx: Ctx): Result => {
    const agent = ctx.body.str("agent");
    return { text: render(ctx.body.text("repo") ?? "a repository", ctx), agent: agent ?? null, usernames: [agent] };
  };
}

function errata(ctx: Ctx): Result {
  const b = ctx.body;
  const u = readUpdate(b.get("update"));
  const owner = u.ownerName;
  const subject = b.str("subject") ?? `Bodhi update ${u.alias} published`;
  return {
    text: subject,
    long: b.str("body") ?? subject,
    link: `${BODHI}/updates/${u.alias}`,
    agent: owner ?? null,
    usernames: [owner],
    packages: u.nvrs.map(nvrName),
  };
}

const READY_TOPIC = "bodhi.update.status.testing.koji-build-group.build.complete";
const entry = (topic: string | null, handler: SchemaEntry["handler"]): SchemaEntry =>
  topic !== null ? { topics: [topic], handler } : { handler };

export default defineService({
  name: "bodhi",
  era: "fedora-messaging",
  app: "bodhi",
  icon: "https://apps.fedoraproject.org/img/icons/bodhi.png",
  schemas: {
    "bodhi.buildroot_override.tag.v1": entry("bodhi.buildroot_override.tag", override("submitted")),
    "bodhi.buildroot_override.untag.v1": entry("bodhi.buildroot_override.untag", override("expired")),
    "bodhi.errata.publish.v1": entry("bodhi.errata.publish", errata),
    "bodhi.compose.complete.v1": entry(
      "bodhi.compose.complete",
      compose((repo, ctx) =>
        ctx.body.bool("success") ? `bodhi composer successfully composed ${repo}` : `bodhi composer failed to compose ${repo}`,
      ),
    ),
    "bodhi.compose.composing.v1": entry(
      "bodhi.compose.composing",
      compose((r) => `bodhi composer started composing ${r}`),
    ),
    "bodhi.compose.start.v1": entry(
      "bodhi.compose.start",
      compose(() => "bodhi composer started a push"),
    ),
    "bodhi.compose.sync.done.v1": entry(
      "bodhi.compose.sync.done",
      compose((r) => `bodhi composer finished waiting for ${r} to hit the master mirror`),
    ),
    "bodhi.compose.sync.wait.v1": entry(
      "bodhi.compose.sync.wait",
      compose((r) => `bodhi composer is waiting for ${r} to hit the master mirror`),
    ),
    "bodhi.repo.done.v1": entry(
      "bodhi.repo.done",
      compose((r) => `bodhi composer is finished building ${r}`),
    ),
    "bodhi.update.comment.v1": entry("bodhi.update.comment", comment),
    "bodhi.update.complete.stable.v1": entry("bodhi.update.complete.stable", completed),
    "bodhi.update.complete.testing.v1": entry("bodhi.update.complete.testing", completed),
    "bodhi.update.status.testing.v1": entry(null, readyArtifact),
    "bodhi.update.status.testing.v2": entry(null, readyArtifact),
    "bodhi.update.status.testing.v3": entry(READY_TOPIC, readyAny),
    "bodhi.update.edit.v1": entry(null, editV1),
    "bodhi.update.edit.v2": entry("bodhi.update.edit", editAny),
    "bodhi.update.eject.v1": entry("bodhi.update.eject", eject),
    "bodhi.update.karma.threshold.v1": entry("bodhi.update.karma.threshold.reach", karmaThreshold),
    "bodhi.update.request.revoke.v1": entry("bodhi.update.request.revoke", request("revoke")),
    "bodhi.update.request.stable.v1": entry("bodhi.update.request.stable", request("stable")),
    "bodhi.update.request.testing.v1": entry("bodhi.update.request.testing", request("testing")),
    "bodhi.update.request.unpush.v1": entry("bodhi.update.request.unpush", request("unpush")),
    "bodhi.update.request.obsolete.v1": entry("bodhi.update.request.obsolete", request("obsolete")),
    "bodhi.update.requirements_met.stable.v1": entry("bodhi.update.requirements_met.stable", requirementsMet),
  },
});
