/**
 * The IRC line renderer: pure, no I/O. Turns a Summary into the text of ONE
 * PRIVMSG/NOTICE that fits the 512-byte line limit once the server has
 * prepended the bot's `:nick!user@host`, with mIRC colours that the payload
 * itself can never inject or unbalance.
 */
import type { Summary } from "../types.js";
import { cleanText } from "../util/text.js";

/** RFC 1459 line limit without CRLF. */
export const IRC_LINE_MAX_BYTES = 510;
/** What a line costs when the prefix is not known yet: nick (30) + user (10) + host (63) is a generous guess. */
export const IRC_UNKNOWN_PREFIX_BYTES = 1 + 30 + 1 + 10 + 1 + 63;
export const IRC_ELLIPSIS = "…";

/** mIRC colour numbers by name (the old fedmsg bot's names). */
export const MIRC_COLORS = {
  white: 0,
  black: 1,
  blue: 2,
  green: 3,
  red: 4,
  brown: 5,
  purple: 6,
  orange: 7,
  yellow: 8,
  "light green": 9,
  teal: 10,
  "light cyan": 11,
  "light blue": 12,
  pink: 13,
  grey: 14,
  "light grey": 15,
} as const;
export type MircColorName = keyof typeof MIRC_COLORS;

/** Title colour by service, as the old bot had it; other services get IRC_DEFAULT_TITLE_COLOR. */
export const IRC_SERVICE_COLORS: Readonly<Record<string, MircColorName>> = {
  fas: "light blue",
  bodhi: "green",
  git: "red",
  tagger: "brown",
  wiki: "purple",
  logger: "orange",
  pkgdb: "teal",
  buildsys: "yellow",
  planet: "light green",
};
export const IRC_DEFAULT_TITLE_COLOR: MircColorName = "light grey";
export const IRC_LINK_COLOR: MircColorName = "teal";
/** The old bot's line. Placeholders: {title} {text} {link} {app} {service} {agent}. */
export const IRC_DEFAULT_TEMPLATE = "{title} -- {text} {link}";

const C = { bold: "\x02", color: "\x03", reset: "\x0f" } as const;

/**
 * Removes what a payload must never carry into a line: CR, LF and NUL (line
 * injection), \x01 (CTCP), every mIRC formatting code (so a payload cannot recolour
 * or hide the rest of the line), other C0/C1 controls and bidi controls, and over-long grapheme
 * clusters (which could be neither shown nor cut). Tabs become spaces.
 */
export function sanitizeIrc(s: string): string {
  return cleanText(
    s
      .replace(/[\r\n\t\u2028\u2029]+/g, " ")
      .replace(/\x03(\d{1,2}(,\d{1,2})?)?/g, "")
      .replace(/\x04([0-9a-fA-F]{6}(,[0-9a-fA-F]{6})?)?/g, ""),
  );
}

/** Removes our own colour codes from a rendered line (channel mode +c, colours off). */
export function stripIrcFormatting(s: string): string {
  return sanitizeIrc(s);
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * Bytes left for the text of `COMMAND target :text` as the server relays it
 * to others: `:nick!user@host COMMAND target :` is prepended. `prefix` is
 * `nick!user@host`; unknown, it counts IRC_UNKNOWN_PREFIX_BYTES.
 */
export function ircTextBudget(prefix: string | null, command: "PRIVMSG" | "NOTICE", target: string): number {
  const prefixBytes = prefix === null ? IRC_UNKNOWN_PREFIX_BYTES : 1 + utf8Bytes(prefix);
  return IRC_LINE_MAX_BYTES - prefixBytes - utf8Bytes(` ${command} ${target} :`);
}

/** Made on first use (a Segmenter loads ICU data): only a bot that renders IRC lines needs it. */
let graphemes: Intl.Segmenter | undefined;

/**
 * The longest prefix of `s` of at most `maxBytes` UTF-8 bytes, ending with the
 * ellipsis when cut. Cuts between graphemes, so neither a UTF-8 sequence nor an
 * emoji with modifiers nor a letter with its combining marks is split.
 */
export function truncateBytes(s: string, maxBytes: number, ellipsis = IRC_ELLIPSIS): string {
  if (utf8Bytes(s) <= maxBytes) return s;
  const room = maxBytes - utf8Bytes(ellipsis);
  if (room < 0) return "";
  let used = 0;
  let out = "";
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(s)) {
    const b = utf8Bytes(segment);
    if (used + b > room) break;
    used += b;
    out += segment;
  }
  return out.trimEnd() + ellipsis;
}

