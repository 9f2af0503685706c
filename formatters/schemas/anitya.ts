/**
 * Anitya / release-monitoring.org (anitya-schema): upstream projects, their
 * versions, distributions and the project-to-package mappings. Published as
 * `org.release-monitoring.prod.anitya.*`.
 *
 * Fedora's classes give no link and no users; only the mapping and v2 version
 * messages name Fedora packages.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import type { Payload } from "../payload.js";

const RM = "release-monitoring";

/** The payload's `message`: what changed, and the acting `agent`. */
const messageOf = (ctx: Ctx): Payload => ctx.body.get("message");

/** The Result every class shares; `message` is the payload's `message`. */
function base(message: Payload, text: string, packages: (string | undefined)[] = []): Result {
  return { text, agent: message.str("agent") ?? null, packages };
}

const project = (ctx: Ctx): string => ctx.body.str("project.name") ?? "unknown";
const distro = (ctx: Ctx, message: Payload): string => ctx.body.str("distro.name") ?? message.str("distro") ?? "unknown";
const textOf = (message: Payload, key: string): string => message.text(key) ?? "unknown";

/** Names of the Fedora packages in a `message.packages` list of {distro, package_name}. */
function fedoraPackages(message: Payload): string[] {
  const out: string[] = [];
  for (const p of message.list("packages")) {
    const name = p.str("package_name");
    if (p.str("distro") === "Fedora" && name !== undefined) out.push(name);
  }
  return out;
}

/** The elements of a `message` list, each as text ("" for one that is not). */
function texts(message: Payload, key: string): string[] {
  return message.list(key).map((v) => v.text() ?? "");
}

function projectLine(template: (name: string) => string) {
  return (ctx: Ctx): Result => base(messageOf(ctx), template(project(ctx)));
}

/** A line built from the payload's `message` (read once), with the shared fields. */
function messageLine(template: (ctx: Ctx, message: Payload) => string) {
  return (ctx: Ctx): Result => {
    const message = messageOf(ctx);
    return base(message, template(ctx, message));
  };
}

function mapNew(ctx: Ctx): Result {
  const message = messageOf(ctx);
  const fedora = ctx.body.str("distro.name") === "Fedora";
  return base(message, `A new mapping was created for project ${project(ctx)} in ${RM}.`, fedora ? [message.str("new")] : []);
}

function mapUpdate(ctx: Ctx): Result {
  const message = messageOf(ctx);
  const fedora = ctx.body.str("distro.name") === "Fedora";
  const pkgs = fedora ? [message.str("prev"), message.str("new")] : [];
  return base(message, `A mapping for project ${project(ctx)} was edited in ${RM}.`, pkgs);
}

function versionRemoveV2(ctx: Ctx): Result {
  const message = messageOf(ctx);
  const versions = texts(message, "versions");
  const name = project(ctx);
  let text: string;
  if (versions.length === 1) text = `A version '${versions[0] ?? ""}' was deleted in project ${name} in ${RM}.`;
  else if (versions.length <= 5) text = `A versions '${versions.join(", ")}' were deleted in project ${name} in ${RM}.`;
  else text = `${versions.length} versions entries were deleted in project ${name} in ${RM}.`;
  return base(message, text);
}

function versionUpdateV2(ctx: Ctx): Result {
  const message = messageOf(ctx);
  const versions = texts(message, "upstream_versions");
  return base(message, `A new versions '${versions.join(", ")}' were found for project ${project(ctx)} in ${RM}.`, fedoraPackages(message));
}

const t = (topic: string): { topics: string[] } => ({ topics: [topic] });

export default defineService({
  name: "anitya",
  era: "fedora-messaging",
  app: "anitya",
  icon: null,
  schemas: {
    "anitya.distro.add": {
      ...t("anitya.distro.add"),
      handler: messageLine((ctx, m) => `A new distribution, ${distro(ctx, m)}, was added to ${RM}.`),
    },
    "anitya.distro.edit": {
      ...t("anitya.distro.edit"),
      handler: messageLine((_ctx, m) => `The name of the ${textOf(m, "old")} distribution changed to ${textOf(m, "new")}.`),
    },
    "anitya.distro.remove": {
      ...t("anitya.distro.remove"),
      handler: messageLine((ctx, m) => `The ${distro(ctx, m)} distribution was removed from ${RM}.`),
    },
    "anitya.project.add": {
      ...t("anitya.project.add"),
      handler: projectLine((p) => `A new project, ${p}, was added to ${RM}.`),
    },
    "anitya.project.edit": {
      ...t("anitya.project.edit"),
      handler: projectLine((p) => `A project, ${p}, was edited in ${RM}.`),
    },
    "anitya.project.remove": {
      ...t("anitya.project.remove"),
      handler: projectLine((p) => `A project, ${p}, was deleted in ${RM}.`),
    },
    "anitya.project.flag": {
      ...t("anitya.project.flag"),
      handler: projectLine((p) => `A flag was created on project ${p} in ${RM}.`),
    },
    "anitya.project.flag.set": {
      ...t("anitya.project.flag.set"),
      handler: messageLine((_ctx, m) => `A flag '${textOf(m, "flag")}' was ${textOf(m, "state")} in ${RM}.`),
    },
    "anitya.project.map.new": { ...t("anitya.project.map.new"), handler: mapNew },
    "anitya.project.map.update": { ...t("anitya.project.map.update"), handler: mapUpdate },
    "anitya.project.map.remove": {
      ...t("anitya.project.map.remove"),
      handler: projectLine((p) => `A mapping for project ${p} was deleted in ${RM}.`),
    },
    "anitya.project.version.update": {
      ...t("anitya.project.version.update"),
      handler: messageLine((ctx, m) => `A new version '${textOf(m, "upstream_version")}' was found for project ${project(ctx)} in ${RM}.`),
    },
    "anitya.project.version.update.v2": { ...t("anitya.project.version.update.v2"), handler: versionUpdateV2 },
    "anitya.project.version.remove": {
      ...t("anitya.project.version.remove"),
      handler: messageLine((ctx, m) => `A version '${textOf(m, "version")}' was deleted in project ${project(ctx)} in ${RM}.`),
    },
    "anitya.project.version.remove.v2": { ...t("anitya.project.version.remove.v2"), handler: versionRemoveV2 },
  },
});
