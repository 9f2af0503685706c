/**
 * The wording of digests, statistics lines and late marks. Pure: no I/O, no
 * clock (times come in as arguments). A digest is `Summary`-shaped so that each
 * sink renders it with its own rules (IRC byte budget and colours, Mastodon
 * counting), e.g.
 *
 *     buildsys: 412 build state changes (nodejs-foo, python-bar, golang-baz and 409 more)
 *     bodhi: 37 messages (update.comment 20, update.request.testing 17)
 *     1,204 messages: buildsys 900, bodhi 200, copr 104
 *     last hour: 4,211 messages — buildsys 2,900, bodhi 412, copr 300, …
 *
 * with a datagrepper search link for the topic (or service) and time range.
 */
import { cleanText, type ParsedTopic, type Summary } from "../../formatters/index.js";

/** How coarse a digest line is: one topic, one service, or everything. */
export type DigestLevel = "event" | "service" | "all";

/** Names shown in a digest line before "and N more". */
export const DIGEST_SAMPLES = 3;
/** Parts (events, services) listed in a coarse line before "…". */
const DIGEST_PARTS = 5;

/** What a digest line says: counts, a few names, the time range (wall ms). */
export interface DigestFacts {
  readonly level: DigestLevel;
  /** Service of an event or service line ("" for all). */
  readonly service: string;
  /** Full topic of an event line when all its messages had the same one. */
  readonly topic: string | null;
  /** Topic title (service.event...) of an event line. */
  readonly title: string;
  readonly count: number;
  /** How many distinct names (packages, objects, people) its messages had: "and N more" counts these, not messages. */
  readonly names: number;
  /** Distinct names (packages, objects, people), at most DIGEST_SAMPLES. */
  readonly samples: readonly string[];
  /** Counts by part: events of a service line, services of an all line. */
  readonly parts: ReadonlyMap<string, number>;
  readonly firstWall: number;
  readonly lastWall: number;
}

/** Event wordings for the busiest topics; others read "N <event words> messages". */
const EVENT_WORDS: Readonly<Record<string, string>> = {
  "buildsys.build.state.change": "build state changes",
  "buildsys.task.state.change": "task state changes",
  "buildsys.tag": "builds tagged",
  "buildsys.untag": "builds untagged",
  "buildsys.package.list.change": "package list changes",
  "buildsys.repo.init": "repos initialised",
  "buildsys.repo.done": "repos done",
  "bodhi.update.comment": "update comments",
  "bodhi.update.edit": "updates edited",
  "bodhi.update.request.testing": "updates submitted to testing",
  "bodhi.update.request.stable": "updates submitted to stable",
  "bodhi.update.complete.testing": "updates pushed to testing",
  "bodhi.update.complete.stable": "updates pushed to stable",
  "copr.build.start": "Copr builds started",
  "copr.build.end": "Copr builds finished",
  "copr.chroot.start": "Copr chroots started",
  "git.receive": "pushes",
  "pagure.pull-request.new": "new pull requests",
  "pagure.pull-request.comment.added": "pull-request comments",
  "ci.koji-build.test.complete": "CI tests completed",
  "ci.koji-build.test.running": "CI tests running",
  "ci.koji-build.test.queued": "CI tests queued",
  "pungi.compose.status.change": "compose status changes",
  "anitya.project.version.update": "new upstream versions",
  "fas.user.update": "account updates",
};

/** `1,204`: digests are read by people. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** The words for `n` messages of a topic title ("412 build state changes"). */
export function eventWords(title: string, n: number): string {
  const known = EVENT_WORDS[title];
  if (known) return `${count(n)} ${known}`;
  const event = title.split(".").slice(1).join(" ").replace(/[-_]/g, " ");
  return `${count(n)} ${event ? `${event} ` : ""}${n === 1 ? "message" : "messages"}`;
}

