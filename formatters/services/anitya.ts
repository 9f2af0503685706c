/**
 * Anitya (release-monitoring.org), fedmsg era. Anitya publishes under its own
 * prefix (`org.release-monitoring.prod.anitya.*`); older relays used
 * `org.fedoraproject`. Every message carries `project` (or null), `distro` (or
 * null) and `message` (what changed, with the acting `agent`).
 */
import type { Ctx, Handler, Result } from "../define.js";
import { defineService } from "../define.js";
import { hasOwnKey, isObject, type Payload } from "../payload.js";
import { avatarUrl, fedmsgEmailAvatarUrl } from "../util/avatar.js";
import { email2fas } from "../util/fas-email.js";
import { listToSeries } from "../util/text.js";

const SITE = "https://release-monitoring.org";
const PACKAGE_ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";
const OPENID_SUFFIX = ".id.fedoraproject.org";
const FEDORA_EMAIL = "@fedoraproject.org";

/** The acting user: an OpenID URL, a Fedora address, another address (via the user map) or a name. */
function agentOf(ctx: Ctx): string {
  const agent = ctx.body.str("message.agent");
  if (agent === undefined) return ctx.msg.username ?? "anitya";
  const openid = agent.indexOf(OPENID_SUFFIX);
  if (openid >= 0) {
    const head = agent.slice(0, openid);
    const scheme = head.indexOf("//");
    return scheme >= 0 ? head.slice(scheme + 2) : head;
  }
  if (agent.endsWith(FEDORA_EMAIL)) return agent.slice(0, agent.length - FEDORA_EMAIL.length);
  if (agent.includes("@")) return email2fas(ctx, agent);
  return agent;
}

/** Names of the Fedora packages in a `packages` list (`distro` compared as given, or case-insensitively). */
function fedoraPackages(list: Payload[], caseless: boolean): string[] {
  const out: string[] = [];
  for (const pkg of list) {
    const distro = pkg.str("distro") ?? "";
    const name = pkg.str("package_name");
    if (name !== undefined && (caseless ? distro.toLowerCase() === "fedora" : distro === "Fedora")) out.push(name);
  }
  return out;
}

/** The `message` part of a version update; the oldest messages put its fields at the top level. */
function versionMessage(body: Payload): Payload {
  const message = body.get("message");
  return message.value !== undefined ? message : body;
}

function str(p: Payload, path: string): string {
  return p.text(path) ?? "";
}

interface Parts {
  text: string;
  objects?: string[];
  packages?: string[];
}

/**
 * Wraps a topic's text/objects/packages with what every anitya message shares. `build` gets
 * the acting user and the project's name ("" when there is none), each read once.
 */
function anitya(build: (ctx: Ctx, user: string, project: string) => Parts): Handler {
  return (ctx): Result => {
    const user = agentOf(ctx);
    const project = ctx.body.get("project");
    const parts = build(ctx, user, project.text("name") ?? "");
    const packages = parts.packages ?? [];
    let link: string;
    if (isObject(project.value) && hasOwnKey(project.value)) {
      const projectId = project.text("id");
      link = projectId !== undefined ? `${SITE}/project/${projectId}/` : SITE;
    } else if (ctx.title.endsWith("project.flag.set")) link = `${SITE}/`;
    else link = `${SITE}/distros`;
    let avatar: string | null = null;
    if (user !== "") avatar = user.includes("@") ? fedmsgEmailAvatarUrl(user) : avatarUrl(user);
    else if (packages[0] !== undefined) avatar = `https://apps.fedoraproject.org/packages/images/icons/${packages[0]}.png`;
    const usernames = user !== "" && !user.includes("@") ? [user] : [];
    return {
      text: parts.text,
      link,
      usernames,
      packages,
      objects: parts.objects ?? [],
      agent: usernames[0] ?? null,
      avatar,
    };
  };
}

/** The object naming a project: `projects/<name>`. */
const projectObj = (project: string): string => `projects/${project}`;

const mapNew = anitya((ctx, user, project) => {
  const distro = str(ctx.body, "distro.name");
  const name = str(ctx.body, "message.new");
  return {
    text: `${user} mapped the name of "${project}" in ${distro} to "${name}"`,
    objects: [`mappings/${distro}/${name}`, `distros/${distro}`, projectObj(project)],
    packages: distro.toLowerCase() === "fedora" ? [name] : [],
  };
});

