/**
 * The flow layer of one sink: per-lane queues (lane.ts) in front of one shared
 * pace (pacer.ts) and one transport (transport.ts). Every message taken ends in
 * exactly one outcome, counted in `fedmsg_echo_sink_messages_total{sink,outcome}`
 * (plus the lane label, `channel` on IRC) and settled on its ticket:
 *
 *     taken = sent + digested + filtered + dropped + still queued
 *
 * (a message whose line is written and awaits the transport's proof, `confirming`,
 * counts as still queued).
 *
 * Usage: a sink builds `new Flow({...})`, calls `offer(lane, msg, summary, ticket)`
 * or `filtered(lane, ticket)` for each message, `wake()` when the transport
 * becomes ready, `start()` once, and `stop(deadlineMs)` on shutdown: what is
 * queued is folded into as few digests as the pace can send before the deadline
 * and sent; only what is still queued at the deadline is dropped ("shutdown").
 * Digests and drops are summed up in one log line per REPORT_INTERVAL_MS.
 *
 * A lane the transport says is unavailable (`Transport.available`: an IRC channel
 * that refuses our JOIN) for `flow.unavailable_after_s` on end is given up until it
 * is available again: what it holds and what it is offered meanwhile is dropped
 * ("unavailable"), so that it does not hold the source's prefetch and stall every
 * other sink; each change is logged at warn and shown in /readyz.
 */
import type { FlowConfig, LimitConfig } from "../../config/common.js";
import { compileGlob, type Message, type Summary, type TopicGlob } from "../../formatters/index.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { ReadinessReporter } from "../readiness.js";
import { holdingEnded, reportHolding, type Holding } from "./holding.js";
import type { FlowClock, Timer } from "./clock.js";
import { statsSummary, withLateMark } from "./digest.js";
import { Lane, type Taken } from "./lane.js";
import type { DropReason, Outcome, Ticket } from "./outcome.js";
import { PRIORITY, PacerStopped, type Pacer } from "./pacer.js";
import type { FinalSendResult, Outgoing, SendResult, Transport } from "./transport.js";

/** One log line sums up digests and drops at most this often. */
export const REPORT_INTERVAL_MS = 60_000;
/** An idle or blocked lane looks again this often (ages, readiness that changed without a wake). */
export const POLL_MS = 1000;
/** After the deadline, a line still being sent gets this long to end before the flow stops waiting for it. */
const LOOP_GRACE_MS = 2000;
/** Shutdown looks this often whether everything is out. */
const SHUTDOWN_POLL_MS = 50;
/** A message timestamp older than this (or in the future) is not trusted for late marks; the arrival time is. */
const TIMESTAMP_TRUST_MS = 24 * 3600_000;
/** Queue gauges are refreshed on offers at most this often (and after every line sent). */
const GAUGE_EVERY_MS = 1000;

export interface FlowCounts {
  taken: number;
  sent: number;
  digested: number;
  filtered: number;
  dropped: number;
  /** Lines written, by kind. */
  singleLines: number;
  digestLines: number;
  statsLines: number;
}

export interface FlowOptions {
  readonly name: string;
  readonly lanes: readonly string[];
  /** Metrics label naming the lane (IRC: "channel"); undefined: lanes are not labelled. */
  readonly laneLabel?: string;
  readonly limit: LimitConfig;
  readonly flow: FlowConfig;
  readonly transport: Transport;
  readonly pacer: Pacer;
  readonly clock: FlowClock;
  readonly log: Logger;
  readonly metrics: Metrics;
}

/** A line written whose result the transport gives later (SendResult `confirming`). */
interface Confirming {
  /** Messages it carries (0 for statistics). */
  readonly count: number;
  /** Resolves once finished. */
  readonly ended: Promise<void>;
  /** Settles or puts back the line, once (later calls do nothing). */
  finish(result: FinalSendResult): void;
}

/** Whether a lane can take lines, pace aside (see `Transport.available`). */
interface Availability {
  /** Monotonic time since which it has been unavailable on end; null while available. */
  since: number | null;
  /** Given up: its messages are dropped "unavailable" until it is available again. */
  givenUp: ReadinessReporter | null;
  /** Unavailable, not given up yet: holding its messages, said in /readyz (holding.ts). */
  holding?: Holding | null;
  /**
   * Available again, and no line has got through since (an IRC channel refusing lines comes back
   * for each probe): the `since` it had. Unavailable again, it goes on from there (a lane given up
   * is given up again at once) instead of holding the source's prefetch for another
   * `unavailable_after_s` after each try.
   */
  trialSince?: number | null;
  /** It was given up, and no line has got through since: giving it up again is said at info, not warn. */
  givenUpBefore?: boolean;
}