/** The grouping key of a message at a level. */
export function digestKey(topic: ParsedTopic, level: DigestLevel): string {
  if (level === "all") return "";
  if (level === "service") return topic.service;
  return topic.full;
}

/** The datagrepper v2 search for a digest's topic or service and time range (seconds). */
export function datagrepperLink(base: string, f: Pick<DigestFacts, "level" | "topic" | "service" | "firstWall" | "lastWall">): string {
  const q = new URLSearchParams();
  if (f.level === "event" && f.topic) q.set("topic", f.topic);
  else if (f.level !== "all" && f.service) q.set("category", f.service);
  q.set("start", String(Math.floor(f.firstWall / 1000) - 1));
  q.set("end", String(Math.ceil(f.lastWall / 1000) + 1));
  return `${base.replace(/\/+$/, "")}/v2/search?${q.toString()}`;
}

function listParts(parts: ReadonlyMap<string, number>, total: number): string {
  const sorted = [...parts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, DIGEST_PARTS).map(([k, n]) => `${k || "(no topic)"} ${count(n)}`);
  const rest = total - sorted.slice(0, DIGEST_PARTS).reduce((s, [, n]) => s + n, 0);
  return rest > 0 ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** The one-line text of a digest: clean text, as every Summary field (topic parts come from payloads). */
export function digestText(f: DigestFacts): string {
  return cleanText(rawDigestText(f));
}

function rawDigestText(f: DigestFacts): string {
  switch (f.level) {
    case "event": {
      const shown = f.samples.slice(0, DIGEST_SAMPLES);
      const more = f.names - shown.length;
      const names = shown.length ? ` (${shown.join(", ")}${more > 0 ? ` and ${count(more)} more` : ""})` : "";
      return `${f.service || "(no service)"}: ${eventWords(f.title, f.count)}${names}`;
    }
    case "service":
      return `${f.service || "(no service)"}: ${count(f.count)} messages (${listParts(f.parts, f.count)})`;
    case "all":
      return `${count(f.count)} messages: ${listParts(f.parts, f.count)}`;
  }
}

/** A digest as a Summary, for the sink's own renderer. `datagrepper`: base URL, or null for no link. */
export function digestSummary(f: DigestFacts, datagrepper: string | null): Summary {
  return {
    title: f.level === "event" ? f.title : f.service || "fedmsg",
    text: digestText(f),
    link: datagrepper ? datagrepperLink(datagrepper, f) : null,
    usernames: [],
    packages: [],
    objects: [],
    groups: [],
    agent: null,
    app: f.service || null,
    icon: null,
    avatar: null,
    severity: null,
    long: null,
  };
}

/** "last hour: 4,211 messages — buildsys 2,900, bodhi 412, …" */
export function statsSummary(label: string, byService: ReadonlyMap<string, number>): Summary {
  let total = 0;
  for (const n of byService.values()) total += n;
  const text =
    total === 0
      ? `${label}: no messages`
      : `${label}: ${count(total)} ${total === 1 ? "message" : "messages"} — ${listParts(byService, total)}`;
  return {
    title: "fedmsg.stats",
    text,
    link: null,
    usernames: [],
    packages: [],
    objects: [],
    groups: [],
    agent: null,
    app: null,
    icon: null,
    avatar: null,
    severity: null,
    long: null,
  };
}

/** "(12 min ago)": how late a line is. */
export function lateMark(lateMs: number): string {
  const s = Math.round(lateMs / 1000);
  if (s < 120) return `(${s} s ago)`;
  const min = Math.round(s / 60);
  if (min < 120) return `(${min} min ago)`;
  const h = Math.round(min / 60);
  if (h < 48) return `(${h} h ago)`;
  return `(${Math.round(h / 24)} days ago)`;
}

/** The summary with the late mark at the end of its text. */
export function withLateMark(s: Summary, lateMs: number): Summary {
  return { ...s, text: `${s.text} ${lateMark(lateMs)}` };
}
