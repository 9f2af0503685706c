/**
 * Trac instances of the old Fedora Hosted (fedmsg era): tickets, wiki pages and
 * git pushes. Wording from fedmsg.meta's trac processor.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";
import { trimSlashes } from "../util/text.js";

/** Fedora Hosted repositories whose cgit name has no `.git` suffix. */
const SHORT_REPOS = new Set([
  "389",
  "aeolus",
  "bluecurve",
  "bluecurve-classic-metacity-theme",
  "bluecurve-gdm-theme",
  "bluecurve-gnome-theme",
  "bluecurve-gtk-themes",
  "bluecurve-icon-theme",
  "bluecurve-kde-theme",
  "bluecurve-kdm-theme",
  "bluecurve-kwin-theme",
  "bluecurve-metacity-theme",
  "bluecurve-qt-engine",
  "bluecurve-xmms-skin",
  "cobbler",
  "deltacloud",
  "docs",
  "echo-icon-theme",
  "fedorabubbles-gdm-theme",
  "fedoradna-gdm-theme",
  "fedoradna-kdm-theme",
  "fedoraflyinghigh-gdm-theme",
  "fedoraflyinghigh-kdm-theme",
  "fedora-gnome-theme",
  "fedora-icon-theme",
  "fedorainfinity-gdm-theme",
  "fedorainfinity-screensaver-theme",
  "fedora-screensaver-theme",
  "freeotp",
  "grid",
  "koji",
  "l10n",
  "livecd",
  "mash",
  "mirrormanager",
  "mkinitrd",
  "nodoka",
  "opyum",
  "ovirt",
  "presto",
  "readahead",
  "redhat-rpm-config",
  "releng",
  "revisor",
  "rhq",
  "snake",
  "thetango",
  "thincrust",
  "umltester",
  "updatinator",
  "webauthinfra",
  "wevisor",
]);
/** Where Fedora Hosted kept its repositories; the project is the path below it. */
const GIT_ROOT = "/srv/git/";
const CSV = /\s*,\s*/;

interface Base {
  user: string;
  project: string;
}

function base(body: Payload): Base {
  return { user: body.text("agent") ?? "someone", project: body.text("instance.project_name") ?? "(unknown)" };
}

/** Everyone named on the event: the agent, the page author, the ticket's owner, reporter and cc list, the pusher. */
function usernames(body: Payload): string[] {
  const out = [body.text("agent"), body.text("page.author"), body.text("ticket.owner"), body.text("ticket.reporter")];
  out.push(...(body.text("ticket.cc") ?? "").split(CSV), body.text("commit.username"));
  return out.map((u) => u?.trim()).filter((u): u is string => !!u);
}

function avatar(body: Payload): string | null {
  const user = body.text("commit.username") ?? body.text("agent");
  return user ? fedmsgAvatarUrl(user) : null;
}

function common(body: Payload, text: string): Result {
  const users = usernames(body);
  const agent = body.text("agent") ?? body.text("commit.username") ?? null;
  return { text, usernames: users, agent, avatar: avatar(body) };
}

function wiki(wording: (b: Base & { name: string; oldName: string }) => string, versioned: boolean): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const b = base(body);
    const name = body.text("page.name") ?? "(unknown)";
    const oldName = body.text("old_name") ?? "(unknown)";
    const root = trimSlashes(body.text("instance.base_url") ?? "");
    let link: string | null = root ? `${root}/wiki/${name}` : null;
    const version = body.num("page.version");
    // Edits and deletions of a page link to the diff of that version.
    if (link && versioned && version) link += `?action=diff&version=${Math.trunc(version)}`;
    const objects = [`${b.project}/wiki/${name}`];
    if (body.has("old_name")) objects.push(`${b.project}/wiki/${oldName}`);
    return { ...common(body, wording({ ...b, name, oldName })), link, objects };
  };
}

function ticket(wording: (b: Base, body: Payload) => string): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const b = base(body);
    const id = body.text("ticket.id") ?? "(unknown)";
    const root = trimSlashes(body.text("instance.base_url") ?? "");
    return {
      ...common(body, wording(b, body)),
      link: root ? `${root}/ticket/${id}` : null,
      objects: [`${b.project}/ticket/${id}`],
      long: ticketLong(body),
    };
  };
}

/** "Summary: ...", then the comment, or the description when there is no comment. */
function ticketLong(body: Payload): string | undefined {
  const summary = body.text("ticket.summary");
  const comment = body.text("comment");
  const description = body.text("ticket.description");
  let out = "";
  if (summary) out += `Summary: ${summary}\n`;
  if (comment) out += `Comment: ${comment}\n`;
  else if (description) out += `Description: ${description}\n`;
  return out || undefined;
}

function ticketUpdate(b: Base, body: Payload): string {
  const status = body.text("ticket.status");
  const changed = body.has("old_values.status");
  if (status === "reopened" && changed) return `${b.user} reopened a ticket on the ${b.project} trac instance`;
  if (status === "closed" && changed) {
    const resolution = body.text("ticket.resolution") ?? "";
    return `${b.user} closed a ticket on the ${b.project} trac instance as '${resolution}'`;
  }
  return `${b.user} updated a ticket on the ${b.project} trac instance`;
}

function gitReceive(ctx: Ctx): Result {
  const { body } = ctx;
  const project = repoName(body);
  const user = body.text("commit.username") ?? "someone";
  const rev = body.text("commit.rev");
  const suffix = SHORT_REPOS.has(project) ? "" : ".git";
  return {
    ...common(body, `${user} pushed some commits to the '${project}' fedorahosted git repository`),
    link: rev ? `https://git.fedorahosted.org/cgit/${project}${suffix}/commit/?id=${rev}` : null,
    objects: body.keys("commit.stats.files").map((f) => `${project}/git/${f}`),
  };
}

/** The project of a push: its path below the git root (`docs/about-fedora`), else the legacy `repo` field. */
function repoName(body: Payload): string {
  const path = body.text("commit.path");
  if (path === undefined) return body.text("commit.repo") ?? "(unknown)";
  const dotGit = path.indexOf(".git");
  const bare = dotGit >= 0 ? path.slice(0, dotGit) : path;
  return bare.startsWith(GIT_ROOT) ? bare.slice(GIT_ROOT.length) : trimSlashes(bare);
}

const ON = (b: Base): string => `on the ${b.project} trac instance`;

export default defineService({
  name: "trac",
  era: "fedmsg",
  app: "Trac",
  icon: "https://www.edgewall.org/gfx/trac_bullet.png",
  topics: {
    "trac.ticket.new": ticket((b) => `${b.user} opened a new ticket ${ON(b)}`),
    "trac.ticket.update": ticket(ticketUpdate),
    "trac.ticket.delete": ticket((b) => `${b.user} straight-up deleted a ticket ${ON(b)}`),
    "trac.wiki.page.new": wiki((b) => `${b.user} created a new '${b.name}' wiki page ${ON(b)}`, false),
    "trac.wiki.page.update": wiki((b) => `${b.user} updated the '${b.name}' wiki page ${ON(b)}`, true),
    "trac.wiki.page.delete": wiki((b) => `${b.user} straight-up deleted the '${b.name}' wiki page ${ON(b)}`, true),
    "trac.wiki.page.version.delete": wiki((b) => `${b.user} deleted a version of the '${b.name}' wiki page ${ON(b)}`, true),
    "trac.wiki.page.rename": wiki((b) => `${b.user} renamed the wiki page '${b.oldName}' to '${b.name}' ${ON(b)}`, false),
    "trac.git.receive": gitReceive,
  },
});
