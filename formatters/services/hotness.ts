/**
 * the-new-hotness, fedmsg era: it reacts to another bus message (its `trigger`,
 * an anitya, pkgdb or koji message kept whole) by filing or following up a
 * Bugzilla bug, dropping the update, or mapping a package to an anitya project.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { leastName, wordTable } from "../util/text.js";

const ICON_BASE = "https://apps.fedoraproject.org/packages/images/icons/";
const PACKAGE_ICON = `${ICON_BASE}package_128x128.png`;
const ANITYA_PROJECT = "https://release-monitoring.org/project/";

/** Koji task states (by name) and build states (by number), as the followups word them. */
const TASK_STATUS: Readonly<Record<string, string>> = wordTable({
  FAILED: "failed",
  FREE: "submitted",
  ASSIGNED: "assigned",
  CANCELLED: "cancelled",
  CLOSED: "completed",
  OPEN: "started",
});
const BUILD_STATUS = ["started", "completed", "deleted", "cancelled", "failed"];

const DROP_REASONS: Readonly<Record<string, string>> = wordTable({
  anitya: "release-monitoring.org doesn't know what that project is called in Fedora land",
  bugzilla: "a bugzilla ticket had already been filed",
  pkgdb: "pkgdb says the maintainers are not interested in bugs being filed",
  rawhide: "no rawhide version of the package could be found yet",
});

/** The `package_name` of every Fedora entry of an anitya package list. */
function fedoraNames(list: Payload[]): string[] {
  const out: string[] = [];
  for (const p of list) if (p.str("distro") === "Fedora") out.push(p.str("package_name") ?? "");
  return out;
}

/** What every hotness message's fields read, read once: the triggering message, its topic, and its Fedora packages. */
interface Trigger {
  original: Payload;
  topic: string;
  /** The Fedora names in the trigger's `message.packages` (an anitya message's list). */
  messagePackages: string[];
}

function readTrigger(ctx: Ctx): Trigger {
  const original = ctx.body.get("trigger.msg");
  return { original, topic: ctx.body.str("trigger.topic") ?? "", messagePackages: fedoraNames(original.list("message.packages")) };
}

/** The packages the triggering message was about. */
function packagesOf({ original, topic, messagePackages }: Trigger): string[] {
  if (topic.includes("anitya")) {
    const names = original.has("message.packages") ? messagePackages : fedoraNames(original.list("packages"));
    if (names.length > 0) return names;
  }
  const listing = original.str("package_listing.package.name");
  if (listing !== undefined) return [listing];
  if (topic.includes("buildsys.build")) return [original.str("name") ?? ""];
  const pkg = original.str("package.name");
  return pkg !== undefined ? [pkg] : [];
}

function linkOf(ctx: Ctx, { original }: Trigger): string | null {
  const { body } = ctx;
  if (body.has("bug")) {
    const host = ctx.topic.environment === "stg" ? "partner-bugzilla.redhat.com" : "bugzilla.redhat.com";
    return `https://${host}/show_bug.cgi?id=${body.text("bug.bug_id") ?? ""}`;
  }
  if (!body.has("trigger")) return null;
  if (original.has("project")) return `${ANITYA_PROJECT}${original.text("project.id") ?? ""}/`;
  if (body.has("project")) return `${ANITYA_PROJECT}${body.text("project.id") ?? ""}/`;
  if (original.has("package_listing")) return original.str("package_listing.package.review_url") ?? null;
  if (original.has("package")) return original.str("package.upstream_url") ?? null;
  return null;
}