export interface IrcRenderOptions {
  /** Placeholders {title} {text} {link} {app} {service} {agent}; default IRC_DEFAULT_TEMPLATE. */
  readonly template?: string;
  /** mIRC colours on the title, app and link (off for channels with +c). */
  readonly colors?: boolean;
  /** Service -> colour name, merged over IRC_SERVICE_COLORS. */
  readonly serviceColors?: Readonly<Record<string, MircColorName>>;
  readonly defaultColor?: MircColorName;
  readonly linkColor?: MircColorName;
  /** Replaces summary.link (a shortened link). */
  readonly link?: string | null;
  /** The byte budget for the whole text (see ircTextBudget). */
  readonly maxBytes: number;
}

/**
 * `\x03NN` with two digits, so text starting with a digit is not read as part of the colour;
 * text starting with `,N` would be read as a background colour: a double bold toggle ends the code.
 */
function paint(s: string, color: MircColorName | undefined, on: boolean): string {
  if (!on || color === undefined || s === "") return s;
  const guard = /^,\d/.test(s) ? `${C.bold}${C.bold}` : "";
  return `${C.color}${String(MIRC_COLORS[color]).padStart(2, "0")}${guard}${s}${C.reset}`;
}

/**
 * Renders one IRC line of at most `maxBytes` bytes. Only the text is shortened
 * (with an ellipsis); the link is kept whole. If the title and link alone do not
 * fit, the title is shortened too, and as a last resort the link is left out
 * (a cut link would lead nowhere).
 */
export function renderIrc(summary: Summary, opts: IrcRenderOptions): string {
  const colors = opts.colors ?? true;
  const service = summary.title.split(".")[0] ?? "";
  const color = opts.serviceColors?.[service] ?? IRC_SERVICE_COLORS[service] ?? opts.defaultColor ?? IRC_DEFAULT_TITLE_COLOR;
  const link = sanitizeIrc(opts.link !== undefined ? (opts.link ?? "") : (summary.link ?? "")).trim();
  const fields = {
    title: sanitizeIrc(summary.title).trim(),
    text: sanitizeIrc(summary.text).trim(),
    link,
    app: sanitizeIrc(summary.app ?? service).trim(),
    service: sanitizeIrc(service),
    agent: sanitizeIrc(summary.agent ?? "").trim(),
  };
  const template = opts.template ?? IRC_DEFAULT_TEMPLATE;
  const fill = (f: typeof fields, withLink: boolean): string =>
    collapse(
      template.replace(/\{(title|text|link|app|service|agent)\}/g, (_m, k: keyof typeof fields) => {
        if (k === "title" || k === "app") return paint(f[k], color, colors);
        if (k === "link") return withLink ? paint(f.link, opts.linkColor ?? IRC_LINK_COLOR, colors) : "";
        // The text's own spacing is kept (readers know "Repo done:  f19-build"): its spaces are
        // shielded from collapse(), which only tidies what empty placeholders leave behind.
        return k === "text" ? f.text.replace(/ /g, KEPT_SPACE) : f[k];
      }),
    ).replace(KEPT_SPACES, " ");

  for (const withLink of link ? [true, false] : [false]) {
    const full = fill(fields, withLink);
    const over = utf8Bytes(full) - opts.maxBytes;
    if (over <= 0) return full;
    // Shorten the text by what is over; then the title; a field cut to nothing keeps its ellipsis.
    const textBytes = utf8Bytes(fields.text);
    const text = truncateBytes(fields.text, Math.max(0, textBytes - over));
    const withText = fill({ ...fields, text }, withLink);
    const over2 = utf8Bytes(withText) - opts.maxBytes;
    if (over2 <= 0) return withText;
    const title = truncateBytes(fields.title, Math.max(0, utf8Bytes(fields.title) - over2));
    const withTitle = fill({ ...fields, text, title }, withLink);
    if (utf8Bytes(withTitle) <= opts.maxBytes) return withTitle;
  }
  // A budget too small for any sensible line: the plain, cut text is the best left.
  return truncateBytes(collapse(`${fields.title} -- ${fields.text}`), Math.max(0, opts.maxBytes));
}

/** NUL never survives sanitizeIrc, so it can stand for a space of the text while the line is tidied. */
const KEPT_SPACE = "\u0000";
const KEPT_SPACES = /\u0000/g;

/** An empty placeholder must not leave double or trailing spaces. */
function collapse(s: string): string {
  return s.replace(/ {2,}/g, " ").trim();
}
