/**
 * Copr, the Cool Other Package Repositories build system (fedmsg era,
 * `copr.*`), worded as fedmsg.meta's Copr processor words it. The payload
 * changed shape several times; `normalise` maps the old shapes onto the new.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { nvrName } from "../util/fedora-package.js";
import { wordTable } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/img/icons/copr.png";
const FRONTEND = "https://copr.fedoraproject.org";
const RESULTS = "https://copr-be.cloud.fedoraproject.org/results";
/** Build ids are zero-padded to this width in Copr's result directories. */
const BUILD_ID_WIDTH = 8;

const STATUSES: Readonly<Record<string, string>> = wordTable({ 0: "failed", 1: "success", 3: "running", 5: "skipped" });

interface Copr {
  user: string | undefined;
  /** The copr's owner: a user, or a group written `@group`. */
  owner: string | undefined;
  copr: string;
  chroot: string;
  /** The package NVR (old messages sent the name and the version apart). */
  pkg: string | undefined;
  version: string | undefined;
  build: string;
  status: string;
}

function normalise(ctx: Ctx): Copr {
  const b = ctx.body;
  let pkg = b.text("pkg");
  const version = b.text("version");
  if (pkg && version && !pkg.includes(version)) pkg = `${pkg}-${version}`;
  const user = b.str("user") || undefined;
  return {
    user,
    owner: b.has("owner") ? b.str("owner") || undefined : user,
    copr: b.text("copr") ?? "",
    chroot: b.text("chroot") ?? "",
    pkg,
    version,
    build: b.text("build") ?? "",
    status: STATUSES[b.text("status") ?? ""] ?? "unknown",
  };
}

/** The owner as it appears in Copr URLs: groups live under `g/`. */
function ownerPath(c: Copr): string {
  const o = c.owner ?? c.user ?? "";
  return o.startsWith("@") ? `g/${o.slice(1)}` : o;
}

function base(ctx: Ctx, c: Copr, text: string): Result {
  const title = ctx.title.split(".");
  const objects = ["coprs"];
  if (ctx.body.has("copr")) objects.push(c.copr);
  objects.push(title.slice(-2).join("."));
  if (ctx.title.includes("chroot")) objects.push(c.chroot);
  const group = c.owner?.startsWith("@") ? c.owner.slice(1) : undefined;
  return {
    text,
    link: FRONTEND,
    // A group owner is a group, not an account.
    usernames: [c.user, group ? undefined : c.owner],
    groups: [group],
    agent: c.user ?? null,
    avatar: c.user ? fedmsgAvatarUrl(c.user) : null,
    objects: [objects.join("/")],
  };
}

const buildLink = (c: Copr): string => `${FRONTEND}/coprs/${ownerPath(c)}/${c.copr}/build/${c.build}/`;

/** The build's details and the URLs of its logs, as the old Copr e-mails gave them. */
function longForm(c: Copr): string {
  const id = c.build.padStart(BUILD_ID_WIDTH, "0");
  const owner = c.owner ?? "";
  // Copr names result directories after the package; a version without a release hides it.
  const name = c.version?.includes("-") && c.pkg ? nvrName(c.pkg) : "?? WHO KNOWS ??";
  const dir = `${RESULTS}/${owner}/${c.copr}/${c.chroot}`;
  return [
    `Package:  ${c.pkg ?? ""}`,
    `COPR:     ${owner}/${c.copr}`,
    `Built by: ${c.user ?? ""}`,
    `Status:   ${c.status}`,
    `ID:       ${id}`,
    "",
    "Logs:",
    `  Build:     ${dir}/${id}-${name}/build.log.gz`,
    `  Root:      ${dir}/${id}-${name}/root.log.gz`,
    `  Copr:      ${dir}/build-${id}.log`,
    `  Mockchain: ${dir}/${id}-${name}/mockchain.log.gz`,
    `Results:     ${dir}/${id}-${name}/`,
    `Repodata:    ${dir}/repodata/`,
    "",
  ].join("\n");
}

const buildStart: Handler = (ctx) => {
  const c = normalise(ctx);
  const text = c.user ? `${c.user} started a new build of the ${c.copr} copr` : `Automated build of the ${c.copr} copr has been started`;
  return { ...base(ctx, c, text), link: buildLink(c) };
};

const buildEnd: Handler = (ctx) => {
  const c = normalise(ctx);
  const what = `copr build of ${c.pkg ?? "a package"} for ${c.chroot} finished with '${c.status}'`;
  const text = c.user ? `${c.user}'s ${c.copr} ${what}` : `Automated ${c.copr} ${what}`;
  return { ...base(ctx, c, text), link: buildLink(c), long: longForm(c) };
};

const chrootStart: Handler = (ctx) => {
  const c = normalise(ctx);
  return {
    ...base(ctx, c, `${c.user ?? "someone"}'s ${c.copr} copr started a new ${c.chroot} chroot`),
    link: `${RESULTS}/${ownerPath(c)}/${c.copr}/${c.chroot}/`,
  };
};

export default defineService({
  name: "coprs",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "copr.build.start": buildStart,
    "copr.build.end": buildEnd,
    "copr.chroot.start": chrootStart,
    "copr.worker.create": (ctx) => base(ctx, normalise(ctx), "a new worker was created"),
  },
});
