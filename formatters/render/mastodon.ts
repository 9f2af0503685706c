/**
 * The Mastodon status renderer: a template, hashtags, payload text made harmless
 * (no mention notifies anyone, no hashtag is created), and Mastodon's own length
 * counting so that the status fits `max_characters` with the link intact. Pure.
 *
 * Mastodon counts grapheme clusters over the content warning plus the text, after
 * replacing every URL it recognises by `characters_reserved_per_url` characters and
 * every `@user@domain` by `@user`. Our URL recognition is deliberately narrower
 * than Mastodon's: a URL we do not recognise counts at full length, which can only
 * make our count larger than the server's, never smaller (a smaller count is a 422).
 */
import type { Summary } from "../types.js";
import { cleanText } from "../util/text.js";

export const MASTODON_DEFAULT_MAX_CHARACTERS = 500;
export const MASTODON_DEFAULT_URL_WEIGHT = 23;
export const MASTODON_DEFAULT_TEMPLATE = "{text}\n{link}\n{hashtags}";
const ELLIPSIS = "…";
/** A truncated text is cut at a space if one is this close to the cut. */
const WORD_BACKOFF_GRAPHEMES = 20;
/** Inserted after `@` and `#`: Mastodon's mention and hashtag patterns need a word character right there. */
const ZWSP = "\u200B";

/** Made on first use (a Segmenter loads ICU data): only a bot that renders statuses needs it. */
let segmenter: Intl.Segmenter | undefined;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" }));

export interface MastodonLimits {
  /** `configuration.statuses.max_characters` of the instance. */
  readonly maxCharacters: number;
  /** `configuration.statuses.characters_reserved_per_url` of the instance. */
  readonly urlWeight: number;
}

export interface MastodonRenderOptions extends Partial<MastodonLimits> {
  /** Placeholders: {text} {link} {title} {app} {hashtags}; a line whose placeholders are all empty is left out. */
  readonly template?: string;
  /** Hashtags to add (trusted, from the config), with or without '#'. */
  readonly hashtags?: readonly string[];
  /** Content warning (trusted, from the config); counts toward the limit. */
  readonly spoilerText?: string | null;
}

export interface MastodonStatusText {
  readonly status: string;
  readonly spoilerText: string | null;
  /** The length as Mastodon counts it (content warning included). */
  readonly length: number;
  readonly truncated: boolean;
}

/**
 * Grapheme clusters of a string. Intl.Segmenter costs microseconds per character on
 * Node 20, so printable ASCII counts one per character and only the other runs are
 * segmented, each with its ASCII neighbours (a combining mark joins the letter
 * before it, a Prepend character the one after); CR LF is one cluster.
 */
export function graphemeCount(s: string): number {
  let n = 0;
  let at = 0;
  for (const m of s.matchAll(/[^\x00-\x7f]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    n += asciiClusters(s.slice(at, start));
    const edges = (start > 0 ? 1 : 0) + (end < s.length ? 1 : 0);
    for (const _ of graphemes().segment(s.slice(Math.max(0, start - 1), end + 1))) n++;
    n -= edges;
    at = end;
  }
  return n + asciiClusters(s.slice(at));
}

function asciiClusters(s: string): number {
  let crlf = 0;
  for (let i = s.indexOf("\r\n"); i !== -1; i = s.indexOf("\r\n", i + 2)) crlf++;
  return s.length - crlf;
}

function splitGraphemes(s: string): string[] {
  return Array.from(graphemes().segment(s), (g) => g.segment);
}

// Any whitespace-delimited token starting with a scheme is left alone by the neutraliser (links must keep their @ and #).
const LINK_TOKEN = /https?:\/\/\S+/giu;
// A token Mastodon certainly treats as a URL: ASCII host with a letter TLD, no parentheses (twitter-text wants them balanced).
const URL_STRICT = /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,24})(?::\d{1,5})?(?:[/?#][a-z0-9\-._~%!$&'*+,;=:@/?#]*)?$/i;
// A URL may not end with these in twitter-text; they are left outside (counted at full length).
const URL_TRAILING = /[^a-z0-9=_#/+-]+$/i;
// twitter-text (which Mastodon uses) takes a URL only on a TLD from its IANA list; any other (lan, corp,
// a reserved one) counts at full length. Only TLDs certainly on that list get the URL weight.
const KNOWN_TLDS = new Set(
  (
    "com org net edu gov mil int info biz name pro mobi io eu de fr uk us ca au nz jp cn kr tw in br mx ar cl es pt it nl be lu " +
    "ch at cz sk pl hu ro bg gr se no fi dk is ie ee lv lt si hr rs ru ua by tr il za co me tv cc sh to ly fm gg ai"
  ).split(" "),
);
// Mastodon's Account::MENTION_RE (unicode-aware word characters).
const MENTION = /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_])?)(?:@[\p{L}\p{N}_.-]+[\p{L}\p{N}_])?/giu;

