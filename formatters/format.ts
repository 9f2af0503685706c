import type { Ctx, Result } from "./define.js";
import { genericResult } from "./generic.js";
import { decodeMessage } from "./message.js";
import { Payload, isObject } from "./payload.js";
import { Registry, type Candidate } from "./registry.js";
import { ALL_SERVICES } from "./services/index.js";
import { ALL_SCHEMAS } from "./schemas/index.js";
import { Severity, type FormatOptions, type Message, type Summary } from "./types.js";
import { avatarUrl } from "./util/avatar.js";
import { cleanText } from "./util/text.js";

let registry: Registry | undefined;
function getRegistry(): Registry {
  registry ??= new Registry([...ALL_SERVICES, ...ALL_SCHEMAS]);
  return registry;
}

/** Why a summary came out the way it did; for logs and the conformance script. */
export interface FormatTrace {
  readonly summary: Summary;
  /** The service that formatted it, or "generic". */
  readonly service: string;
  /** The topic pattern or schema name that selected the handler. */
  readonly key: string | null;
  /** Errors thrown by handlers that were skipped (each is a formatter bug). */
  readonly errors: readonly { readonly service: string; readonly key: string; readonly error: unknown }[];
}

/**
 * Format a bus message into its summary. Accepts a decoded `Message` or the raw
 * JSON of one (a fedmsg envelope or a fedora-messaging message); returns
 * undefined for raw input that is not a message. Unknown topics get the generic
 * line. Never throws for a decoded message: a handler that throws is skipped.
 */
export function format(message: unknown, options: FormatOptions = {}): Summary | undefined {
  let msg: Message;
  if (isDecoded(message)) msg = message;
  else {
    try {
      msg = decodeMessage(message);
    } catch {
      return undefined;
    }
  }
  return formatTrace(msg, options).summary;
}

/** Like `format`, for a decoded message, also telling which handler produced it. */
export function formatTrace(msg: Message, options: FormatOptions = {}): FormatTrace {
  const errors: { service: string; key: string; error: unknown }[] = [];
  // One context for every candidate tried: only the captures differ, and handlers are pure.
  const ctx = new Context(msg, options.userMap ?? NO_USERS);
  for (const cand of getRegistry().candidates(msg)) {
    let result: Result | undefined;
    ctx.captures = cand.captures;
    try {
      result = cand.handler(ctx);
    } catch (error) {
      errors.push({ service: cand.service.name, key: cand.key, error });
      continue;
    }
    if (result) return { summary: finish(msg, result, cand), service: cand.service.name, key: cand.key, errors };
  }
  ctx.captures = NO_CAPTURES;
  const summary = finish(msg, genericResult(ctx), undefined);
  return { summary, service: "generic", key: null, errors };
}

const NO_USERS: Readonly<Record<string, string>> = {};
const NO_CAPTURES: readonly string[] = [];

/** A class rather than an object literal of closures: formatting makes one per message. */
class Context implements Ctx {
  readonly body: Payload;
  readonly topic: Message["topic"];
  readonly title: string;
  /** Set by formatTrace before each candidate's handler runs. */
  captures: readonly string[] = NO_CAPTURES;
  private headersPayload: Payload | undefined;

  constructor(
    readonly msg: Message,
    private readonly map: Readonly<Record<string, string>>,
  ) {
    this.body = new Payload(msg.body);
    this.topic = msg.topic;
    this.title = titleOf(msg);
  }

  get headers(): Payload {
    this.headersPayload ??= new Payload(this.msg.headers);
    return this.headersPayload;
  }

  user(name: string): string {
    return Object.prototype.hasOwnProperty.call(this.map, name) ? (this.map[name] ?? name) : name;
  }

  knowsUser(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.map, name);
  }
}

function titleOf(msg: Message): string {
  return msg.topic.title !== "" ? msg.topic.title : (msg.schema ?? "");
}

/**
 * The one place a Summary is made: every string field leaves as clean text (DESIGN.md's `format`
 * contract), whatever the payload or a handler put in it, so no caller has to clean again.
 */
function finish(msg: Message, r: Result, cand: Candidate | undefined): Summary {
  const service = cand?.service;
  const messaging = msg.era === "fedora-messaging";
  const agent = optional(r.agent ?? null);
  let text = cleanText(r.text);
  // A text of nothing but spaces (a topic of dots, a payload of blanks) reads as the topic.
  if (text.trim() === "") text = cleanText(msg.topic.full).trim() || "(message without a topic)";
  const app = r.app !== undefined ? r.app : (service?.app ?? (messaging ? null : msg.topic.service || null));
  return {
    title: cleanText(titleOf(msg)),
    text,
    link: r.link === "" ? null : optional(r.link ?? null),
    usernames: names(r.usernames),
    packages: names(r.packages),
    objects: names(r.objects),
    groups: names(r.groups),
    agent,
    // fedmsg.meta has no application names: the fedmsg era falls back to the topic's service (`buildsys`, `git`).
    app: optional(app),
    icon: optional(r.icon !== undefined ? r.icon : (service?.icon ?? null)),
    avatar: optional(r.avatar !== undefined ? r.avatar : messaging && agent ? avatarUrl(agent) : null),
    severity: r.severity !== undefined ? r.severity : messaging ? severityOf(msg) : null,
    long: r.long !== undefined ? (r.long === null ? null : cleanText(r.long, true)) : text,
  };
}

function optional(s: string | null): string | null {
  return s === null ? null : cleanText(s);
}

function severityOf(msg: Message): number {
  const s = msg.headers.fedora_messaging_severity;
  return typeof s === "number" ? s : Severity.INFO;
}

/** Sorted by code point (as the corpus writes sets), de-duplicated, without empty values. */
function names(it: Iterable<string | null | undefined> | undefined): string[] {
  if (!it) return [];
  const out: string[] = [];
  // A scan of `out` is cheapest for the usual handful of names; a long list (an mdapi diff, a
  // big push) would make it quadratic, so past NAMES_SCAN_MAX a set answers instead.
  let seen: Set<string> | undefined;
  for (const raw of it) {
    const x = typeof raw === "string" ? cleanText(raw) : "";
    if (x === "") continue;
    if (seen === undefined) {
      if (out.includes(x)) continue;
      out.push(x);
      if (out.length > NAMES_SCAN_MAX) seen = new Set(out);
    } else if (!seen.has(x)) {
      seen.add(x);
      out.push(x);
    }
  }
  return out.length > 1 ? out.sort(byCodeUnit) : out;
}

const NAMES_SCAN_MAX = 16;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isDecoded(m: unknown): m is Message {
  return isObject(m) && (m.era === "fedmsg" || m.era === "fedora-messaging") && isObject(m.topic) && "raw" in m;
}