function objectsOf(ctx: Ctx, { original, topic, messagePackages }: Trigger): string[] {
  const { body } = ctx;
  const bug = body.has("bug") ? `bugs/${body.text("bug.bug_id") ?? ""}` : undefined;
  if (topic.includes("anitya")) {
    const out: string[] = [];
    for (const p of messagePackages) out.push(`packages/${p}`);
    out.push(`projects/${original.text("project.name") ?? ""}`);
    if (bug !== undefined) out.push(bug);
    return out;
  }
  const listing = original.str("package_listing.package.name");
  if (listing !== undefined) {
    const out = [`packages/${listing}`];
    if (body.has("project")) out.push(`projects/${body.text("project.name") ?? ""}`);
    return out;
  }
  const pkg = original.str("package.name");
  if (pkg !== undefined) return [`packages/${pkg}`];
  return bug !== undefined ? [bug] : [];
}

/** Wraps a topic's text with what every hotness message shares. */
function hotness(text: (ctx: Ctx, packages: string[], trigger: Trigger) => string): Handler {
  return (ctx) => {
    const trigger = readTrigger(ctx);
    const packages = packagesOf(trigger);
    const usernames = trigger.topic.includes("buildsys.build") ? [trigger.original.str("owner")] : [];
    const first = leastName(packages);
    return {
      text: text(ctx, packages, trigger),
      link: linkOf(ctx, trigger),
      packages,
      usernames,
      objects: objectsOf(ctx, trigger),
      agent: usernames[0] ?? null,
      avatar: first !== undefined ? `${ICON_BASE}${first}.png` : PACKAGE_ICON,
    };
  };
}

const bugFile = hotness((_ctx, _packages, { original, topic, messagePackages }) => {
  const packages = topic.endsWith(".project.map.new") ? [original.text("message.new") ?? ""] : messagePackages;
  return `the-new-hotness filed a bug on ${packages.join(", ")}`;
});

const bugFollowup = hotness((ctx, _packages, { original }) => {
  const bug = ctx.body.text("bug.bug_id") ?? "";
  if (original.has("srpm")) {
    const status = TASK_STATUS[original.text("new") ?? ""] ?? "unknown";
    return `scratch build of ${original.text("srpm") ?? ""} for RHBZ#${bug} ${status}`;
  }
  const build = ["name", "version", "release"].map((k) => original.text(k) ?? "").join("-");
  const state = original.num("new");
  const status = (state !== undefined ? BUILD_STATUS[state] : undefined) ?? "unknown";
  return `${original.text("owner") ?? ""}'s real build of ${build} for RHBZ#${bug} ${status}`;
});

const drop = hotness((ctx, packages, { original }) => {
  const thing = leastName(packages) ?? original.text("project.name") ?? "";
  const why = DROP_REASONS[ctx.body.text("reason") ?? ""] ?? ".... I dunno.  Whatever.";
  return `the-new-hotness saw an update for ${thing}, but ${why}`;
});

const projectMap = hotness((ctx, _packages, { original }) => {
  const { body } = ctx;
  const pkg = (original.has("package_listing") ? original.text("package_listing.package.name") : original.text("package.name")) ?? "";
  const success = body.get("success").value === true;
  if (body.has("reason")) {
    return `hotness tried to map ${pkg} to an upstream project, but failed:  "${body.text("reason") ?? ""}"`;
  }
  if (body.has("total")) {
    return `hotness tried to map ${pkg} to an upstream project, but failed due to ambiguity.  ${body.text("total") ?? ""} other projects share the same homepage`;
  }
  if (body.has("project")) {
    const proj = body.text("project.name") ?? "";
    return success
      ? `hotness mapped ${pkg} to the pre-existing upstream project ${proj}`
      : `hotness tried to map ${pkg} to the pre-existing upstream project ${proj}, but failed for unknown reasons`;
  }
  return success
    ? `hotness mapped ${pkg} to a brand-new upstream project`
    : `hotness tried to map ${pkg} to a brand-new upstream project, but failed for unknown reasons`;
});

export default defineService({
  name: "hotness",
  era: "fedmsg",
  icon: PACKAGE_ICON,
  topics: {
    "hotness.update.bug.file": bugFile,
    "hotness.update.bug.followup": bugFollowup,
    "hotness.update.drop": drop,
    "hotness.project.map": projectMap,
  },
});