interface Span {
  readonly start: number;
  readonly end: number;
}

/** Spans (UTF-16 offsets) of the URLs Mastodon will count at the fixed URL weight. */
export function countedUrlSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(LINK_TOKEN)) {
    const start = m.index;
    const before = start > 0 ? text[start - 1] : undefined;
    if (before !== undefined && !/[\s(]/u.test(before)) continue;
    const url = m[0].replace(URL_TRAILING, "");
    const tld = URL_STRICT.exec(url)?.[1];
    if (tld === undefined || !KNOWN_TLDS.has(tld.toLowerCase())) continue;
    spans.push({ start, end: start + url.length });
  }
  return spans;
}

/** The status length as Mastodon counts it: graphemes of the content warning plus the countable text. */
export function mastodonLength(text: string, spoilerText = "", urlWeight = MASTODON_DEFAULT_URL_WEIGHT): number {
  let countable = "";
  let at = 0;
  for (const s of countedUrlSpans(text)) {
    countable += text.slice(at, s.start) + "x".repeat(urlWeight);
    at = s.end;
  }
  countable += text.slice(at);
  countable = countable.replace(MENTION, (_m, user: string) => `@${user}`);
  return graphemeCount(spoilerText + countable);
}

/**
 * Payload text made safe to post: control and bidi-override characters removed,
 * line breaks folded, and a zero-width space after every `@` and `#` that would
 * start a mention or a hashtag (links are left intact).
 */
export function neutraliseEntities(text: string): string {
  const clean = cleanText(text.replace(/[\r\n\t\v\f\u2028\u2029]+/g, " "));
  let out = "";
  let at = 0;
  for (const m of clean.matchAll(LINK_TOKEN)) {
    out += neutralisePlain(clean.slice(at, m.index)) + m[0];
    at = m.index + m[0].length;
  }
  return out + neutralisePlain(clean.slice(at));
}

