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
interface Base {
  user: string;
  project: string;
}

/** The fields every trac handler reads, each read once per message. */
interface Fields extends Base {
  /** `agent` as written, undefined when missing. */
  agent: string | undefined;
  /** `commit.username` (the pusher) as written, undefined when missing. */
  pusher: string | undefined;
}

function fields(body: Payload): Fields {
  const agent = body.text("agent");
  return {
    user: agent ?? "someone",
    project: body.text("instance.project_name") ?? "(unknown)",
    agent,
    pusher: body.text("commit.username"),
  };
}

/** Adds `u`, trimmed, to `out` unless it is missing or blank. */
function addName(out: string[], u: string | undefined): void {
  if (u === undefined) return;
  const t = u.trim();
  if (t !== "") out.push(t);
}

/**
 * Everyone named on the event: the agent, the page author, the ticket's owner, reporter and
 * comma-separated cc list, the pusher; each trimmed, blank ones left out.
 */
function usernames(body: Payload, f: Fields): string[] {
  const out: string[] = [];
  addName(out, f.agent);
  addName(out, body.text("page.author"));
  addName(out, body.text("ticket.owner"));
  addName(out, body.text("ticket.reporter"));
  const cc = body.text("ticket.cc");
  // Every piece is trimmed, so splitting at bare commas names the same people as splitting at `\s*,\s*`.
  if (cc) for (const u of cc.split(",")) addName(out, u);
  addName(out, f.pusher);
  return out;
}

/**
 * A trac Result: the given wording, link, objects and long form, plus what every event shares
 * (usernames, the agent, falling back to the pusher, and the avatar of the pusher, else the agent).
 * A `long` of undefined lets the long form default to the text, as leaving it out does.
 */
function result(body: Payload, f: Fields, text: string, link: string | null, objects: string[], long?: string): Result {
  const avatarUser = f.pusher ?? f.agent;
  return {
    text,
    usernames: usernames(body, f),
    agent: f.agent ?? f.pusher ?? null,
    avatar: avatarUser ? fedmsgAvatarUrl(avatarUser) : null,
    link,
    objects,
    long,
  };
}

function wiki(wording: (b: Base & { name: string; oldName: string }) => string, versioned: boolean): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const f = fields(body);
    const name = body.text("page.name") ?? "(unknown)";
    const hasOld = body.has("old_name");
    const oldName = body.text("old_name") ?? "(unknown)";
    const root = trimSlashes(body.text("instance.base_url") ?? "");
    let link: string | null = root ? `${root}/wiki/${name}` : null;
    // Edits and deletions of a page link to the diff of that version.
    if (link && versioned) {
      const version = body.num("page.version");
      if (version) link += `?action=diff&version=${Math.trunc(version)}`;
    }
    const objects = [`${f.project}/wiki/${name}`];
    if (hasOld) objects.push(`${f.project}/wiki/${oldName}`);
    return result(body, f, wording({ user: f.user, project: f.project, name, oldName }), link, objects);
  };
}

function ticket(wording: (b: Base, body: Payload) => string): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const f = fields(body);
    const id = body.text("ticket.id") ?? "(unknown)";
    const root = trimSlashes(body.text("instance.base_url") ?? "");
    const link = root ? `${root}/ticket/${id}` : null;
    return result(body, f, wording(f, body), link, [`${f.project}/ticket/${id}`], ticketLong(body));
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
  const f = fields(body);
  const project = repoName(body);
  const rev = body.text("commit.rev");
  const suffix = SHORT_REPOS.has(project) ? "" : ".git";
  const text = `${f.pusher ?? "someone"} pushed some commits to the '${project}' fedorahosted git repository`;
  const link = rev ? `https://git.fedorahosted.org/cgit/${project}${suffix}/commit/?id=${rev}` : null;
  const objects = body.keys("commit.stats.files");
  for (let i = 0; i < objects.length; i++) objects[i] = `${project}/git/${objects[i]}`;
  return result(body, f, text, link, objects);
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
