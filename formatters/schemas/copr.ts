/**
 * Copr, Fedora's community build system (copr-messaging): a build started or
 * ended in one chroot. These are the fedmsg-era message shapes Copr still sends.
 */
import { defineService, type Ctx, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { Severity } from "../types.js";

/** copr_common's StatusEnum: number -> name. */
const STATUS: ReadonlyMap<number, string> = new Map([
  [0, "failed"],
  [1, "succeeded"],
  [2, "canceled"],
  [3, "running"],
  [4, "pending"],
  [5, "skipped"],
  [6, "starting"],
  [7, "importing"],
  [8, "forked"],
  [9, "waiting"],
  [1000, "unknown"],
]);

/** Messages bridged from fedmsg may still carry the envelope: the payload is its `msg`. */
function payload(ctx: Ctx): Payload {
  return ctx.body.isObject("msg") ? ctx.body.get("msg") : ctx.body;
}

/** The submitter, unless namespaced (`github.com:someone` is no Fedora account). */
function submitter(p: Payload): string | undefined {
  const user = p.str("user");
  return user !== undefined && !user.includes(":") ? user : undefined;
}

/** Submitter and project owner, groups (`@name`) left out. */
function usernames(p: Payload): string[] {
  return [submitter(p), p.str("owner")].filter((u): u is string => u !== undefined && !u.startsWith("@"));
}

function prefix(p: Payload): string {
  const owner = p.text("owner") ?? "unknown";
  const project = p.text("copr") ?? "unknown";
  return `Copr Message in project "${owner}/${project}": build ${p.text("build") ?? "unknown"}`;
}

function started(defaultSeverity: number) {
  return (ctx: Ctx): Result => {
    const p = payload(ctx);
    const agent = submitter(p);
    return {
      text: `${prefix(p)}: chroot "${p.str("chroot") ?? "unknown"}" started.`,
      agent: agent ?? null,
      usernames: usernames(p),
      severity: ctx.headers.num("fedora_messaging_severity") ?? defaultSeverity,
    };
  };
}

/** No agent: a build ends by itself, or is canceled by anyone with access to the project. */
function ended(ctx: Ctx): Result {
  const p = payload(ctx);
  const code = p.num("status");
  const status = code !== undefined ? (STATUS.get(code) ?? `status ${code}`) : "unknown";
  return {
    text: `${prefix(p)}: chroot "${p.str("chroot") ?? "unknown"}" ended as "${status}".`,
    agent: null,
    usernames: usernames(p),
  };
}

export default defineService({
  name: "copr",
  era: "fedora-messaging",
  app: "Copr",
  icon: null,
  schemas: {
    "copr.build.start": { topics: ["copr.build.start"], handler: started(Severity.INFO) },
    "copr.build.end": { topics: ["copr.build.end"], handler: ended },
    // Duplicates copr.build.start; debug severity keeps it out of notifications.
    "copr.chroot.start": { topics: ["copr.chroot.start"], handler: started(Severity.DEBUG) },
  },
});
