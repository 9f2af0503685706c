/**
 * One destination's queue (an IRC channel, a Mastodon account, the console): the
 * formatted messages waiting, and the digest groups that older ones were folded
 * into. What leaves next is decided when the pacer grants a slot (`next`):
 *
 * 1. priority messages first, one line each, never digested;
 * 2. a single that waited past `max_age` is folded into a group by topic; if the
 *    lines waiting would not all be out within the line budget (what the pace
 *    sends between `max_age` and `max_behind`), the newest singles keep their own
 *    lines in up to half of the budget and the older ones are folded; if there
 *    are more groups than the rest of the budget, they are folded by service,
 *    then into one line;
 * 3. groups go out before singles (they hold older messages); a group of one
 *    message goes out as that message's own line.
 *
 * Memory: singles past `queue_max` are folded at once (a group keeps counts, a few
 * names and the tickets, not the messages); past `hold_max` messages held, new
 * ones are refused (the only "memory_bound" drop).
 */
import type { Message, Summary } from "../../formatters/index.js";
import { DIGEST_SAMPLES, digestKey, digestSummary, type DigestFacts, type DigestLevel } from "./digest.js";
import type { Ticket } from "./outcome.js";

export interface Entry {
  readonly msg: Message;
  readonly summary: Summary;
  readonly ticket: Ticket;
  /** Monotonic time it was queued. */
  readonly mono: number;
  /** Wall time of the message (its timestamp, else when it arrived). */
  readonly wall: number;
  readonly priority: boolean;
}

interface Group {
  level: DigestLevel;
  readonly key: string;
  service: string;
  topic: string | null;
  title: string;
  count: number;
  readonly samples: string[];
  /** Every distinct name of its messages (no more entries than it has tickets): the count behind "and N more". */
  readonly names: Set<string>;
  readonly parts: Map<string, number>;
  firstWall: number;
  lastWall: number;
  firstMono: number;
  readonly tickets: Ticket[];
  /** The message itself while the group holds only one: it keeps its own line. */
  only: Entry | undefined;
}

/** What leaves: one message, or a digest group (with its summary built at take time). */
export type Taken =
  | { readonly kind: "single"; readonly entry: Entry }
  | {
      readonly kind: "digest";
      readonly facts: DigestFacts;
      readonly summary: Summary;
      readonly tickets: readonly Ticket[];
      readonly group: Group;
    };

export interface LaneLimits {
  /** Singles kept as messages; older ones are folded into groups past it. */
  readonly queueMax: number;
  /** Messages held in all (singles, groups, priority); past it new ones are refused. */
  readonly holdMax: number;
  /** A single older than this is folded (ms). */
  readonly maxAgeMs: number;
  /** datagrepper base URL for digest links, or null. */
  readonly datagrepper: string | null;
}

const LEVELS: readonly DigestLevel[] = ["event", "service", "all"];

export class Lane {
  private readonly prio: Entry[] = [];
  private singles: Entry[] = [];
  private groups = new Map<string, Group>();
  private level: DigestLevel = "event";
  private held = 0;

  constructor(
    readonly name: string,
    private readonly limits: LaneLimits,
  ) {}

  /** Messages held (waiting as lines or counted in groups). */
  get size(): number {
    return this.held;
  }

  /** Lines that would leave if nothing more were folded. */
  get lines(): number {
    return this.prio.length + this.groups.size + this.singles.length;
  }

  hasWork(): boolean {
    return this.held > 0;
  }

  hasPriority(): boolean {
    return this.prio.length > 0;
  }

  /** Monotonic time of the oldest message held, or undefined. */
  oldestMono(): number | undefined {
    let t: number | undefined;
    for (const x of [this.prio[0]?.mono, this.singles[0]?.mono, ...[...this.groups.values()].map((g) => g.firstMono)]) {
      if (x !== undefined && (t === undefined || x < t)) t = x;
    }
    return t;
  }

  /** Queue a message; false when the hard bound is reached (the caller drops it). */
  push(e: Entry): boolean {
    if (this.held >= this.limits.holdMax) return false;
    this.held++;
    if (e.priority) this.prio.push(e);
    else {
      this.singles.push(e);
      if (this.singles.length > this.limits.queueMax) this.fold(this.singles.length - this.limits.queueMax);
    }
    return true;
  }

  /**
   * The next line, at a granted slot. `budget`: lines this lane can send within
   * the time it may fall behind; `now`: monotonic ms.
   */
  next(now: number, budget: number): Taken | undefined {
    const p = this.prio.shift();
    if (p) {
      this.held--;
      return { kind: "single", entry: p };
    }
    this.fit(now, Math.max(1, budget));
    const first = this.groups.values().next();
    if (!first.done) {
      const g = first.value;
      this.groups.delete(g.key);
      this.held -= g.count;
      if (this.groups.size === 0) this.level = "event";
      if (g.only) return { kind: "single", entry: g.only };
      const facts = factsOf(g);
      return { kind: "digest", facts, summary: digestSummary(facts, this.limits.datagrepper), tickets: g.tickets, group: g };
    }
    const s = this.singles.shift();
    if (!s) return undefined;
    this.held--;
    return { kind: "single", entry: s };
  }

  /** A line that could not be sent goes back to the head. */
  putBack(t: Taken): void {
    if (t.kind === "single") {
      this.held++;
      (t.entry.priority ? this.prio : this.singles).unshift(t.entry);
      return;
    }
    const g = t.group;
    this.held += g.count;
    const existing = this.groups.get(g.key);
    if (existing) {
      mergeInto(existing, g);
      return;
    }
    // Re-inserted first: it holds the oldest messages.
    this.groups = new Map([[g.key, g], ...this.groups]);
  }