/** The tickets of the messages a taken line carries. */
const ticketsOf = (t: Taken): readonly Ticket[] => (t.kind === "single" ? [t.entry.ticket] : t.tickets);

const zero = (): FlowCounts => ({ taken: 0, sent: 0, digested: 0, filtered: 0, dropped: 0, singleLines: 0, digestLines: 0, statsLines: 0 });

export class Flow {
  private readonly lanes = new Map<string, Lane>();
  private readonly perLane = new Map<string, FlowCounts>();
  private readonly availability = new Map<string, Availability>();
  private readonly priority: TopicGlob[];
  private readonly waiters = new Map<string, () => void>();
  private readonly loops: Promise<void>[] = [];
  private readonly confirming = new Set<Confirming>();
  /** Messages in confirming lines, by lane (they count as queued). */
  private readonly confirmingByLane = new Map<string, number>();
  private readonly stats = new Map<string, Map<string, number>>();
  private readonly pendingStats = new Map<string, Summary>();
  private readonly report = { digested: 0, digestLines: 0, dropped: new Map<DropReason, number>(), at: 0 };
  private readonly maxAgeMs: number;
  private statsTimer: Timer | undefined;
  private gaugesAt = Number.NEGATIVE_INFINITY;
  private digestSeq = 0;
  private started = false;
  private stopping = false;
  private closed = false;
  private stopped: Promise<void> | undefined;

  constructor(private readonly opts: FlowOptions) {
    const f = opts.flow;
    this.maxAgeMs = (f.max_age_s ?? f.max_behind_s / 2) * 1000;
    this.priority = f.priority.map((g) => compileGlob(g));
    for (const name of opts.lanes) {
      this.lanes.set(
        name,
        new Lane(name, { queueMax: opts.limit.queue_max, holdMax: f.hold_max, maxAgeMs: this.maxAgeMs, datagrepper: f.datagrepper_url }),
      );
      this.perLane.set(name, zero());
      this.availability.set(name, { since: null, givenUp: null });
      this.stats.set(name, new Map());
    }
    this.report.at = opts.clock.now();
  }

  /** Counts of one lane, or summed over all. */
  counts(lane?: string): FlowCounts & { queued: number } {
    const names = lane ? [lane] : [...this.lanes.keys()];
    const sum = zero();
    let queued = 0;
    for (const n of names) {
      const c = this.perLane.get(n);
      if (c) for (const k of Object.keys(sum) as (keyof FlowCounts)[]) sum[k] += c[k];
      queued += (this.lanes.get(n)?.size ?? 0) + (this.confirmingByLane.get(n) ?? 0);
    }
    return { ...sum, queued };
  }

  /** Takes a message for `lane`; its ticket settles when the outcome is final. */
  offer(lane: string, msg: Message, summary: Summary, ticket: Ticket): void {
    const l = this.lanes.get(lane);
    const c = this.perLane.get(lane);
    if (!l || !c) throw new RangeError(`flow ${this.opts.name}: no lane ${lane}`);
    c.taken++;
    const by = this.stats.get(lane);
    if (by) by.set(msg.topic.service, (by.get(msg.topic.service) ?? 0) + 1);
    if (this.stopping) {
      this.settle(lane, [ticket], "dropped", "shutdown");
      return;
    }
    // Given up: asked again first (it may be back since the lane's loop last looked, up to POLL_MS ago).
    if (this.availability.get(lane)?.givenUp) this.watchAvailability(l);
    if (this.availability.get(lane)?.givenUp) {
      this.settle(lane, [ticket], "dropped", "unavailable");
      return;
    }
    const now = this.opts.clock.now();
    const wall = this.opts.clock.wall();
    const ts = msg.timestamp !== null ? msg.timestamp * 1000 : Number.NaN;
    const priority = this.priority.some((g) => g.match(msg.topic.full) !== undefined);
    const entry = { msg, summary, ticket, mono: now, wall: ts <= wall && ts > wall - TIMESTAMP_TRUST_MS ? ts : wall, priority };
    if (!l.push(entry)) {
      this.settle(lane, [ticket], "dropped", "memory_bound");
      this.opts.log.debug({ sink: this.opts.name, lane, topic: msg.topic.full, msg_id: msg.id }, "memory bound reached: message dropped");
    }
    this.gauges();
    this.wake(lane);
  }

