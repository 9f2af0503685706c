/**
 * The Matrix event renderer: pure, no I/O. Turns a Summary into the content of
 * one `m.room.message`: `body` is the plain line, `formatted_body` the same line
 * as `org.matrix.custom.html` with the service colour and the link as an anchor.
 *
 * Payload text can never reach anyone's notifications or the HTML structure:
 * - every payload string is escaped for HTML (a `<script>` in a title stays text);
 * - `@room` and Matrix user ids (`@user:server`) get a word joiner after the `@`,
 *   so the legacy body-matching push rules (`.m.rule.roomnotif`,
 *   `.m.rule.contains_user_name`) and clients that linkify ids find nothing;
 * - the content carries an empty `m.mentions`: it mentions nobody, and servers
 *   that implement intentional mentions (spec 1.7) then skip the legacy
 *   display-name and user-name rules altogether;
 * - a `matrix.to` link would render as a pill: it is shown as text, not anchored.
 */
import type { Summary } from "../types.js";

export const MATRIX_HTML_FORMAT = "org.matrix.custom.html";
/** The line the old IRC bot wrote; placeholders {title} {text} {link} {app} {service} {agent}. */
export const MATRIX_DEFAULT_TEMPLATE = "{title} -- {text} {link}";
export const MATRIX_TEMPLATE_FIELDS = ["title", "text", "link", "app", "service", "agent"] as const;
/**
 * A payload field longer than this is cut (with an ellipsis). A summary line is
 * short; this only keeps a hostile payload far below the 64 KiB event limit, even
 * after HTML escaping multiplies it by up to six.
 */
export const MATRIX_FIELD_MAX_CHARS = 2000;
const ELLIPSIS = "…";
/** U+2060 WORD JOINER: invisible, and it breaks `@room` and `@user:server` for every matcher. */
const WORD_JOINER = "\u2060";

/** Title colour by service, as the IRC bot has them, in hex readable on light and dark themes. */
export const MATRIX_SERVICE_COLORS: Readonly<Record<string, string>> = {
  fas: "#3c6eb4",
  bodhi: "#2e7d32",
  git: "#c62828",
  tagger: "#8d6e63",
  wiki: "#8e24aa",
  logger: "#ef6c00",
  pkgdb: "#00897b",
  buildsys: "#b8860b",
  planet: "#43a047",
};
export const MATRIX_DEFAULT_TITLE_COLOR = "#808080";

export type MatrixMsgtype = "m.notice" | "m.text";

/** The content of one `m.room.message` event. */
export interface MatrixMessageContent {
  readonly msgtype: MatrixMsgtype;
  readonly body: string;
  readonly format: typeof MATRIX_HTML_FORMAT;
  readonly formatted_body: string;
  /** Always empty: the event mentions nobody (and turns the legacy mention rules off). */
  readonly "m.mentions": Record<string, never>;
}

