/**
 * Koji, the Fedora build system (fedmsg era, `buildsys.*`), worded as
 * fedmsg.meta's Koji processor words it. Koji's long form (build and task
 * details) needs queries to the Koji hub, so the long form is the text here.
 */
import { defineService, type Ctx, type Handler } from "../define.js";
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

/**
 * What every Koji message's wording draws on, read once per message: the hub
 * instance, its web UI, and the build or task owner.
 */
interface Koji {
  readonly b: Payload;
  /** The hub: "primary", or a secondary-architecture hub's name ("s390"). */
  readonly inst: string;
  /** " (s390)" for the secondary-architecture hubs, nothing for the primary one. */
  readonly suffix: string;
  /** The hub's web UI (staging's for staging topics). */
  readonly web: string;
  readonly owner: string | undefined;
}

function koji(ctx: Ctx): Koji {
  const b = ctx.body;
  const inst = b.str("instance") || "primary";
  const primary = inst === "primary";
  let web: string;
  if (ctx.topic.environment === "stg") web = STG_WEB;
  else web = primary ? "http://koji.fedoraproject.org/koji" : `http://${inst}.koji.fedoraproject.org/koji`;
  return { b, inst, suffix: primary ? "" : ` (${inst})`, web, owner: b.str("owner") };
}

/** `name-version-release`, "?" for each part missing. */
function nvr(name: string | undefined, version: string | undefined, release: string | undefined): string {
  return `${name ?? "?"}-${version ?? "?"}-${release ?? "?"}`;
}

/** "owner's " when the build or task has an owner (Koji builds sometimes have none). */
function ownerPrefix(owner: string | undefined): string {
  return owner ? `${owner}'s ` : "";
}

/** The owner's avatar, or Koji's icon when there is no owner. */
function avatar(owner: string | undefined): string {
  return owner ? fedmsgAvatarUrl(owner) : ICON;
}

/** The web UI page of a numbered object (`/buildinfo?buildID=`), or the UI itself without a number. */
function page(k: Koji, query: string, id: number | undefined): string {
  return id === undefined ? k.web : `${k.web}/${query}${Math.trunc(id)}`;
}

/** A build and its owner, the fields tag and build messages share. */
interface Build {
  /** "owner's name-version-release" */
  readonly label: string;
  /** The build as a fedmsg object: "<instance>/builds/<name>/<version>/<release>". */
  readonly object: string;
}

function build(k: Koji): Build {
  const b = k.b;
  const name = b.text("name");
  const version = b.text("version");
  const release = b.text("release");
  return {
    label: `${ownerPrefix(k.owner)}${nvr(name, version, release)}`,
    object: `${k.inst}/builds/${name ?? ""}/${version ?? ""}/${release ?? ""}`,
  };
}

const tagHandler =
  (verb: string): Handler =>
  (ctx) => {
    const k = koji(ctx);
    const b = k.b;
    const tag = b.text("tag") ?? "unknown";
    const user = b.str("user");
    const { label, object } = build(k);
    return {
      text: `${label} ${verb} ${tag} by ${user ?? "someone"}${k.suffix}`,
      link: page(k, "taginfo?tagID=", b.num("tag_id")),
      usernames: [k.owner, user],
      agent: user ?? k.owner ?? null,
      avatar: avatar(k.owner),
      packages: [b.str("name")],
      objects: [object, `${k.inst}/tags/${tag}`],
    };
  };

const repoHandler =
  (what: string): Handler =>
  (ctx) => {
    const k = koji(ctx);
    const tag = k.b.text("tag") ?? "unknown";
    return {
      text: `${what}:  ${tag}${k.suffix}`,
      link: page(k, "taginfo?tagID=", k.b.num("tag_id")),
      usernames: [],
      agent: k.owner ?? null,
      avatar: avatar(k.owner),
      objects: [`${k.inst}/repos/${tag}`],
    };
  };

/** The build targets of a scratch-build task: the plain strings of its request that are not the SRPM. */
function targets(b: Payload): string {
  const request = b.raw("info.request");
  if (!Array.isArray(request)) return "";
  const set = new Set<string>();
  for (const s of request) if (typeof s === "string" && !s.endsWith(".rpm")) set.add(s);
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
      const k = koji(ctx);
      const b = k.b;
      const code = b.num("new");
      const state = (code !== undefined ? BUILD_STATES[code] : undefined) ?? `changed state to ${b.text("new") ?? "unknown"}`;
      const { label, object } = build(k);
      return {
        text: `${label} ${state}${k.suffix}`,
        link: page(k, "buildinfo?buildID=", b.num("build_id")),
        usernames: [k.owner],
        agent: k.owner ?? null,
        avatar: avatar(k.owner),
        packages: [b.str("name")],
        objects: [object],
      };
    },
    "buildsys.task.state.change": (ctx) => {
      const k = koji(ctx);
      const b = k.b;
      const state = TASK_STATES[b.text("new") ?? ""] ?? "changed";
      const srpm = b.text("srpm");
      return {
        text: `${ownerPrefix(k.owner)}scratch build of ${srpm ?? "an SRPM"}${targets(b)} ${state}${k.suffix}`,
        link: page(k, "taskinfo?taskID=", b.num("id")),
        usernames: [k.owner],
        agent: k.owner ?? null,
        avatar: avatar(k.owner),
        objects: [`${k.inst}/scratch_builds/${srpm ?? ""}`],
      };
    },
    "buildsys.tag": tagHandler("tagged into"),
    "buildsys.untag": tagHandler("untagged from"),
    "buildsys.repo.init": repoHandler("Repo initialized"),
    "buildsys.repo.done": repoHandler("Repo done"),
    "buildsys.package.list.change": (ctx) => {
      const k = koji(ctx);
      const b = k.b;
      const tag = b.text("tag") ?? "unknown";
      return {
        text: `Package list change for ${b.text("package") ?? "a package"}:  '${tag}'${k.suffix}`,
        link: null,
        usernames: [],
        agent: k.owner ?? null,
        avatar: avatar(k.owner),
        packages: [b.str("package")],
        objects: [`${k.inst}/tags/${tag}`],
      };
    },
    "buildsys.rpm.sign": (ctx) => {
      const k = koji(ctx);
      const b = k.b;
      // Older messages carry the whole signature record under "info"; newer ones the RPM and the key apart.
      const info = b.get("info");
      const old = info.value !== undefined;
      const rpm = old ? info : b.get("rpm");
      const sigkey = old ? rpm.text("sigkey") : b.text("sigkey");
      const name = rpm.str("name");
      return {
        text: `Koji build ${nvr(rpm.text("name"), rpm.text("version"), rpm.text("release"))}.${rpm.text("arch") ?? "?"}.rpm signed with sigkey '${sigkey ?? ""}'`,
        link: page(k, "buildinfo?buildID=", rpm.num("build_id")),
        usernames: [],
        agent: k.owner ?? null,
        avatar: avatar(k.owner),
        packages: [name],
        objects: name ? [`signatures/${name}`] : [],
      };
    },
  },
});
