/**
 * Anitya / release-monitoring.org (anitya-schema): upstream projects, their
 * versions, distributions and the project-to-package mappings. Published as
 * `org.release-monitoring.prod.anitya.*`.
 *
 * Fedora's classes give no link and no users; only the mapping and v2 version
 * messages name Fedora packages.
 */
import { defineService, type Ctx, type Result } from "../define.js";

const RM = "release-monitoring";

function base(ctx: Ctx, text: string, packages: (string | undefined)[] = []): Result {
  return { text, agent: ctx.body.str("message.agent") ?? null, packages };
}

const project = (ctx: Ctx): string => ctx.body.str("project.name") ?? "unknown";
const distro = (ctx: Ctx): string => ctx.body.str("distro.name") ?? ctx.body.str("message.distro") ?? "unknown";
const msgText = (ctx: Ctx, key: string): string => ctx.body.text(`message.${key}`) ?? "unknown";

/** Names of the Fedora packages in a `message.packages` list of {distro, package_name}. */
function fedoraPackages(ctx: Ctx): string[] {
  const out: string[] = [];
  for (const p of ctx.body.list("message.packages")) {
    const name = p.str("package_name");
    if (p.str("distro") === "Fedora" && name !== undefined) out.push(name);
  }
  return out;
}

function projectLine(template: (name: string) => string) {
  return (ctx: Ctx): Result => base(ctx, template(project(ctx)));
}

function mapNew(ctx: Ctx): Result {
  const fedora = ctx.body.str("distro.name") === "Fedora";
  return base(ctx, `A new mapping was created for project ${project(ctx)} in ${RM}.`, fedora ? [ctx.body.str("message.new")] : []);
}

function mapUpdate(ctx: Ctx): Result {
  const fedora = ctx.body.str("distro.name") === "Fedora";
  const pkgs = fedora ? [ctx.body.str("message.prev"), ctx.body.str("message.new")] : [];
  return base(ctx, `A mapping for project ${project(ctx)} was edited in ${RM}.`, pkgs);
}

function versionRemoveV2(ctx: Ctx): Result {
  const versions = ctx.body.list("message.versions").map((v) => v.text() ?? "");
  const name = project(ctx);
  let text: string;
  if (versions.length === 1) text = `A version '${versions[0] ?? ""}' was deleted in project ${name} in ${RM}.`;
  else if (versions.length <= 5) text = `A versions '${versions.join(", ")}' were deleted in project ${name} in ${RM}.`;
  else text = `${versions.length} versions entries were deleted in project ${name} in ${RM}.`;
  return base(ctx, text);
}

function versionUpdateV2(ctx: Ctx): Result {
  const versions = ctx.body.list("message.upstream_versions").map((v) => v.text() ?? "");
  return base(ctx, `A new versions '${versions.join(", ")}' were found for project ${project(ctx)} in ${RM}.`, fedoraPackages(ctx));
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
      handler: (ctx) => base(ctx, `A new distribution, ${distro(ctx)}, was added to ${RM}.`),
    },
    "anitya.distro.edit": {
      ...t("anitya.distro.edit"),
      handler: (ctx) => base(ctx, `The name of the ${msgText(ctx, "old")} distribution changed to ${msgText(ctx, "new")}.`),
    },
    "anitya.distro.remove": {
      ...t("anitya.distro.remove"),
      handler: (ctx) => base(ctx, `The ${distro(ctx)} distribution was removed from ${RM}.`),
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
      handler: (ctx) => base(ctx, `A flag '${msgText(ctx, "flag")}' was ${msgText(ctx, "state")} in ${RM}.`),
    },
    "anitya.project.map.new": { ...t("anitya.project.map.new"), handler: mapNew },
    "anitya.project.map.update": { ...t("anitya.project.map.update"), handler: mapUpdate },
    "anitya.project.map.remove": {
      ...t("anitya.project.map.remove"),
      handler: projectLine((p) => `A mapping for project ${p} was deleted in ${RM}.`),
    },
    "anitya.project.version.update": {
      ...t("anitya.project.version.update"),
      handler: (ctx) => base(ctx, `A new version '${msgText(ctx, "upstream_version")}' was found for project ${project(ctx)} in ${RM}.`),
    },
    "anitya.project.version.update.v2": { ...t("anitya.project.version.update.v2"), handler: versionUpdateV2 },
    "anitya.project.version.remove": {
      ...t("anitya.project.version.remove"),
      handler: (ctx) => base(ctx, `A version '${msgText(ctx, "version")}' was deleted in project ${project(ctx)} in ${RM}.`),
    },
    "anitya.project.version.remove.v2": { ...t("anitya.project.version.remove.v2"), handler: versionRemoveV2 },
  },
});
