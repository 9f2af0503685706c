/**
 * Per-sink filters: topic globs and regular expressions (checked before
 * formatting, cheap), then allow/deny lists of usernames and packages (checked on
 * the formatted summary). Exclusions win over inclusions.
 */
import { filtersSchema, type FiltersConfig } from "../config/common.js";
import { compileGlob, type Summary, type TopicGlob } from "../formatters/index.js";

export class Filter {
  private readonly include: TopicGlob[];
  private readonly exclude: TopicGlob[];
  private readonly includeRe: RegExp[];
  private readonly excludeRe: RegExp[];
  private readonly users: { allow: Set<string>; deny: Set<string> };
  private readonly packages: { allow: Set<string>; deny: Set<string> };

  constructor(cfg: FiltersConfig) {
    this.include = cfg.include.map(compileGlob);
    this.exclude = cfg.exclude.map(compileGlob);
    this.includeRe = cfg.include_regex.map((r) => new RegExp(r));
    this.excludeRe = cfg.exclude_regex.map((r) => new RegExp(r));
    this.users = { allow: new Set(cfg.users.allow), deny: new Set(cfg.users.deny) };
    this.packages = { allow: new Set(cfg.packages.allow), deny: new Set(cfg.packages.deny) };
  }

  /** A filter that takes everything. */
  static all(): Filter {
    return new Filter(filtersSchema.parse(undefined));
  }

  /** A filter that takes the topics matching any of these globs (everything when none). */
  static topics(globs: readonly string[]): Filter {
    return new Filter(filtersSchema.parse({ include: [...globs] }));
  }

  /** The topic part: include globs/regexes (if any) must match, no exclude may. */
  acceptsTopic(topic: string): boolean {
    if (this.exclude.some((g) => g.match(topic)) || this.excludeRe.some((r) => r.test(topic))) return false;
    const hasInclude = this.include.length + this.includeRe.length > 0;
    return !hasInclude || this.include.some((g) => g.match(topic) !== undefined) || this.includeRe.some((r) => r.test(topic));
  }

  /** The people and packages part, on the formatted summary. */
  acceptsSummary(s: Summary): boolean {
    return passes(this.users, s.usernames) && passes(this.packages, s.packages);
  }
}

function passes(lists: { allow: Set<string>; deny: Set<string> }, values: readonly string[]): boolean {
  if (values.some((v) => lists.deny.has(v))) return false;
  return lists.allow.size === 0 || values.some((v) => lists.allow.has(v));
}