  /** Shutdown: fold and coarsen until the lines fit in `budget`. */
  collapse(budget: number): void {
    this.squeeze(Math.max(1, budget - this.prio.length));
  }

  /** Empties the lane (shutdown past the deadline); returns every ticket held. */
  clear(): Ticket[] {
    const out: Ticket[] = [...this.prio.map((e) => e.ticket), ...this.singles.map((e) => e.ticket)];
    for (const g of this.groups.values()) out.push(...g.tickets);
    this.prio.length = 0;
    this.singles = [];
    this.groups.clear();
    this.held = 0;
    return out;
  }

  private fit(now: number, budget: number): void {
    let old = 0;
    while (old < this.singles.length && now - (this.singles[old]?.mono ?? now) > this.limits.maxAgeMs) old++;
    if (old > 0) this.fold(old);
    this.squeeze(budget);
  }

  /** Over budget: the newest singles keep their own lines in up to half of it, the older ones become digest lines. */
  private squeeze(budget: number): void {
    if (this.groups.size + this.singles.length <= budget) return;
    const keep = Math.min(this.singles.length, Math.max(0, budget - Math.max(1, this.groups.size)), Math.floor(budget / 2));
    this.fold(this.singles.length - keep);
    this.coarsen(Math.max(1, budget - this.singles.length));
  }

  private coarsen(budget: number): void {
    while (this.groups.size > budget && this.level !== "all") {
      this.level = LEVELS[LEVELS.indexOf(this.level) + 1] ?? "all";
      const old = this.groups;
      this.groups = new Map();
      for (const g of old.values()) {
        const key = this.level === "all" ? "" : g.service;
        // The parts of a coarse line: events of a service, services of everything.
        const part = this.level === "all" ? g.service : g.title.split(".").slice(1).join(".") || g.title;
        const target = this.groups.get(key);
        if (target) {
          mergeInto(target, g);
          addPart(target, part, g.count);
        } else {
          this.groups.set(key, {
            ...g,
            level: this.level,
            key,
            topic: null,
            parts: new Map([[part, g.count]]),
            samples: [...g.samples],
            names: new Set(g.names),
            tickets: [...g.tickets],
            only: undefined,
            service: this.level === "all" ? "" : g.service,
          });
        }
      }
    }
  }

  /** Folds the `n` oldest singles into groups at the current level. */
  private fold(n: number): void {
    const moved = this.singles.splice(0, n);
    for (const e of moved) {
      const key = digestKey(e.msg.topic, this.level);
      const g = this.groups.get(key);
      if (g) {
        g.only = undefined;
        g.count++;
        g.tickets.push(e.ticket);
        addSample(g, e.summary);
        if (g.topic !== e.msg.topic.full) g.topic = null;
        if (this.level === "service") addPart(g, e.msg.topic.rest.join("."), 1);
        if (this.level === "all") addPart(g, e.msg.topic.service, 1);
        g.firstWall = Math.min(g.firstWall, e.wall);
        g.lastWall = Math.max(g.lastWall, e.wall);
      } else {
        const parts = new Map<string, number>();
        if (this.level === "service") parts.set(e.msg.topic.rest.join("."), 1);
        if (this.level === "all") parts.set(e.msg.topic.service, 1);
        const ng: Group = {
          level: this.level,
          key,
          service: this.level === "all" ? "" : e.msg.topic.service,
          topic: e.msg.topic.full,
          title: e.msg.topic.title,
          count: 1,
          samples: [],
          names: new Set(),
          parts,
          firstWall: e.wall,
          lastWall: e.wall,
          firstMono: e.mono,
          tickets: [e.ticket],
          only: e,
        };
        addSample(ng, e.summary);
        this.groups.set(key, ng);
      }
    }
  }
}

function addPart(g: Group, key: string, n: number): void {
  g.parts.set(key, (g.parts.get(key) ?? 0) + n);
}

function addSample(g: Group, s: Summary): void {
  const name = s.packages[0] ?? s.objects[0] ?? s.usernames[0];
  if (!name) return;
  g.names.add(name);
  if (g.samples.length < DIGEST_SAMPLES && !g.samples.includes(name)) g.samples.push(name);
}

/** `from` joins `into` (same key): counts, names, time range, tickets. */
function mergeInto(into: Group, from: Group): void {
  into.only = undefined;
  into.count += from.count;
  into.tickets.push(...from.tickets);
  for (const s of from.samples) if (into.samples.length < DIGEST_SAMPLES && !into.samples.includes(s)) into.samples.push(s);
  for (const n of from.names) into.names.add(n);
  if (into.topic !== from.topic) into.topic = null;
  if (from.level === into.level) for (const [k, n] of from.parts) addPart(into, k, n);
  into.firstWall = Math.min(into.firstWall, from.firstWall);
  into.lastWall = Math.max(into.lastWall, from.lastWall);
  into.firstMono = Math.min(into.firstMono, from.firstMono);
}

function factsOf(g: Group): DigestFacts {
  return {
    level: g.level,
    service: g.service,
    topic: g.topic,
    title: g.title,
    count: g.count,
    names: g.names.size,
    samples: g.samples,
    parts: g.parts,
    firstWall: g.firstWall,
    lastWall: g.lastWall,
  };
}
