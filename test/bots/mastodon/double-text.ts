/**
 * The Mastodon API double's own reading of status text, written after Mastodon's
 * StatusLengthValidator, Account::MENTION_RE, Tag::HASHTAG_RE and twitter-text's
 * URL grammar. Kept apart from formatters/render/mastodon.ts on purpose: the tests
 * check the renderer against this, so it must not share its code.
 */

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

// twitter-text: a URL may not follow a letter, digit, @, $ or #.
const PRECEDING = String.raw`(?<![\p{L}\p{N}@＠$#＃])`;
const DOMAIN = String.raw`(?:[\p{L}\p{N}_-]+\.)+\p{L}{2,63}`;
const PATH_CHAR = String.raw`[\p{L}\p{N}!*';:=+,.$/%#\[\]\-_~&|@–]`;
const PATH_END = String.raw`[\p{L}\p{N}=_#/+\-]`;
const BALANCED = String.raw`\(${PATH_CHAR}*\)`;
const PATH = String.raw`/(?:(?:${PATH_CHAR}|${BALANCED})*(?:${PATH_END}|${BALANCED}))?`;
const QUERY = String.raw`\?[\p{L}\p{N}!?*'();:&=+$/%#\[\]\-_.,~|@]*[\p{L}\p{N}_&=#/\-]`;
const URL_RE = new RegExp(String.raw`${PRECEDING}https?://${DOMAIN}(?::\d+)?(?:${PATH})?(?:${QUERY})?`, "giu");
// twitter-text's valid_domain wants a TLD from its IANA list (Mastodon keeps that): these common private ones are not on it.
const RESERVED_TLD = /\.(test|example|invalid|localhost|local|internal|lan|home|corp|intranet|private|localdomain)(?=[:/?#]|$)/i;

// Ruby's [[:word:]] (Onigmo, Unicode): Alphabetic, marks, decimal digits, connectors, ZWNJ/ZWJ; [[:alpha:]] is Alphabetic.
const WORD = String.raw`\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}`;
// Tag::HASHTAG_SEPARATORS.
const SEP = "_\u00B7\u30FB\u200C";
// Account::MENTION_RE: (?<![=/[:word:]])@((USERNAME_RE)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)
export const MENTION_RE = new RegExp(
  String.raw`(?<![=/${WORD}])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@([${WORD}]+(?:[.-]+[${WORD}]+)*))?`,
  "giu",
);
// Tag::HASHTAG_RE: (?:^|[^\/\)\w])#(FIRST_SEQUENCE|LAST_SEQUENCE), where Ruby's \w is ASCII only.
const HASHTAG_FIRST = `[${WORD}_][${WORD}${SEP}]*[\\p{Alphabetic}${SEP}][${WORD}${SEP}]*[${WORD}_]`;
const HASHTAG_LAST = `[${WORD}_]*\\p{Alphabetic}[${WORD}_]*`;
export const HASHTAG_RE = new RegExp(`(?<![/)a-z0-9_])#((?:${HASHTAG_FIRST})|(?:${HASHTAG_LAST}))`, "giu");

export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_RE)].map((m) => m[0]).filter((u) => !RESERVED_TLD.test(hostPart(u)));
}

/** Mastodon's length: graphemes of spoiler_text + text, URLs as `urlWeight` characters, `@user@domain` as `@user`. */
export function statusLength(text: string, spoilerText: string, urlWeight: number): number {
  const countable = text
    .replace(URL_RE, (u) => (RESERVED_TLD.test(hostPart(u)) ? u : "x".repeat(urlWeight)))
    .replace(MENTION_RE, (_m, user: string) => `@${user}`);
  return [...segmenter.segment(spoilerText + countable)].length;
}

function hostPart(url: string): string {
  return /^https?:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
}

/** Accounts a status would notify (every mention, local or remote). */
export function mentionsIn(text: string): string[] {
  const withoutUrls = text.replace(URL_RE, " ");
  return [...withoutUrls.matchAll(MENTION_RE)].map((m) => (m[2] ? `${m[1]}@${m[2]}` : (m[1] ?? "")));
}

export function hashtagsIn(text: string): string[] {
  const withoutUrls = text.replace(URL_RE, " ");
  return [...withoutUrls.matchAll(HASHTAG_RE)].map((m) => (m[1] ?? "").toLowerCase());
}
