/** Small text helpers shared by the formatters. Keep them pure and general. */

/** `word` or `word`+`s` (or the given plural) depending on `n`. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return n === 1 ? word : pluralWord;
}

/** "a", "a and b", "a, b and c" ("a, b, and c" with `oxford`). */
export function joinAnd(items: readonly string[], opts: { conjunction?: string; oxford?: boolean } = {}): string {
  const conj = opts.conjunction ?? "and";
  if (items.length <= 1) return items[0] ?? "";
  if (items.length === 2) return `${items[0] ?? ""} ${conj} ${items[1] ?? ""}`;
  return `${items.slice(0, -1).join(", ")}${opts.oxford ? "," : ""} ${conj} ${items[items.length - 1] ?? ""}`;
}

/** The first line of a (commit) message: up to the first match of `lineBreak` (`\n` or `\r\n` unless told), all of it without one. */
export function firstLine(s: string, lineBreak: RegExp = /\r?\n/): string {
  const i = s.search(lineBreak);
  return i < 0 ? s : s.slice(0, i);
}

/** `s` cut to its first `max` code points, then "...", when it has more (as Python's `s[:max] + "..."` for a long str). */
export function cutWithEllipsis(s: string, max: number): string {
  const head = codePointPrefix(s, max);
  return head !== undefined && head.length < s.length ? `${head}...` : s;
}

/** Collapse all whitespace runs (newlines included) into single spaces and trim. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * fedmsg.meta's series wording (its conglomerators' `list_to_series`): the
 * distinct items sorted by code point, at most `max` shown with the rest
 * counted, an Oxford comma for three or more; "(nothing)" for none.
 *   ["b", "a"] -> "a and b";  ["a", "b", "c", "d"] -> "a, b, and 2 others"
 */
export function listToSeries(items: readonly string[], max = 3, oxford = true): string {
  if (items.length === 0) return "(nothing)";
  const sorted = [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length === 1) return sorted[0] ?? "";
  if (sorted.length > max) sorted.splice(max - 1, sorted.length, `${sorted.length - max + 1} others`);
  const last = sorted.pop() ?? "";
  return `${sorted.join(", ")}${oxford && sorted.length > 1 ? "," : ""} and ${last}`;
}

/** `s` without leading and trailing slashes. */
export function trimSlashes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === "/") a++;
  while (b > a && s[b - 1] === "/") b--;
  return s.slice(a, b);
}

/**
 * A lookup table of words keyed by payload values. It has no prototype, so a payload
 * value such as "constructor" or "__proto__" finds nothing instead of an Object method.
 */
export function wordTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/**
 * Code points one grapheme cluster keeps. Real clusters are short (a family emoji with skin tones
 * is 11, a Tibetan stack under 10); a payload's `a` plus 600 combining marks is one "grapheme" that
 * renderers could neither show nor cut, so it would eat a whole line.
 */
export const MAX_CLUSTER_CODE_POINTS = 16;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAK = /\r\n|[\n\r\v\f\x85\u2028\u2029]/g;
/**
 * C0 (the tab is a space), DEL, C1, and every bidirectional embedding, override and isolate.
 * Isolates are removed rather than balanced: a renderer cutting a line could cut off the closing
 * one again, and an unclosed control turns the rest of an IRC line or terminal row around.
 */
const UNSAFE = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
/**
 * A cluster longer than MAX_CLUSTER_CODE_POINTS needs a run of the characters that extend one
 * (marks, format controls such as ZWJ, emoji parts, Hangul jamo); only such text is segmented.
 */
const LONG_CLUSTER_HINT = new RegExp(
  `[\\p{M}\\p{Cf}\\p{Extended_Pictographic}\\p{Emoji_Component}\\u1100-\\u11ff\\ua960-\\ua97f\\ud7b0-\\ud7ff\\u0d4e]{${MAX_CLUSTER_CODE_POINTS - 1},}`,
  "u",
);
/**
 * Made on first use: creating a Segmenter loads ICU's break-iterator data (about 2.5 MB of a
 * process's memory), and only text with a run of combining characters ever needs one.
 */
let clusters: Intl.Segmenter | undefined;

/**
 * Clean text, whatever a payload holds: well-formed Unicode (a lone surrogate becomes U+FFFD), no
 * C0, DEL or C1 control and no bidirectional control, grapheme clusters bounded; line breaks (CR LF,
 * CR, LF, VT, FF, NEL, U+2028, U+2029) become `\n` when `multiline`, else a space. Deterministic.
 */
export function cleanText(s: string, multiline = false): string {
  if (isPrintableAscii(s, multiline)) return s;
  // Text with other characters (a name with accents, an arrow) is usually clean too: the
  // replacements run only when it holds a character one of them would change, and the long
  // cluster check only when it has a run long enough to form one. Each check is a superset of
  // what it stands for, so the result is cleanAll's (a test compares the two on random text).
  const out = (multiline ? MAY_NEED_REPLACING_OR_LF : MAY_NEED_REPLACING).test(s) ? replaceUnsafe(s, multiline) : s;
  return MAY_HOLD_LONG_CLUSTER.test(out) && LONG_CLUSTER_HINT.test(out) ? boundClusters(out) : out;
}

