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

/** The first line of a (commit) message. */
export function firstLine(s: string): string {
  const i = s.search(/\r?\n/);
  return i < 0 ? s : s.slice(0, i);
}

/** Cut `s` to at most `max` code points, ending with `ellipsis` when cut. */
export function truncate(s: string, max: number, ellipsis = "..."): string {
  const cps = Array.from(s);
  if (cps.length <= max) return s;
  return cps.slice(0, Math.max(0, max - Array.from(ellipsis).length)).join("") + ellipsis;
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
