/**
 * koji-fedoramessaging-messages: the Koji build system's fedora-messaging plugin
 * (`buildsys.*`). Tag, package-list, repo and signing messages are debug-level.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { Severity } from "../types.js";
import { shaped } from "../util/schema-guard.js";
import { kojiDate, taskReport } from "../util/koji-task.js";

/** Koji's build states, by their number in `new`/`old`. */
const BUILD_STATES = ["BUILDING", "COMPLETE", "DELETED", "FAILED", "CANCELED"] as const;
const COMPLETE = 1;
const DELETED = 2;
const FAILED = 3;

/** The publisher's class severity travels in the header; these classes default to debug. */
function debug(ctx: Ctx): number {
  return ctx.headers.num("fedora_messaging_severity") ?? Severity.DEBUG;
}

/** `name-version-release`, or what there is of it. */
function nvr(p: Payload): string | undefined {
  const name = p.text("name");
  const version = p.text("version");
  const release = p.text("release");
  return version !== undefined && release !== undefined && name !== undefined ? `${name}-${version}-${release}` : name;
}

function buildState(n: number | undefined): string | undefined {
  return n !== undefined && Number.isInteger(n) ? BUILD_STATES[n] : undefined;
}

const buildStateChange: Handler = (ctx) => {
  const b = ctx.body;
  const owner = b.str("owner");
  const newState = b.num("new");
  const state = buildState(newState);
  const what = nvr(b) ?? "a build";
  const text = `Build ${state ?? "state changed"}: ${owner !== undefined ? `${owner}'s ` : ""}${what}`;
  // Whoever submitted the build caused it to start; completion, failure and deletion are Koji's doing.
  const agent = b.isNil("old") || (newState !== COMPLETE && newState !== FAILED && newState !== DELETED) ? owner : undefined;
  const created = b.str("creation_time");
  const finished = b.str("completion_time");
  let long =
    `Package:    ${what}\nStatus:     ${state?.toLowerCase() ?? "unknown"}\nBuilt by:   ${owner ?? "unknown"}\n` +
    `ID:         ${b.text("build_id") ?? "unknown"}\nStarted:    ${created !== undefined ? kojiDate(created) : ""}\n` +
    `Finished:   ${(finished !== undefined ? kojiDate(finished) : "") || "(still running)"}\n\n`;
  if (!b.isObject("task")) long += "Build imported into koji\n";
  else long = taskReport(b.get("task"), b.str("files_base_url"), `${long}Closed tasks:\n-------------\n`);
  return { text, long, link: b.str("url") ?? null, agent: agent ?? null, usernames: [owner], packages: [b.text("name")] };
};

const taskStateChange: Handler = (ctx) => {
  const b = ctx.body;
  const owner = b.str("owner");
  const info = b.get("info");
  const text = `Task ${b.text("new") ?? "changed"} -- ${b.text("method") ?? ""} (${b.text("srpm") ?? ""} ${info.text("arch") ?? ""})`;
  const long = info.isObject() ? taskReport(info, b.str("files_base_url")) : text;
  return { text, long, link: info.str("url") ?? null, agent: owner ?? null, usernames: [owner] };
};

/** Tag and untag: the user who (un)tagged is the agent, the build's owner is concerned too. */
function tagChange(verb: string): Handler {
  return (ctx) => {
    const b = ctx.body;
    const user = b.str("user");
    const tag = b.text("tag");
    const what = nvr(b);
    // Sentence-initial: "A build" where the payload names none.
    let text = `${what ?? "A build"} was ${verb}`;
    if (tag !== undefined) text += ` ${verb === "tagged" ? "into" : "from"} ${tag}`;
    if (user !== undefined) text += ` by ${user}`;
    return { text, severity: debug(ctx), agent: user ?? null, usernames: [user, b.str("owner")], packages: [b.text("name")], link: null };
  };
}

/** Repo messages have no wording of their own: the reference's summary is the topic itself. */
const repoEvent: Handler = (ctx) => {
  const text = ctx.topic.full !== "" ? ctx.topic.full : ctx.title;
  return { text, severity: debug(ctx), agent: null, usernames: [], link: null };
};

const rpmSign: Handler = (ctx): Result => {
  const b = ctx.body;
  const build = b.get("build");
  const owner = build.str("owner_name");
  const rpm = nvr(b.get("rpm"));
  return {
    text: `rpm ${rpm ?? "(unknown)"} was signed`,
    severity: debug(ctx),
    agent: owner ?? null,
    usernames: [owner],
    packages: [build.text("name")],
    link: null,
  };
};

const listChange: Handler = (ctx) => {
  const b = ctx.body;
  const owner = b.str("owner");
  // Two spaces after the colon: the reference's wording.
  return {
    text: `Package list change for ${b.text("package") ?? "(unknown)"}:  ${b.text("tag") ?? ""}`,
    severity: debug(ctx),
    agent: owner ?? null,
    usernames: [owner],
    packages: [b.text("package")],
    link: null,
  };
};

export default defineService({
  name: "koji",
  era: "fedora-messaging",
  app: "Koji",
  icon: "https://apps.fedoraproject.org/img/icons/koji.png",
  schemas: {
    "koji_fedoramessaging.build.BuildStateChangeV1": {
      topics: ["buildsys.build.state.change"],
      handler: shaped(["name", "version", "release", "new", "task_id"], buildStateChange),
    },
    "koji_fedoramessaging.task.TaskStateChangeV1": {
      topics: ["buildsys.task.state.change"],
      handler: shaped(["info", "new", "method"], taskStateChange),
    },
    "koji_fedoramessaging.tag.TagV1": { topics: ["buildsys.tag"], handler: shaped(["tag", "name", "tag_id"], tagChange("tagged")) },
    "koji_fedoramessaging.tag.UntagV1": { topics: ["buildsys.untag"], handler: shaped(["tag", "name", "tag_id"], tagChange("untagged")) },
    "koji_fedoramessaging.package.ListChangeV1": {
      topics: ["buildsys.package.list.change"],
      handler: shaped(["package", "tag", "action"], listChange),
    },
    "koji_fedoramessaging.repo.DoneV1": { topics: ["buildsys.repo.done"], handler: shaped(["repo_id", "tag_id"], repoEvent) },
    "koji_fedoramessaging.repo.InitV1": { topics: ["buildsys.repo.init"], handler: shaped(["repo_id", "tag_id"], repoEvent) },
    "koji_fedoramessaging.rpm.SignV1": { topics: ["buildsys.rpm.sign"], handler: shaped(["rpm", "build", "sigkey"], rpmSign) },
  },
});