  /** A message the lane's filter refused. */
  filtered(lane: string, ticket: Ticket): void {
    const c = this.perLane.get(lane);
    if (c) c.taken++;
    this.settle(lane, [ticket], "filtered");
  }

  /** The transport became ready (joined, unblocked): look again now. */
  wake(lane?: string): void {
    for (const [name, w] of this.waiters) {
      if (lane !== undefined && name !== lane) continue;
      this.waiters.delete(name);
      w();
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const lane of this.lanes.values()) this.loops.push(this.run(lane));
    const every = this.opts.flow.stats_interval_s * 1000;
    if (every > 0) {
      const tick = (): void => {
        const label = every === 3600_000 ? "last hour" : `last ${every >= 3600_000 ? `${every / 3600_000} h` : `${every / 60_000} min`}`;
        for (const [lane, by] of this.stats) {
          this.pendingStats.set(lane, statsSummary(label, by));
          this.stats.set(lane, new Map());
        }
        this.wake();
        this.statsTimer = this.opts.clock.setTimer(tick, every);
      };
      this.statsTimer = this.opts.clock.setTimer(tick, every);
    }
  }

  /** Folds what is queued into what the pace can send before the deadline, sends it, drops the rest. */
  stop(deadlineMs: number): Promise<void> {
    this.stopped ??= this.drain(deadlineMs);
    return this.stopped;
  }

  private async drain(deadlineMs: number): Promise<void> {
    const { clock, pacer, log, name } = this.opts;
    this.stopping = true;
    this.statsTimer?.cancel();
    const end = clock.now() + deadlineMs;
    const busy = [...this.lanes.values()].filter((l) => l.hasWork());
    // Leave a fifth of the deadline for the transport's own latency.
    const budget = Math.floor(pacer.linesWithin(deadlineMs * 0.8) / Math.max(1, busy.length));
    for (const lane of busy) lane.collapse(budget);
    this.wake();
    while (this.started && clock.now() < end && ([...this.lanes.values()].some((l) => l.hasWork()) || this.confirming.size > 0)) {
      await new Promise<void>((resolve) => clock.setTimer(resolve, Math.min(SHUTDOWN_POLL_MS, end - clock.now())));
    }
    this.closed = true;
    await pacer.stop();
    this.wake();
    // A line still being sent ends first (the transport honours the deadline: Mastodon aborts its request).
    let grace: Timer | undefined;
    await Promise.race([Promise.all(this.loops), new Promise<void>((resolve) => (grace = clock.setTimer(resolve, LOOP_GRACE_MS)))]);
    // Cancelled when the loops end first: an armed timer would keep a stopped bot's process alive for the grace.
    grace?.cancel();
    // Lines written and still awaiting their proof had until the deadline (the wait above); a line
    // the loops wrote during their grace gets what is left of it. Then they end "shutdown" (the source
    // gives their messages back: shown again rather than lost, if the server did show them).
    const left0 = end - clock.now();
    if (this.confirming.size > 0 && left0 > 0) {
      let wait: Timer | undefined;
      const all = Promise.all([...this.confirming].map((c) => c.ended));
      await Promise.race([all, new Promise<void>((resolve) => (wait = clock.setTimer(resolve, left0)))]);
      wait?.cancel();
    }
    let left = 0;
    for (const c of [...this.confirming]) {
      left += c.count;
      c.finish("requeue");
    }
    for (const lane of this.lanes.values()) {
      const tickets = lane.clear();
      left += tickets.length;
      this.settle(lane.name, tickets, "dropped", "shutdown");
    }
    for (const a of this.availability.values()) a.givenUp?.remove();
    this.gauges(true);
    this.flushReport(true);
    const c = this.counts();
    log.info(
      {
        sink: name,
        taken: c.taken,
        sent: c.sent,
        digested: c.digested,
        filtered: c.filtered,
        dropped: c.dropped,
        dropped_at_deadline: left,
      },
      left ? "shutdown deadline reached: lines still queued were dropped" : "flow drained",
    );
  }

