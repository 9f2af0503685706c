/**
 * Dotted topic globs: `*` matches exactly one segment, `**` any number of segments
 * (zero included). Used by the formatter registry and by the bots' topic filters.
 */
export interface TopicGlob {
  readonly source: string;
  /** The captures (`*` -> one segment, `**` -> the joined segments) or undefined. */
  match(topic: string): string[] | undefined;
}

export function compileGlob(pattern: string): TopicGlob {
  const segs = pattern.split(".");
  if (!segs.includes("*") && !segs.includes("**")) {
    return { source: pattern, match: (t) => (t === pattern ? [] : undefined) };
  }
  return {
    source: pattern,
    match(topic: string) {
      const caps: string[] = [];
      return matchSegs(segs, 0, topic.split("."), 0, caps) ? caps : undefined;
    },
  };
}

function matchSegs(p: readonly string[], pi: number, t: readonly string[], ti: number, caps: string[]): boolean {
  if (pi === p.length) return ti === t.length;
  const seg = p[pi];
  if (seg === "**") {
    // Try the longest span first so that later `*` captures stay short and predictable.
    for (let end = t.length; end >= ti; end--) {
      const mark = caps.length;
      caps.push(t.slice(ti, end).join("."));
      if (matchSegs(p, pi + 1, t, end, caps)) return true;
      caps.length = mark;
    }
    return false;
  }
  if (ti >= t.length) return false;
  if (seg === "*") {
    caps.push(t[ti] ?? "");
    if (matchSegs(p, pi + 1, t, ti + 1, caps)) return true;
    caps.pop();
    return false;
  }
  return seg === t[ti] && matchSegs(p, pi + 1, t, ti + 1, caps);
}

/** True if the pattern contains a wildcard segment. */
export function isGlob(pattern: string): boolean {
  return pattern.split(".").some((s) => s === "*" || s === "**");
}
