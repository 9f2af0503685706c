import type { Ctx, Result } from "./define.js";
import type { Payload } from "./payload.js";

/**
 * The line for a topic no service formatter knows: what happened (the topic's
 * event), to what (its object and the usual name fields of the payload) and by
 * whom (the usual agent fields). Never empty.
 *
 *   org.fedoraproject.prod.foo.widget.created {agent: "alice", name: "w1"}
 *   -> "alice created foo widget w1"
 *   org.fedoraproject.prod.ci.koji-build.test.complete {artifact: {nvr: "nano-1-1"}}
 *   -> "ci koji build test nano-1-1 completed"
 */
export function genericResult(ctx: Ctx): Result {
  const { body, topic } = ctx;
  const words = ctx.title === "" ? [] : ctx.title.split(".");
  const service = words[0] ?? "";
  const event = words.length > 1 ? pastTense(humanize(words[words.length - 1] ?? "")) : "";
  const object = words.slice(1, -1).map(humanize).filter(Boolean).join(" ");
  const raw = agentOf(body, ctx.headers);
  const who = raw === undefined ? undefined : ctx.user(raw);
  const name = nameOf(body);

  const what = [humanize(service), object].filter(Boolean).join(" ");
  const thing = name ? `${what} ${name}` : what;
  let text: string;
  if (event === "new") text = `new ${thing}${who ? ` by ${who}` : ""}`;
  else if (who && event) text = `${who} ${event} ${thing}`;
  else if (event) text = `${thing} ${event}`;
  else text = thing;
  if (text === "") text = topic.full === "" ? "(message without a topic)" : topic.full;

  const usernames = new Set<string>();
  // An e-mail address the user map does not know is shown but is no account name.
  if (who && !who.includes("@")) usernames.add(who);
  const packages = new Set<string>();
  for (const [k, v] of ctx.headers.entries()) {
    if (v.value !== true) continue;
    if (k.startsWith("fedora_messaging_user_")) usernames.add(k.slice("fedora_messaging_user_".length));
    if (k.startsWith("fedora_messaging_rpm_")) packages.add(k.slice("fedora_messaging_rpm_".length));
  }
  return { text, link: linkOf(body), usernames, packages, agent: who && !who.includes("@") ? who : null, app: service || null };
}

const AGENT_PATHS = [
  "agent",
  "agent_name",
  "user.username",
  "user.name",
  "user",
  "username",
  "owner",
  "submitter",
  "author.username",
  "author.name",
  "actor.username",
];
const NAME_PATHS = [
  "name",
  "nvr",
  "artifact.nvr",
  "build.nvr",
  "package.name",
  "package",
  "project.name",
  "project",
  "repo.name",
  "title",
  "update.alias",
  "testcase.name",
  "compose_id",
];
const LINK_PATHS = ["url", "link", "html_url", "web_url", "uri", "ref_url", "run.url", "artifact.url"];

/** Topic events (`...build.complete`) as the past tense a line reads best with. */
const PAST = new Map<string, string>([
  ["complete", "completed"],
  ["create", "created"],
  ["update", "updated"],
  ["delete", "deleted"],
  ["edit", "edited"],
  ["add", "added"],
  ["remove", "removed"],
  ["start", "started"],
  ["finish", "finished"],
  ["fail", "failed"],
  ["change", "changed"],
  ["publish", "published"],
  ["upload", "uploaded"],
  ["tag", "tagged"],
  ["untag", "untagged"],
  ["sign", "signed"],
  ["push", "pushed"],
  ["close", "closed"],
  ["open", "opened"],
  ["merge", "merged"],
  ["cancel", "cancelled"],
]);
function pastTense(event: string): string {
  return PAST.get(event) ?? event;
}

function agentOf(body: Payload, headers: Payload): string | undefined {
  for (const p of AGENT_PATHS) {
    const v = body.str(p);
    if (v && v.length <= 64 && !/\s/.test(v)) return v;
  }
  const user = headers.keys().find((k) => k.startsWith("fedora_messaging_user_"));
  return user?.slice("fedora_messaging_user_".length);
}

function nameOf(body: Payload): string | undefined {
  for (const p of NAME_PATHS) {
    const v = body.text(p);
    if (v && v.trim() !== "") return v.length > 80 ? `${v.slice(0, 79)}…` : v.replace(/\s+/g, " ");
  }
  return undefined;
}

function linkOf(body: Payload): string | null {
  for (const p of LINK_PATHS) {
    const v = body.str(p);
    if (v && /^https?:\/\//.test(v)) return v;
  }
  return null;
}

function humanize(s: string): string {
  return s.replace(/[_-]+/g, " ").trim();
}
