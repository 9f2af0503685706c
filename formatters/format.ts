import type { Ctx, Result } from "./define.js";
import { genericResult } from "./generic.js";
import { decodeMessage, messageTitle } from "./message.js";
import { Payload, isObject } from "./payload.js";
import { Registry, type Candidate } from "./registry.js";
import { ALL_SERVICES } from "./services/index.js";
import { ALL_SCHEMAS } from "./schemas/index.js";
import { Severity, type FormatOptions, type Message, type Summary } from "./types.js";
import { avatarUrl, isDefaultAvatarUrl } from "./util/avatar.js";
import { cleanText, isPlainAscii } from "./util/text.js";

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
  const route = getRegistry().route(msg);
  for (const cand of route.candidates) {
    let result: Result | undefined;
    ctx.captures = cand.captures;
    try {
      result = cand.handler(ctx);
    } catch (error) {
      errors.push({ service: cand.serviceName, key: cand.key, error });
      continue;
    }
    if (result) return { summary: finish(msg, result, cand, route.title), service: cand.serviceName, key: cand.key, errors };
  }
  ctx.captures = NO_CAPTURES;
  const summary = finish(msg, genericResult(ctx), undefined, route.title);
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
    this.title = messageTitle(msg);
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

/**
 * The one place a Summary is made: every string field leaves as clean text (DESIGN.md's `format`
 * contract), whatever the payload or a handler put in it, so no caller has to clean again.
 * `title` is the route's: the message's title, clean already.
 */
function finish(msg: Message, result: Result, cand: Candidate | undefined, title: string): Summary {
  const r = readResult(result);
  const messaging = msg.era === "fedora-messaging";
  const agent = optional(r.agent ?? null);
  let text = cleanText(r.text as string);
  // A text of nothing but spaces (a topic of dots, a payload of blanks) reads as the topic.
  if (text.trim() === "") text = cleanText(msg.topic.full).trim() || "(message without a topic)";
  let app: string | null;
  if (r.app !== undefined) app = optional(r.app);
  else if (cand !== undefined && cand.app !== null) app = cand.app;
  // fedmsg.meta has no application names: the fedmsg era falls back to the topic's service (`buildsys`, `git`).
  else app = messaging ? null : optional(msg.topic.service || null);
  let avatar: string | null;
  // Most handlers' avatars are avatarUrl's usual one, clean text by construction: no scan of their hundred characters.
  if (isDefaultAvatarUrl(r.avatar)) avatar = r.avatar as string;
  else if (r.avatar !== undefined) avatar = optional(r.avatar);
  // avatarUrl's default form is ASCII by construction (a fixed URL around a hex digest): clean already.
  else avatar = messaging && agent ? avatarUrl(agent) : null;
  return {
    title,
    text,
    link: r.link === "" ? null : optional(r.link ?? null),
    usernames: names(r.usernames),
    packages: names(r.packages),
    objects: names(r.objects),
    groups: names(r.groups),
    agent,
    app,
    icon: r.icon !== undefined ? optional(r.icon) : (cand?.icon ?? null),
    avatar,
    severity: r.severity !== undefined ? r.severity : messaging ? severityOf(msg) : null,
    long: r.long !== undefined ? (r.long === null ? null : cleanText(r.long, true)) : text,
  };
}

/**
 * A handler's Result, every field in one place: `undefined` where the handler left it out.
 * Handlers return object literals of a few hundred shapes; reading a dozen named fields off each
 * made every read in `finish` megamorphic, and V8's stub cache, crowded by those shapes and the
 * payloads', missed often enough that each miss (a runtime call) was a visible part of the
 * profile. A for-in walk reads each field by the object's enumeration cache instead, with no
 * inline cache at all, and what `finish` then reads has this one shape.
 */