  private async run(lane: Lane): Promise<void> {
    const { transport, pacer } = this.opts;
    while (!this.closed) {
      this.watchAvailability(lane);
      const stats = this.pendingStats.get(lane.name);
      if ((!lane.hasWork() && !stats) || !transport.ready(lane.name)) {
        await this.waitWake(lane.name);
        continue;
      }
      try {
        await pacer.acquire(1, stats || lane.hasPriority() ? PRIORITY.priority : PRIORITY.line);
      } catch (err) {
        if (err instanceof PacerStopped) return;
        throw err;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may close the flow while acquire() waited (TypeScript keeps the narrowing across await)
      if (this.closed || !transport.ready(lane.name)) {
        pacer.refund(1);
        continue;
      }
      const out = this.take(lane);
      if (!out) {
        pacer.refund(1);
        continue;
      }
      let result: SendResult;
      try {
        result = await transport.send(out.line);
      } catch (err) {
        this.opts.log.error({ sink: this.opts.name, lane: lane.name, err }, "transport threw (a bug); line dropped");
        result = { dropped: "gave_up" };
      }
      if (typeof result === "object" && "confirming" in result) {
        this.confirm(lane, out, result.confirming);
        continue;
      }
      this.done(lane, out, result);
      if (result === "requeue") await this.waitWake(lane.name);
      this.gauges(true);
    }
  }

  /** A line written whose result comes later: the lane goes on; the line is settled (or put back) when it comes. */
  private confirm(lane: Lane, out: { line: Outgoing; taken: Taken | null }, result: Promise<FinalSendResult>): void {
    const t = out.taken;
    const count = t === null ? 0 : t.kind === "single" ? 1 : t.tickets.length;
    let resolveEnded: () => void = () => undefined;
    const entry: Confirming = {
      count,
      ended: new Promise<void>((resolve) => (resolveEnded = resolve)),
      finish: (r) => {
        // Once: at the transport's answer, or at shutdown when the answer is late.
        if (!this.confirming.delete(entry)) return;
        this.confirmingByLane.set(lane.name, (this.confirmingByLane.get(lane.name) ?? 0) - count);
        this.done(lane, out, r);
        if (r === "requeue") this.wake(lane.name);
        this.gauges(true);
        resolveEnded();
      },
    };
    this.confirming.add(entry);
    this.confirmingByLane.set(lane.name, (this.confirmingByLane.get(lane.name) ?? 0) + count);
    result.then(
      (r) => entry.finish(r),
      (err: unknown) => {
        this.opts.log.error({ sink: this.opts.name, lane: lane.name, err }, "transport's confirmation failed (a bug); line dropped");
        entry.finish({ dropped: "gave_up" });
      },
    );
  }

  /**
   * Looked at on every turn of the lane's loop (at least every POLL_MS): a lane unavailable for
   * `unavailable_after_s` on end is given up (what it holds is dropped), and taken back once available.
   */
  private watchAvailability(lane: Lane): void {
    const a = this.availability.get(lane.name);
    const afterS = this.opts.flow.unavailable_after_s;
    if (!a) return;
    const { transport, clock, log, metrics, name } = this.opts;
    const now = clock.now();
    if (transport.available?.(lane.name) ?? true) {
      const was = a.since;
      if (was !== null) a.trialSince = Math.min(was, a.trialSince ?? was);
      a.since = null;
      if (a.holding) holdingEnded(a.holding, { sink: name, lane: lane.name, log, wallNow: clock.wall() });
      a.holding = null;
      if (!a.givenUp) return;
      a.givenUp.remove();
      a.givenUp = null;
      log.info(
        { sink: name, lane: lane.name, unavailable_s: was === null ? null : Math.round((now - was) / 1000) },
        "lane available again: its messages are sent again (given up again at once if it is unavailable before a line gets through)",
      );
      return;
    }
    // Back for a try that did not get through: its clock goes on (a lane given up is given up again at once).
    if (a.since === null) a.since = a.trialSince ?? now;
    a.trialSince = null;
    if (a.givenUp) return;
    if (afterS === null || now - a.since < afterS * 1000) {
      const c = { sink: name, lane: lane.name, metrics, log, unavailableMs: now - a.since, wallNow: clock.wall(), afterS, held: lane.size };
      a.holding = reportHolding(a.holding ?? null, c);
      return;
    }
    a.holding = null; // its /readyz entry (the same name) is the given-up one's now
    a.givenUp = metrics.readiness.register("sink", `${name} ${lane.name}`);
    a.givenUp.set(false, `${lane.name} unavailable for over ${afterS} s: its messages are dropped until it is back`);
    this.pendingStats.delete(lane.name);
    const held = lane.clear();
    this.settle(lane.name, held, "dropped", "unavailable");
    this.gauges(true);
    const fields = { sink: name, lane: lane.name, unavailable_s: Math.round((now - a.since) / 1000), dropped: held.length };
    const before = a.givenUpBefore === true;
    a.givenUpBefore = true;
    if (before) log.info(fields, "lane still unavailable after a try: given up again");
    else
      log.warn(
        fields,
        "lane unavailable for too long (a JOIN refused? the server gone?): its messages are dropped until it is available again, so that the other sinks go on",
      );
  }

  /** Whether `lane` is given up for now (its messages are dropped "unavailable"). */
  unavailable(lane: string): boolean {
    return Boolean(this.availability.get(lane)?.givenUp);
  }

  /** Picks the next line at a granted slot: statistics, then what the lane decides. */
  private take(lane: Lane): { line: Outgoing; taken: Taken | null } | undefined {
    const stats = this.pendingStats.get(lane.name);
    if (stats) {
      this.pendingStats.delete(lane.name);
      return {
        line: {
          lane: lane.name,
          kind: "stats",
          summary: stats,
          msg: null,
          service: "",
          topic: null,
          count: 0,
          key: `stats:${lane.name}:${this.opts.clock.wall()}`,
          onWritten: () => undefined,
          onUnwritten: () => undefined,
        },
        taken: null,
      };
    }
    const active = Math.max(1, [...this.lanes.values()].filter((l) => l.hasWork()).length);
    const catchupMs = Math.max(1000, this.opts.flow.max_behind_s * 1000 - this.maxAgeMs);
    const t = lane.next(this.opts.clock.now(), Math.floor(this.opts.pacer.linesWithin(catchupMs) / active));
    if (!t) return undefined;
    const lateAfter = this.opts.flow.late_after_s * 1000;
    const wall = this.opts.clock.wall();
    if (t.kind === "single") {
      const e = t.entry;
      const late = wall - e.wall;
      const summary = lateAfter > 0 && late > lateAfter ? withLateMark(e.summary, late) : e.summary;
      return {
        line: {
          lane: lane.name,
          kind: "single",
          summary,
          msg: e.msg,
          service: e.msg.topic.service,
          topic: e.msg.topic.full,
          count: 1,
          key: e.msg.id ?? `${e.msg.topic.full}\n${e.summary.text}`,
          onWritten: () => e.ticket.written?.(),
          onUnwritten: () => e.ticket.unwritten?.(),
        },
        taken: t,
      };
    }
    const late = wall - t.facts.lastWall;
    const summary = lateAfter > 0 && late > lateAfter ? withLateMark(t.summary, late) : t.summary;
    // Unique per digest taken (the topic alone is not enough: two groups can share a second and a count,
    // and equal keys made Mastodon and Matrix return the first digest for the second). A retry of this
    // line keeps its key; a digest put back and taken again is a new line.
    const key = `digest:${lane.name}:${t.facts.level}:${t.facts.topic ?? t.facts.service}:${t.facts.firstWall}-${t.facts.lastWall}:${t.facts.count}:${++this.digestSeq}`;
    return {
      line: {
        lane: lane.name,
        kind: "digest",
        summary,
        msg: null,
        service: t.facts.service,
        topic: t.facts.topic,
        count: t.facts.count,
        key,
        onWritten: () => {
          for (const ticket of t.tickets) ticket.written?.();
        },
        onUnwritten: () => {
          for (const ticket of t.tickets) ticket.unwritten?.();
        },
      },
      taken: t,
    };
  }

  private done(lane: Lane, out: { line: Outgoing; taken: Taken | null }, result: FinalSendResult): void {
    const c = this.perLane.get(lane.name);
    const t = out.taken;
    // Not shown after all: whatever remembered it as written forgets it (a restart must show it).
    if (result === "requeue") out.line.onUnwritten();
    if (result === "requeue" && this.closed) {
      // Past the deadline there is no queue to go back to.
      if (t) this.settle(lane.name, ticketsOf(t), "dropped", "shutdown");
      return;
    }
    if (result === "requeue" && t && this.availability.get(lane.name)?.givenUp) {
      // Given up while the line awaited its proof: its messages end as the lane's others did.
      this.settle(lane.name, ticketsOf(t), "dropped", "unavailable");
      return;
    }
    if (result === "requeue") {
      if (t) lane.putBack(t);
      else if (out.line.kind === "stats") this.pendingStats.set(lane.name, out.line.summary);
      return;
    }
    if (!t) {
      if (result === "sent" && c) c.statsLines++;
      return;
    }
    const tickets = ticketsOf(t);
    if (result === "sent") {
      if (c && t.kind === "single") c.singleLines++;
      else if (c) c.digestLines++;
      this.settle(lane.name, tickets, t.kind === "single" ? "sent" : "digested");
      if (t.kind === "digest") {
        this.report.digested += tickets.length;
        this.report.digestLines++;
      }
    } else {
      this.settle(lane.name, tickets, "dropped", result.dropped);
    }
    this.flushReport(false);
  }

  private settle(lane: string, tickets: readonly Ticket[], outcome: Outcome, reason?: DropReason): void {
    if (tickets.length === 0) return;
    const c = this.perLane.get(lane);
    if (c) c[outcome] += tickets.length;
    if (outcome === "sent" || outcome === "digested") {
      // A line got through: a lane taken back after it was given up is no longer on trial.
      const a = this.availability.get(lane);
      if (a) {
        a.trialSince = null;
        a.givenUpBefore = false;
      }
    }
    const labels: Record<string, string> = { sink: this.opts.name };
    if (this.opts.laneLabel) labels[this.opts.laneLabel] = lane;
    this.opts.metrics.inc("sink_messages", { ...labels, outcome }, tickets.length);
    if (outcome === "dropped") {
      const r = reason ?? "gave_up";
      this.opts.metrics.inc("sink_dropped", { ...labels, reason: r }, tickets.length);
      this.report.dropped.set(r, (this.report.dropped.get(r) ?? 0) + tickets.length);
    }
    for (const t of tickets) t.settle(outcome, reason);
  }

  private flushReport(force: boolean): void {
    const now = this.opts.clock.now();
    const r = this.report;
    if (!force && now - r.at < REPORT_INTERVAL_MS) return;
    const drops = Object.fromEntries(r.dropped);
    const dropped = [...r.dropped.values()].reduce((a, b) => a + b, 0);
    if (r.digestLines > 0 || dropped > 0) {
      const fields = {
        sink: this.opts.name,
        digest_lines: r.digestLines,
        digested: r.digested,
        dropped,
        dropped_by_reason: drops,
        queued: this.counts().queued,
        over_s: Math.round((now - r.at) / 1000),
      };
      if (dropped > 0) this.opts.log.warn(fields, "flow: messages dropped (see reasons); backlogs sent as digests");
      else this.opts.log.info(fields, "flow: backlog sent as digests");
    }
    r.at = now;
    r.digested = 0;
    r.digestLines = 0;
    r.dropped.clear();
  }

  private gauges(force = false): void {
    const now = this.opts.clock.now();
    // Offers come by the thousand in a burst: the gauges need not follow each one.
    if (!force && now - this.gaugesAt < GAUGE_EVERY_MS) return;
    this.gaugesAt = now;
    let queued = 0;
    let oldest: number | undefined;
    // Lines written and awaiting the transport's proof still hold their messages.
    for (const n of this.confirmingByLane.values()) queued += n;
    for (const l of this.lanes.values()) {
      queued += l.size;
      const o = l.oldestMono();
      if (o !== undefined && (oldest === undefined || o < oldest)) oldest = o;
    }
    const labels = { sink: this.opts.name };
    this.opts.metrics.set("sink_queue_messages", queued, labels);
    this.opts.metrics.set("sink_queue_oldest_seconds", oldest === undefined ? 0 : (now - oldest) / 1000, labels);
  }

  private waitWake(lane: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.opts.clock.setTimer(() => {
        if (this.waiters.get(lane) === done) this.waiters.delete(lane);
        resolve();
      }, POLL_MS);
      const done = (): void => {
        timer.cancel();
        resolve();
      };
      this.waiters.set(lane, done);
    });
  }
}
