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

  /**
   * Verdicts already given, by topic: the bus repeats a few hundred topics all day, and matching
   * globs (with their `**` back-tracking) costs more than a map lookup. The verdict depends on the
   * topic alone (the regexes have no `g` or `y` flag, so no state between tests).
   */
  private readonly topicVerdicts = new Map<string, boolean>();

  /** The topic part: include globs/regexes (if any) must match, no exclude may. */
  acceptsTopic(topic: string): boolean {
    let verdict = this.topicVerdicts.get(topic);
    if (verdict === undefined) {
      verdict = this.matchTopic(topic);
      if (topic.length > TOPIC_VERDICT_MAX_CHARS) return verdict;
      if (this.topicVerdicts.size >= TOPIC_VERDICTS_MAX) this.topicVerdicts.clear();
      this.topicVerdicts.set(topic, verdict);
    }
    return verdict;
  }

  private matchTopic(topic: string): boolean {
    if (this.exclude.some((g) => g.match(topic)) || this.excludeRe.some((r) => r.test(topic))) return false;
    const hasInclude = this.include.length + this.includeRe.length > 0;
    return !hasInclude || this.include.some((g) => g.match(topic) !== undefined) || this.includeRe.some((r) => r.test(topic));
  }

  /** The people and packages part, on the formatted summary. */
  acceptsSummary(s: Summary): boolean {
    return passes(this.users, s.usernames) && passes(this.packages, s.packages);
  }
}

/** Distinct topics remembered per filter (about 100 bytes each); past it the memory starts again. */
const TOPIC_VERDICTS_MAX = 10_000;
/** Longer topics (real ones are under 100 characters) are matched each time, so that hostile ones cannot fill the memory. */
const TOPIC_VERDICT_MAX_CHARS = 256;

function passes(lists: { allow: Set<string>; deny: Set<string> }, values: readonly string[]): boolean {
  if (values.some((v) => lists.deny.has(v))) return false;
  return lists.allow.size === 0 || values.some((v) => lists.allow.has(v));
}