const mapUpdate = anitya((ctx, user, project) => {
  const distro = str(ctx.body, "distro.name");
  const prev = str(ctx.body, "message.prev");
  const name = str(ctx.body, "message.new");
  return {
    text: `${user} updated the name of "${project}" in "${distro}" from "${prev}" to "${name}"`,
    objects: [`mappings/${distro}/${name}`, `mappings/${distro}/${prev}`, `distros/${distro}`, projectObj(project)],
    packages: distro.toLowerCase() === "fedora" ? [name, prev] : [],
  };
});

const versionUpdate = anitya((ctx, _user, project) => {
  const message = versionMessage(ctx.body);
  const list = message.list("packages");
  const series = listToSeries(fedoraPackages(list, false));
  const old = message.text("old_version") ?? "";
  const upstream = str(message, "upstream_version");
  const newer = old !== "" && message.raw("odd_change") !== true ? ` newer than "${old}"` : "";
  return {
    text: `A new version of "${project}" has been detected:  "${upstream}"${newer}, packaged as "${series}"`,
    objects: [projectObj(project)],
    packages: fedoraPackages(list, true),
  };
});

const versionRemove = anitya((ctx, user, project) => ({
  text: `${user} deleted the version ${str(ctx.body, "message.version")} of "${project}"`,
  objects: [projectObj(project)],
}));

export default defineService({
  name: "anitya",
  era: "fedmsg",
  icon: PACKAGE_ICON,
  prefixes: ["org.release-monitoring", "org.fedoraproject"],
  topics: {
    "anitya.project.map.new": mapNew,
    "anitya.project.map.update": mapUpdate,
    "anitya.distro.add": anitya((ctx, user) => {
      const distro = str(ctx.body, "distro.name");
      return { text: `${user} added the distro named "${distro}" to anitya`, objects: [`distros/${distro}`] };
    }),
    "anitya.distro.edit": anitya((ctx, user) => {
      const old = str(ctx.body, "message.old");
      const name = str(ctx.body, "message.new");
      return { text: `${user} changed a distro name from "${old}" to "${name}"`, objects: [`distros/${old}`, `distros/${name}`] };
    }),
    "anitya.distro.remove": anitya((ctx, user) => {
      const distro = str(ctx.body, "distro.name");
      return { text: `${user} deleted the distro "${distro}"`, objects: [`distros/${distro}`] };
    }),
    "anitya.project.add.tried": anitya((_ctx, user, project) => ({
      text: `${user} tried to add the project "${project}" to anitya (but it already exists there)`,
      objects: [projectObj(project)],
    })),
    "anitya.project.add": anitya((_ctx, user, project) => ({
      text: `${user} added the project "${project}" to anitya`,
      objects: [projectObj(project)],
    })),
    "anitya.project.edit": anitya((ctx, user, project) => ({
      text: `${user} edited the following fields of the "${project}" project: ${ctx.body.strs("message.fields").join(", ")}`,
      objects: [projectObj(project)],
    })),
    "anitya.project.remove": anitya((_ctx, user, project) => ({
      text: `${user} deleted the "${project}" project`,
      objects: [projectObj(project)],
    })),
    "anitya.project.map.remove": anitya((ctx, user, project) => ({
      text: `${user} deleted the mapping of "${project}" project on "${str(ctx.body, "message.distro")}"`,
      objects: [projectObj(project)],
    })),
    "anitya.project.version.update": versionUpdate,
    // The v2 topics are fedora-messaging's; without a schema header they still read like v1.
    "anitya.project.version.update.v2": versionUpdate,
    "anitya.project.version.remove": versionRemove,
    "anitya.project.version.remove.v2": versionRemove,
    "anitya.project.flag": anitya((ctx, user, project) => ({
      text: `${user} flagged the project "${project}"`,
      objects: [projectObj(project)],
      packages: fedoraPackages(ctx.body.list("packages"), true),
    })),
    "anitya.project.flag.set": anitya((ctx, user) => {
      const flag = str(ctx.body, "message.flag");
      return { text: `${user} ${str(ctx.body, "message.state")} flag "${flag}"`, objects: [`flag/${flag}`] };
    }),
  },
});
