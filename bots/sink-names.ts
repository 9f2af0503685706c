/** Sink names: unique within a run, as logs and metrics labels need. */

/**
 * A namer that hands a base name out as is the first time and as `base#2`,
 * `base#3`... after (two IRC connections to one network, two Mastodon sinks
 * for one instance).
 */
export function uniqueSinkNames(): (base: string) => string {
  const seen = new Map<string, number>();
  return (base) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  };
}