export interface MatrixRenderOptions {
  /** Placeholders {title} {text} {link} {app} {service} {agent}; default MATRIX_DEFAULT_TEMPLATE. */
  readonly template?: string;
  /** `m.notice` (the default: bots should, and notices do not notify) or `m.text`. */
  readonly msgtype?: MatrixMsgtype;
  /** Service -> `#rrggbb`, merged over MATRIX_SERVICE_COLORS. */
  readonly serviceColors?: Readonly<Record<string, string>>;
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * Payload text made safe for one line: controls and bidi overrides removed, line
 * breaks folded, `@room` and user ids broken by a word joiner, cut to
 * MATRIX_FIELD_MAX_CHARS.
 */
export function neutraliseMatrix(s: string): string {
  // Fast paths: most fields have no controls, no `@` and are short (this runs six times per event).
  const clean = UNSAFE.test(s)
    ? s.replace(/[\r\n\t\v\f\u2028\u2029]+/g, " ").replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    : s;
  const cut = clean.length > MATRIX_FIELD_MAX_CHARS ? cutChars(clean, MATRIX_FIELD_MAX_CHARS) : clean;
  if (!cut.includes("@")) return cut;
  // `@room` anywhere (the legacy rule matches it case-insensitively), and `@x` where a mention or id could start.
  return cut.replace(/@(?=room)/gi, `@${WORD_JOINER}`).replace(/(^|[^\p{L}\p{N}_.+-])@(?=[\p{L}\p{N}_=./+-])/gu, `$1@${WORD_JOINER}`);
}

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function cutChars(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  // Never end on half a surrogate pair or between a letter and its combining marks.
  return (
    chars
      .slice(0, max - 1)
      .join("")
      .replace(/\p{M}+$/u, "") + ELLIPSIS
  );
}

/** A link fit for an anchor: http(s), no spaces, and not a matrix.to permalink (which clients turn into pills). */
export function anchorableLink(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && !/\s/.test(link) && url.hostname.toLowerCase() !== "matrix.to";
}

/** Renders the content of one `m.room.message` for a summary. */
export function renderMatrix(summary: Summary, opts: MatrixRenderOptions = {}): MatrixMessageContent {
  const service = summary.title.split(".")[0] ?? "";
  const override = opts.serviceColors?.[service];
  const color =
    override !== undefined && HEX_COLOR.test(override) ? override : (MATRIX_SERVICE_COLORS[service] ?? MATRIX_DEFAULT_TITLE_COLOR);
  const rawLink = (summary.link ?? "").replace(/[\u0000-\u001f\u007f-\u009f]+/g, "").trim();
  const anchored = rawLink !== "" && anchorableLink(rawLink);
  // In a URL, %40 means `@` to the server it points to, but no push rule reads it as `@room`.
  const link = anchored ? rawLink.replace(/@(?=room)/gi, "%40") : neutraliseMatrix(rawLink);
  const fields: Record<(typeof MATRIX_TEMPLATE_FIELDS)[number], string> = {
    title: neutraliseMatrix(summary.title).trim(),
    text: neutraliseMatrix(summary.text).trim(),
    link,
    app: neutraliseMatrix(summary.app ?? service).trim(),
    service: neutraliseMatrix(service),
    agent: neutraliseMatrix(summary.agent ?? "").trim(),
  };
  const template = opts.template ?? MATRIX_DEFAULT_TEMPLATE;
  const placeholder = /\{(title|text|link|app|service|agent)\}/g;
  const body = collapse(template.replace(placeholder, (_m, k: keyof typeof fields) => fields[k]));
  const font = (s: string): string => (s === "" ? "" : `<font color="${color}" data-mx-color="${color}"><b>${escapeHtml(s)}</b></font>`);
  const html: Record<keyof typeof fields, string> = {
    title: font(fields.title),
    app: font(fields.app),
    text: escapeHtml(fields.text),
    link: link === "" ? "" : anchored ? `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>` : escapeHtml(link),
    service: escapeHtml(fields.service),
    agent: escapeHtml(fields.agent),
  };
  // The template comes from the config, yet its literal parts are escaped too: the HTML stays well-formed whatever it holds.
  let formatted = "";
  let at = 0;
  for (const m of template.matchAll(placeholder)) {
    formatted += escapeHtml(neutraliseMatrix(template.slice(at, m.index))) + html[m[1] as keyof typeof html];
    at = m.index + m[0].length;
  }
  formatted += escapeHtml(neutraliseMatrix(template.slice(at)));
  return {
    msgtype: opts.msgtype ?? "m.notice",
    body: body === "" ? fields.text || "(empty)" : body,
    format: MATRIX_HTML_FORMAT,
    formatted_body: collapse(formatted),
    "m.mentions": {},
  };
}

/** An empty placeholder must not leave double or trailing spaces. */
function collapse(s: string): string {
  return s.replace(/ {2,}/g, " ").trim();
}
