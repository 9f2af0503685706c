/**
 * Fedora's package git (dist-git) as it announced itself on the fedmsg bus
 * (topics `git.*`): pushes, new branches, lookaside uploads and the old
 * pkgdb2branch / mass-branch runs. Wording from fedmsg.meta's scm processor.
 *
 * Early messages put the repository and branch in the topic
 * (`git.receive.<repo>.<branch>`, `git.branch.<repo>.<branch>`,
 * `git.lookaside.<repo>.new`); the payload wins when it has them.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { fedmsgAvatarUrl, fedmsgEmailAvatarUrl } from "../util/avatar.js";

const DIST_GIT = "https://src.fedoraproject.org";
const LOOKASIDE = `${DIST_GIT}/lookaside/pkgs`;
/** dist-git namespaces whose repositories are packages. */
const PACKAGE_NAMESPACES = new Set(["rpms", "rpms-checks"]);
const ALREADY_SEEN = "This commit already existed in another branch.";

/** The repository named in a legacy topic: the segments between the event and the branch/`new`. */
function topicRepo(ctx: Ctx): string {
  return ctx.topic.rest.slice(1, -1).join(".");
}

function receive(ctx: Ctx): Result | undefined {
  const c = ctx.body.get("commit");
  // Not a push this processor knows (the generic line is better than an empty one).
  if (!c.isObject()) return undefined;
  const repo = c.text("repo") ?? topicRepo(ctx);
  const ns = c.text("namespace");
  const user = c.text("username");
  const email = c.text("email");
  const branch = c.text("branch") ?? "(unknown)";
  const rev = c.text("rev");
  let summary = c.text("summary") ?? "";
  if (summary.trim() !== (c.text("message") ?? summary).trim()) summary += " (..more)";
  const who = user ?? email ?? "someone";
  const agent = ctx.body.text("agent") ?? user;
  return {
    text: `${who} pushed to ${ns ? `${ns}/` : ""}${repo} (${branch}).  "${summary}"`,
    link: rev ? `${DIST_GIT}/${ns ?? "rpms"}/${repo}/c/${rev}?branch=${branch}` : null,
    usernames: [agent],
    agent: agent ?? null,
    packages: ns === undefined || PACKAGE_NAMESPACES.has(ns) ? [repo] : [],
    objects: c.keys("stats.files").map((f) => `${repo}/${f}`),
    avatar: user ? fedmsgAvatarUrl(user) : email ? fedmsgEmailAvatarUrl(email) : null,
    // The full patch needs a fetch from dist-git; a commit seen on another branch says so instead.
    long: c.bool("seen") ? ALREADY_SEEN : undefined,
  };
}

function branch(ctx: Ctx): Result {
  const { body } = ctx;
  const name = body.text("name");
  const repo = name ?? topicRepo(ctx);
  const br = (name !== undefined ? body.text("branch") : undefined) ?? ctx.topic.rest[ctx.topic.rest.length - 1] ?? "(unknown)";
  const ns = body.text("commit.namespace");
  const agent = body.text("agent");
  return {
    text: `${agent ?? "(somebody)"} created branch '${br}' for the '${ns ? `${ns}/${repo}` : repo}' package`,
    link: `${DIST_GIT}/${body.text("namespace") ?? "rpms"}/${repo}/commits/${br}`,
    ...agentFields(body),
    packages: ns === undefined || PACKAGE_NAMESPACES.has(ns) ? [repo] : [],
    objects: [`${repo}/__git__`],
  };
}

function lookaside(ctx: Ctx): Result {
  const { body } = ctx;
  const name = body.text("name") ?? topicRepo(ctx);
  const filename = body.text("filename") ?? "a file";
  const sum = body.text("md5sum") ?? body.text("hash");
  const path = body.text("path") ?? (sum ? `${name}/${filename}/${sum}/${filename}` : undefined);
  return {
    text: `${body.text("agent") ?? "(somebody)"} uploaded ${filename} for ${name}`,
    link: path ? `${LOOKASIDE}/${path}` : null,
    ...agentFields(body),
    packages: [name],
    objects: [`${name}/${filename}`],
    long: sum ? `${sum}  ${filename}` : undefined,
  };
}

/** A mass-branch or pkgdb2branch run, worded from its agent. */
function run(wording: (agent: string, body: Payload) => string, withPackages = false): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const packages = withPackages ? [...body.strs("unbranchedPackages"), ...body.strs("branchedPackages")] : [];
    return {
      text: wording(body.text("agent") ?? "(somebody)", body),
      ...agentFields(body),
      packages,
      objects: packages.map((p) => `${p}/__git__`),
    };
  };
}

function pkgdb2branchComplete(agent: string, body: Payload): string {
  const errors = body.strs("unbranchedPackages").length;
  const tail = errors === 0 ? "" : errors === 1 ? " with 1 error" : ` with ${errors} errors`;
  return `run of pkgdb2branch started by ${agent} completed${tail}`;
}

function agentFields(body: Payload): Pick<Result, "usernames" | "agent" | "avatar"> {
  const agent = body.text("agent");
  return { usernames: [agent], agent: agent ?? null, avatar: agent ? fedmsgAvatarUrl(agent) : null };
}

export default defineService({
  name: "scm",
  era: "fedmsg",
  app: "git",
  icon: "https://apps.fedoraproject.org/img/icons/git-logo.png",
  topics: {
    "git.receive": receive,
    "git.receive.**": receive,
    "git.branch": branch,
    "git.branch.**": branch,
    "git.lookaside.new": lookaside,
    "git.lookaside.*.new": lookaside,
    "git.mass_branch.start": run((a) => `${a} started a mass branch`),
    "git.mass_branch.complete": run((a) => `mass branch started by ${a} completed`),
    "git.pkgdb2branch.start": run((a) => `${a} started a run of pkgdb2branch`),
    "git.pkgdb2branch.complete": run(pkgdb2branchComplete, true),
  },
});
