/**
 * Koji, the Fedora build system (fedmsg era, `buildsys.*`), worded as
 * fedmsg.meta's Koji processor words it. Koji's long form (build and task
 * details) needs queries to the Koji hub, so the long form is the text here.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { wordTable } from "../util/text.js";

const ICON = "https://fedoraproject.org/w/uploads/2/20/Artwork_DesignService_koji-icon-48.png";
const STG_WEB = "http://koji.stg.fedoraproject.org/koji";
/** At most this many build targets are named, the rest are counted ("a, b, and 2 others"). */
const MAX_TARGETS = 3;

/** Build states by Koji's numeric code (koji.BUILD_STATES). */
const BUILD_STATES: readonly string[] = ["started building", "completed", "was deleted", "failed to build", "was cancelled"];
const TASK_STATES: Readonly<Record<string, string>> = wordTable({
  OPEN: "started",
  FAILED: "failed",
  CLOSED: "completed",
  CANCELED: "was cancelled",
});

function instanceOf(b: Payload): string {
  return b.str("instance") || "primary";
}

/** " (s390)" for the secondary-architecture hubs, nothing for the primary one. */
function instanceSuffix(b: Payload): string {
  const inst = instanceOf(b);
  return inst === "primary" ? "" : ` (${inst})`;
}

function webBase(ctx: Ctx): string {
  if (ctx.topic.environment === "stg") return STG_WEB;
  const inst = instanceOf(ctx.body);
  return inst === "primary" ? "http://koji.fedoraproject.org/koji" : `http://${inst}.koji.fedoraproject.org/koji`;
}

function nvr(b: Payload): string {
  return `${b.text("name") ?? "?"}-${b.text("version") ?? "?"}-${b.text("release") ?? "?"}`;
}

function buildObject(b: Payload): string {
  return [instanceOf(b), "builds", b.text("name") ?? "", b.text("version") ?? "", b.text("release") ?? ""].join("/");
}

/** "owner's " when the build or task has an owner (Koji builds sometimes have none). */
function ownerPrefix(b: Payload): string {
  const owner = b.str("owner");
  return owner ? `${owner}'s ` : "";
}

/** The common fields: the owner's avatar (or Koji's icon) and the users. */
function base(ctx: Ctx, text: string, users: readonly (string | undefined)[], agent?: string): Result {
  const owner = ctx.body.str("owner");
  return {
    text,
    link: webBase(ctx),
    usernames: users,
    agent: agent ?? owner ?? null,
    avatar: owner ? fedmsgAvatarUrl(owner) : ICON,
  };
}

function tagLink(ctx: Ctx): string {
  const id = ctx.body.num("tag_id");
  return id === undefined ? webBase(ctx) : `${webBase(ctx)}/taginfo?tagID=${Math.trunc(id)}`;
}

const tagHandler =
  (verb: string): Handler =>
  (ctx) => {
    const b = ctx.body;
    const tag = b.text("tag") ?? "unknown";
    const user = b.str("user");
    return {
      ...base(ctx, `${ownerPrefix(b)}${nvr(b)} ${verb} ${tag} by ${user ?? "someone"}${instanceSuffix(b)}`, [b.str("owner"), user], user),
      link: tagLink(ctx),
      packages: [b.str("name")],
      objects: [buildObject(b), `${instanceOf(b)}/tags/${tag}`],
    };
  };

const repoHandler =
  (what: string): Handler =>
  (ctx) => {
    const tag = ctx.body.text("tag") ?? "unknown";
    return {
      ...base(ctx, `${what}:  ${tag}${instanceSuffix(ctx.body)}`, []),
      link: tagLink(ctx),
      objects: [`${instanceOf(ctx.body)}/repos/${tag}`],
    };
  };

/** The build targets of a scratch-build task: the plain strings of its request that are not the SRPM. */
function targets(b: Payload): string {
  const set = new Set<string>();
  for (const item of b.list("info.request")) {
    const s = item.str();
    if (s !== undefined && !s.endsWith(".rpm")) set.add(s);
  }
  if (set.size === 0) return "";
  const items = [...set].sort();
  if (items.length > MAX_TARGETS) items.splice(MAX_TARGETS - 1, items.length, `${items.length - MAX_TARGETS + 1} others`);
  if (items.length === 1) return ` for ${items[0] ?? ""}`;
  const last = items.pop() ?? "";
  return ` for ${items.join(", ")}${items.length > 1 ? ", and " : " and "}${last}`;
}

export default defineService({
  name: "buildsys",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "buildsys.build.state.change": (ctx) => {
      const b = ctx.body;
      const code = b.num("new");
      const state = (code !== undefined ? BUILD_STATES[code] : undefined) ?? `changed state to ${b.text("new") ?? "unknown"}`;
      const id = b.num("build_id");
      return {
        ...base(ctx, `${ownerPrefix(b)}${nvr(b)} ${state}${instanceSuffix(b)}`, [b.str("owner")]),
        link: id === undefined ? webBase(ctx) : `${webBase(ctx)}/buildinfo?buildID=${Math.trunc(id)}`,
        packages: [b.str("name")],
        objects: [buildObject(b)],
      };
    },
    "buildsys.task.state.change": (ctx) => {
      const b = ctx.body;
      const state = TASK_STATES[b.text("new") ?? ""] ?? "changed";
      const srpm = b.text("srpm") ?? "an SRPM";
      const id = b.num("id");
      return {
        ...base(ctx, `${ownerPrefix(b)}scratch build of ${srpm}${targets(b)} ${state}${instanceSuffix(b)}`, [b.str("owner")]),
        link: id === undefined ? webBase(ctx) : `${webBase(ctx)}/taskinfo?taskID=${Math.trunc(id)}`,
        objects: [`${instanceOf(b)}/scratch_builds/${b.text("srpm") ?? ""}`],
      };
    },
    "buildsys.tag": tagHandler("tagged into"),
    "buildsys.untag": tagHandler("untagged from"),
    "buildsys.repo.init": repoHandler("Repo initialized"),
    "buildsys.repo.done": repoHandler("Repo done"),
    "buildsys.package.list.change": (ctx) => {
      const b = ctx.body;
      const tag = b.text("tag") ?? "unknown";
      return {
        ...base(ctx, `Package list change for ${b.text("package") ?? "a package"}:  '${tag}'${instanceSuffix(b)}`, []),
        link: null,
        packages: [b.str("package")],
        objects: [`${instanceOf(b)}/tags/${tag}`],
      };
    },
    "buildsys.rpm.sign": (ctx) => {
      const b = ctx.body;
      // Older messages carry the whole signature record under "info"; newer ones the RPM and the key apart.
      const rpm = b.has("info") ? b.get("info") : b.get("rpm");
      const sigkey = b.has("info") ? rpm.text("sigkey") : b.text("sigkey");
      const name = rpm.str("name");
      const id = rpm.num("build_id");
      return {
        ...base(ctx, `Koji build ${nvr(rpm)}.${rpm.text("arch") ?? "?"}.rpm signed with sigkey '${sigkey ?? ""}'`, []),
        link: id === undefined ? webBase(ctx) : `${webBase(ctx)}/buildinfo?buildID=${Math.trunc(id)}`,
        packages: [name],
        objects: name ? [`signatures/${name}`] : [],
      };
    },
  },
});