// Account::MENTION_RE takes an '@' after anything but '=', '/' and [[:word:]], which has decimal digits but
// not other numbers (²). Tag::HASHTAG_RE takes a '#' after anything but '/', ')' and Ruby's ASCII-only \w
// (so after 'é' or '日' too), and one of its separators (_ · ・ ZWNJ) stands in for the letter a tag needs.
function neutralisePlain(s: string): string {
  return s
    .replace(/(?<![\p{L}\p{Nd}_])([@＠])(?=[\p{L}\p{N}_])/gu, `$1${ZWSP}`)
    .replace(/(?<![a-zA-Z0-9_])([#＃])(?=[\p{L}\p{M}\p{N}\p{Pc}·・\u200c\u200d]*[\p{Alphabetic}_·・\u200c])/gu, `$1${ZWSP}`);
}

/** A link is posted only if it is one http(s) URL without spaces or control characters. */
/** A link is shown as it is or not at all: an http(s) URL with no space, control, bidi control or lone surrogate. */
const LINK_OK = /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function cleanLink(link: string | null): string {
  if (link === null) return "";
  const l = link.trim();
  return LINK_OK.test(l) && !LONE_SURROGATE.test(l) ? l : "";
}

function formatTags(tags: readonly string[] | undefined): string {
  return (tags ?? []).map((t) => (t.startsWith("#") ? t : `#${t}`)).join(" ");
}

type Fields = Record<"text" | "link" | "title" | "app" | "hashtags", string>;

/**
 * Fill the template; a line whose placeholders are all empty is dropped. A placeholder name
 * comes from the template text, so it may be none of the fields (read as empty).
 */
function fill(template: string, fields: Fields): string {
  const f: Partial<Record<string, string>> = fields;
  const lines: string[] = [];
  for (const line of template.split("\n")) {
    const names = [...line.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
    if (names.length > 0 && names.every((n) => (f[n] ?? "") === "")) continue;
    lines.push(line.replace(/\{(\w+)\}/g, (_m, n: string) => f[n] ?? ""));
  }
  return lines.join("\n").trim();
}

/** Grapheme indices where the text may be cut: not inside a link token. */
function cutPoints(parts: readonly string[], text: string): number[] {
  const tokens = [...text.matchAll(LINK_TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const points: number[] = [0];
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    offset += (parts[i] ?? "").length;
    if (!tokens.some((t) => offset > t.start && offset < t.end)) points.push(i + 1);
  }
  return points;
}

/** Render a summary as a Mastodon status that fits the instance's limit. */
export function renderMastodon(
  summary: Pick<Summary, "text" | "link" | "title" | "app">,
  opts: MastodonRenderOptions = {},
): MastodonStatusText {
  const max = opts.maxCharacters ?? MASTODON_DEFAULT_MAX_CHARACTERS;
  const urlWeight = opts.urlWeight ?? MASTODON_DEFAULT_URL_WEIGHT;
  const template = opts.template ?? MASTODON_DEFAULT_TEMPLATE;
  let spoiler = opts.spoilerText ? neutraliseEntities(opts.spoilerText) : "";
  const text = neutraliseEntities(summary.text).trim();
  const fields: Fields = {
    text,
    link: cleanLink(summary.link),
    title: neutraliseEntities(summary.title),
    app: summary.app ? neutraliseEntities(summary.app) : "",
    hashtags: formatTags(opts.hashtags),
  };
  const measure = (f: Fields): { status: string; length: number } => {
    const status = fill(template, f);
    return { status, length: mastodonLength(status, spoiler, urlWeight) };
  };
  const whole = measure(fields);
  if (whole.length <= max) return { status: whole.status, spoilerText: spoiler || null, length: whole.length, truncated: false };

  const parts = splitGraphemes(text);
  const points = cutPoints(parts, text);
  const cutAt = (n: number): Fields => {
    const kept = parts.slice(0, n).join("").trimEnd();
    // An ellipsis glued to a link would read as part of it.
    return { ...fields, text: kept + (/https?:\/\/\S+$/i.test(kept) ? ` ${ELLIPSIS}` : ELLIPSIS) };
  };
  // Binary search for the longest prefix (at an allowed cut point) that fits.
  let lo = -1;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi + 1) / 2);
    if (measure(cutAt(points[mid] ?? 0)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  if (lo >= 0) {
    let n = points[lo] ?? 0;
    // Prefer a word boundary when one is near, and only if that point is an allowed cut.
    for (let k = n; k > 0 && n - k <= WORD_BACKOFF_GRAPHEMES; k--) {
      if (/\s/u.test(parts[k] ?? "") && points.includes(k)) {
        n = k;
        break;
      }
    }
    const r = measure(cutAt(n));
    return { status: r.status, spoilerText: spoiler || null, length: r.length, truncated: true };
  }
  // Not even an ellipsis fits beside the fixed parts (an oversized template or content warning):
  // drop the hashtags, then shorten the content warning, then cut the status itself.
  // Each is cut to its longest prefix that fits, found by bisection (cutting a grapheme at a time
  // is quadratic: seconds for a few thousand characters).
  let fallback: Fields = { ...fields, text: ELLIPSIS, hashtags: "" };
  if (measure(fallback).length > max) {
    spoiler = longestFitting(spoiler, (sp) => mastodonLength(fill(template, fallback), sp, urlWeight) <= max);
  }
  if (measure(fallback).length > max) {
    fallback = { ...fallback, title: longestFitting(fallback.title, (title) => measure({ ...fallback, title }).length <= max) };
  }
  let status = measure(fallback).status;
  if (mastodonLength(status, spoiler, urlWeight) > max)
    status = longestFitting(status, (st) => mastodonLength(st, spoiler, urlWeight) <= max);
  return { status, spoilerText: spoiler || null, length: mastodonLength(status, spoiler, urlWeight), truncated: true };
}

/**
 * A long grapheme prefix of `s` that `fits`, by bisection: the longest where `fits` holds for every
 * shorter prefix; where it does not (a URL cut short counts at full length), still one that fits.
 */
function longestFitting(s: string, fits: (prefix: string) => boolean): string {
  const parts = splitGraphemes(s);
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(parts.slice(0, mid).join(""))) lo = mid;
    else hi = mid - 1;
  }
  return parts.slice(0, lo).join("");
}
