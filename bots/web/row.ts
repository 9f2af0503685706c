/**
 * What the page shows of one message: a row, built once per message and sent as
 * JSON to every browser that wants it. Everything in it is data for the page to
 * put in text nodes; links and image URLs are checked here, on the server.
 */
import type { Message, Summary } from "../../formatters/index.js";

/** Colour slots of the page's palette (app.css `--c0` .. `--c11`): a service keeps its slot for ever. */
export const COLOR_SLOTS = 12;
/** A row's text is cut here: one row is one line on the page, and a row is queued per browser. */
export const ROW_TEXT_MAX_CHARS = 1000;
const FIELD_MAX_CHARS = 300;
const LIST_MAX = 20;

export interface Row {
  /** This process's running number: the SSE `id`, the order, and what a reconnecting page resumes from. */
  readonly seq: number;
  readonly id: string | null;
  readonly topic: string;
  readonly service: string;
  /** The topic without prefix and environment, e.g. `buildsys.build.state.change`. */
  readonly event: string;
  /** When the message was published (its own timestamp), else when it arrived; ms since the epoch. */
  readonly time: number;
  /** When this process received it, ms since the epoch (the page's latency figure). */
  readonly received: number;
  readonly text: string;
  /** Only http(s) links: a `javascript:` link in a payload is dropped. */
  readonly link: string | null;
  readonly app: string | null;
  /** Shown only when their origin is in `web.image_origins`; null otherwise. */
  readonly icon: string | null;
  readonly avatar: string | null;
  readonly usernames: readonly string[];
  readonly packages: readonly string[];
  readonly color: number;
}

/** A stable palette slot for a service name (FNV-1a), so a service has one colour on every page. */
export function colorSlot(service: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) {
    h ^= service.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % COLOR_SLOTS;
}

/** The URL if it is http(s), else null. */
export function safeLink(url: string | null): string | null {
  if (url === null || url.length > 2000) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** The URL if it is https on one of the allowed origins (which the CSP also allows), else null. */
export function allowedImage(url: string | null, origins: ReadonlySet<string>): string | null {
  if (url === null || origins.size === 0) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" && origins.has(u.origin) ? u.href : null;
  } catch {
    return null;
  }
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function toRow(seq: number, msg: Message, s: Summary, now: number, imageOrigins: ReadonlySet<string>): Row {
  const service = msg.topic.service || "unknown";
  return {
    seq,
    id: msg.id,
    topic: cut(msg.topic.full, FIELD_MAX_CHARS),
    service: cut(service, FIELD_MAX_CHARS),
    event: cut(s.title || msg.topic.title || service, FIELD_MAX_CHARS),
    time: msg.timestamp !== null && Number.isFinite(msg.timestamp) ? Math.round(msg.timestamp * 1000) : now,
    received: now,
    text: cut(s.text, ROW_TEXT_MAX_CHARS),
    link: safeLink(s.link),
    app: s.app === null ? null : cut(s.app, FIELD_MAX_CHARS),
    icon: allowedImage(s.icon, imageOrigins),
    avatar: allowedImage(s.avatar, imageOrigins),
    usernames: s.usernames.slice(0, LIST_MAX).map((u) => cut(u, FIELD_MAX_CHARS)),
    packages: s.packages.slice(0, LIST_MAX).map((p) => cut(p, FIELD_MAX_CHARS)),
    color: colorSlot(service),
  };
}
