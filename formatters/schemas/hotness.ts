/**
 * the-new-hotness (fedora-messaging-the-new-hotness-schema): it files a bug
 * when Anitya finds a new upstream release of a Fedora package, or says why it
 * dropped the update.
 */
import { defineService, type Ctx, type Result } from "../define.js";

// A Map: the reason comes from the payload, and "constructor" is no reason.
const DROP_REASONS: ReadonlyMap<string, string> = new Map([
  ["anitya", "but release-monitoring.org doesn't know what that project is called in Fedora land"],
  ["rawhide", "but no rawhide version of the package could be found yet"],
  ["pkgdb", "but pkgdb says the maintainers are not interested in bugs being filed"],
  ["bugzilla", "but the bugzilla issue couldn't be updated"],
]);

/** The package the triggering message was about, by the shape of that message. */
function dropPackages(ctx: Ctx): string[] {
  const b = ctx.body;
  if (b.str("reason") === "anitya") return []; // the Fedora name is exactly what is unknown
  const msg = b.get("trigger.msg");
  const topic = b.str("trigger.topic") ?? "";
  let name: string | undefined;
  if (msg.has("package_listing")) name = msg.str("package_listing.package.name");
  else if (topic.includes("buildsys.build")) name = msg.str("name");
  else if (msg.has("package")) name = msg.str("package.name");
  return name !== undefined ? [name] : [];
}

function drop(ctx: Ctx): Result {
  const reason = ctx.body.str("reason") ?? "";
  const packages = dropPackages(ctx);
  const agent = ctx.body.str("agent_name");
  return {
    text: `the-new-hotness saw an update for '${packages.join(", ")}', ${
      DROP_REASONS.get(reason) ?? `but it got dropped for reason: '${reason}'`
    }`,
    packages,
    agent: agent ?? null,
    usernames: [agent],
  };
}

/** Fedora packages of the Anitya message that triggered the bug. */
function bugPackages(ctx: Ctx): string[] {
  const msg = ctx.body.get("trigger.msg");
  if ((ctx.body.str("trigger.topic") ?? "").endsWith(".project.map.new")) {
    const name = msg.str("message.new");
    return name !== undefined ? [name] : [];
  }
  const out: string[] = [];
  for (const p of msg.list("message.packages")) {
    const name = p.str("package_name");
    if (p.str("distro") === "Fedora" && name !== undefined) out.push(name);
  }
  return out;
}

function bugFile(ctx: Ctx): Result {
  const packages = bugPackages(ctx);
  const id = ctx.body.text("bug.bug_id");
  const link = id !== undefined ? `https://bugzilla.redhat.com/${id}` : null;
  const names = packages.join(", ");
  return {
    text: `the-new-hotness filed a bug on '${names}'`,
    long: `The New Hotness filed a bug on '${names}'\n${link ?? ""}\n`,
    link,
    packages,
  };
}

export default defineService({
  name: "hotness",
  era: "fedora-messaging",
  app: "The New Hotness",
  icon: null,
  schemas: {
    "hotness.update.drop": { topics: ["hotness.update.drop"], handler: drop },
    "hotness.update.bug.file": { topics: ["hotness.update.bug.file"], handler: bugFile },
  },
});