/** cleanText without its shortcuts: every replacement and the long-cluster check, whatever the text. */
export function cleanAll(s: string, multiline = false): string {
  const out = replaceUnsafe(s, multiline);
  return LONG_CLUSTER_HINT.test(out) ? boundClusters(out) : out;
}

function replaceUnsafe(s: string, multiline: boolean): string {
  return s
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(LINE_BREAK, multiline ? "\n" : " ")
    .replace(/\t/g, " ")
    .replace(UNSAFE, "");
}

/**
 * Every character that a replacement in replaceUnsafe may change: C0 (tab and line breaks
 * included), DEL, C1 (NEL included), U+2028/2029, the bidirectional controls, and any surrogate
 * (a lone one is replaced; a pair merely comes this way). Without one, the replacements are the
 * identity. The `_OR_LF` form leaves out `\n`, which multiline text keeps as it is.
 */
const MAY_NEED_REPLACING = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;
const MAY_NEED_REPLACING_OR_LF = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;
/**
 * LONG_CLUSTER_HINT needs MAX_CLUSTER_CODE_POINTS - 1 characters in a row from its class, each of
 * which is outside ASCII or one of ASCII's emoji components (`#`, `*`, digits): a run of as many
 * such UTF-16 units. Unlike the hint's Unicode properties, this class is a few ranges, cheap to test.
 */
const MAY_HOLD_LONG_CLUSTER = new RegExp(`[#*0-9\\u0080-\\uffff]{${MAX_CLUSTER_CODE_POINTS - 1}}`);

/**
 * Fast path, and the common case: printable ASCII (plus `\n` when `multiline`) is clean text
 * already. The replacements below leave it as it is (`\n` stays `\n`), and an ASCII text's
 * grapheme clusters are single characters. A regex test rather than a loop over char codes:
 * V8's regex engine scans a one-byte string several times faster than `charCodeAt` in a loop
 * (measured on Node 20: ~1 ns against ~3-8 ns a character, more on a string just built by
 * concatenation), and formatting calls this a dozen times per message.
 */
function isPrintableAscii(s: string, multiline: boolean): boolean {
  // Reading one character first makes V8 flatten a string built by concatenation (a handler's
  // template literal) in a small runtime call of its own. Given such a string, the regex would
  // take its slow runtime entry instead, which flattens too and costs about 100 ns more (Node 20:
  // 300 against 400 ns for an 80-character line of seven parts, flattening included).
  if (typeof s === "string") s.charCodeAt(0);
  return !(multiline ? NOT_PRINTABLE_ASCII_OR_LF : NOT_PRINTABLE_ASCII).test(s);
}
/** No `g` or `y` flag: `test` keeps no state between calls. */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const NOT_PRINTABLE_ASCII_OR_LF = /[^\n\x20-\x7e]/;

/** True when `s` is printable ASCII (no line break): clean text as it is, with no need to scan it again. */
export function isPlainAscii(s: string): boolean {
  return isPrintableAscii(s, false);
}

/**
 * Each grapheme cluster cut to its first MAX_CLUSTER_CODE_POINTS code points. A cut cluster can
 * end in a character that joins the next one (ZWJ, a Prepend), so it repeats until none is too
 * long; every pass shortens the text, so this ends.
 */
export function boundClusters(s: string): string {
  let text = s;
  for (;;) {
    let out = "";
    let cut = false;
    clusters ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (const { segment } of clusters.segment(text)) {
      if (segment.length <= MAX_CLUSTER_CODE_POINTS) out += segment;
      else {
        const cps = Array.from(segment);
        if (cps.length > MAX_CLUSTER_CODE_POINTS) cut = true;
        out += cps.slice(0, MAX_CLUSTER_CODE_POINTS).join("");
      }
    }
    if (!cut) return out;
    text = out;
  }
}

/** True when `s` is clean text as cleanText makes it (`\n` allowed when `multiline`). */
export function isCleanText(s: string, multiline = false): boolean {
  return cleanText(s, multiline) === s && (multiline || !s.includes("\n"));
}

/**
 * The first `max` code points of `s` when it has at least that many, else undefined: what
 * `Array.from(s)` tells (`cps.length >= max`, then `cps.slice(0, max).join("")`) without building
 * an array of one-character strings. A surrogate pair is one code point; a lone surrogate is one too.
 */
export function codePointPrefix(s: string, max: number): string | undefined {
  // Fewer code units than `max` means fewer code points.
  if (s.length < max) return undefined;
  let i = 0;
  for (let n = 0; n < max; n++) {
    if (i >= s.length) return undefined;
    i += (s.codePointAt(i) as number) > 0xffff ? 2 : 1;
  }
  return s.slice(0, i);
}

/** The least of `names` in code-unit order (what `[...names].sort()[0]` gives), without sorting a copy. */
export function leastName(names: readonly string[]): string | undefined {
  let min = names[0];
  for (let i = 1; i < names.length; i++) {
    const n = names[i] as string;
    if (min === undefined || n < min) min = n;
  }
  return min;
}