class ResultFields {
  text: Result["text"] | undefined = undefined;
  link: Result["link"] = undefined;
  usernames: Result["usernames"] = undefined;
  packages: Result["packages"] = undefined;
  objects: Result["objects"] = undefined;
  groups: Result["groups"] = undefined;
  agent: Result["agent"] = undefined;
  icon: Result["icon"] = undefined;
  avatar: Result["avatar"] = undefined;
  app: Result["app"] = undefined;
  severity: Result["severity"] = undefined;
  long: Result["long"] = undefined;
}

/** Same values as reading `r.text`, `r.link`, ... one by one (a Result is a plain object literal). */
function readResult(r: Result): ResultFields {
  const f = new ResultFields();
  const values = r as unknown as Record<string, never>;
  for (const k in r) {
    const v = values[k];
    switch (k) {
      case "text":
        f.text = v;
        break;
      case "link":
        f.link = v;
        break;
      case "usernames":
        f.usernames = v;
        break;
      case "packages":
        f.packages = v;
        break;
      case "objects":
        f.objects = v;
        break;
      case "groups":
        f.groups = v;
        break;
      case "agent":
        f.agent = v;
        break;
      case "icon":
        f.icon = v;
        break;
      case "avatar":
        f.avatar = v;
        break;
      case "app":
        f.app = v;
        break;
      case "severity":
        f.severity = v;
        break;
      case "long":
        f.long = v;
        break;
    }
  }
  return f;
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
  // Handlers give arrays (the type allows any iterable). A for-of over the values of every
  // handler runs the generic iteration protocol (a call and a result object per name); an
  // indexed loop over an array does not. Any other iterable is read into an array first.
  const list: readonly (string | null | undefined)[] = Array.isArray(it) ? it : Array.from(it);
  const plain = list.length >= NAMES_JOIN_MIN && allPlain(list);
  const out: string[] = [];
  // A long list (an mdapi diff, a big push) is sorted whole, and then its repeats are next to
  // each other: one pass drops them, with no set (a set hashes every name, and a name a handler
  // built by concatenation must be copied flat for that first).
  if (list.length > NAMES_SCAN_MAX) {
    for (let i = 0; i < list.length; i++) {
      const raw = list[i];
      const x = typeof raw !== "string" ? "" : plain ? raw : cleanText(raw);
      if (x !== "") out.push(x);
    }
    out.sort();
    let kept = 0;
    for (let i = 0; i < out.length; i++) {
      const x = out[i] as string;
      if (kept === 0 || x !== out[kept - 1]) out[kept++] = x;
    }
    out.length = kept;
    return out;
  }
  // A scan of `out` is cheapest for the usual handful of names.
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const x = typeof raw !== "string" ? "" : plain ? raw : cleanText(raw);
    if (x !== "" && !out.includes(x)) out.push(x);
  }
  return out.length > 1 ? sortByCodeUnit(out) : out;
}

/**
 * True when every string of a list of names is printable ASCII, so clean text as it is: one scan
 * of them joined (one call) rather than one per name. False when the list holds anything but
 * strings, null and undefined (those are skipped as no name), and for any other character.
 */
function allPlain(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (typeof x !== "string" && x != null) return false;
  }
  return isPlainAscii(list.join(" "));
}

/** From this many names on, a list is checked in one scan (see allPlain). */
const NAMES_JOIN_MIN = 4;

/**
 * At most NAMES_SCAN_MAX distinct names sorted by code unit, as `out.sort()` would: an insertion
 * sort, which costs less for a handful than the built-in sort's setup.
 */
function sortByCodeUnit(out: string[]): string[] {
  for (let i = 1; i < out.length; i++) {
    const x = out[i] as string;
    let j = i - 1;
    while (j >= 0 && (out[j] as string) > x) {
      out[j + 1] = out[j] as string;
      j--;
    }
    out[j + 1] = x;
  }
  return out;
}

/** Lists up to this long are de-duplicated by a scan and sorted by insertion; longer ones are sorted whole. */
const NAMES_SCAN_MAX = 16;

function isDecoded(m: unknown): m is Message {
  return isObject(m) && (m.era === "fedmsg" || m.era === "fedora-messaging") && isObject(m.topic) && "raw" in m;
}
