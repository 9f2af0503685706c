/**
 * One Mastodon account as a sink: filter -> bounded queue -> budget -> render ->
 * post. `offer` never blocks; the queue keeps the freshest statuses (the oldest is
 * dropped and counted when it overflows, which is how the share of 250 statuses per
 * 3 hours meets a bus that sends thousands). Rendering happens just before posting,
 * with the instance's current limits.
 */
import { createHash } from "node:crypto";
import type { MastodonAccountConfig } from "../../config/mastodon.js";
import { compileGlob, renderMastodon, type MastodonLimits, type Message, type Summary, type TopicGlob } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { Budget } from "./budget.js";
import { type Clock, systemClock } from "./clock.js";
import { startAccount, type MastodonApi, type PostParams } from "./client.js";
import { deliver } from "./delivery.js";

/** Why a status was not posted (a metric label; the flow-control digests will read these). */
export type DropReason = "queue_full" | "rejected" | "gave_up" | "shutdown" | "render";

export interface Pending {
  readonly msg: Message;
  readonly summary: Summary;
  readonly key: string;
}

export interface MastodonSinkOptions {
  readonly name: string;
  readonly config: MastodonAccountConfig;
  readonly api: MastodonApi;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly clock?: Clock;
  readonly onDrop?: (item: Pending, reason: DropReason) => void;
}

/** A failed instance refresh is tried again after this long rather than a full refresh interval. */
const REFRESH_RETRY_MS = 5 * 60 * 1000;
/** At most one "queue full" warning per this interval: a busy bus overflows all the time. */
const DROP_WARN_INTERVAL_MS = 60_000;

class ShutdownDeadline extends Error {
  override name = "ShutdownDeadline";
}

export class MastodonSink implements Sink {
  readonly name: string;
  readonly budget: Budget;
  private readonly filter: Filter;
  private readonly clock: Clock;
  private readonly warnings: { glob: TopicGlob; text: string }[];
  private readonly queue: Pending[] = [];
  private limits: MastodonLimits | undefined;
  private limitsAt = 0;
  private stopping = false;
  private deadlineAt = Number.POSITIVE_INFINITY;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private pacing: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private dropsSinceWarn = 0;
  private lastDropWarn = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: MastodonSinkOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? systemClock;
    this.filter = new Filter(opts.config.filters);
    this.warnings = opts.config.content_warnings.map((w) => ({ glob: compileGlob(w.topic), text: w.text }));
    const b = opts.config.budget;
    this.budget = new Budget(
      { statuses: b.statuses, windowMs: b.window_s * 1000, burst: b.burst, minIntervalMs: b.min_interval_ms, requests: b.requests, requestWindowMs: b.requests_window_s * 1000 },
      this.clock,
    );
  }

  wantsTopic(topic: string): boolean {
    return !this.stopping && this.filter.acceptsTopic(topic);
  }

  offer(msg: Message, summary: Summary): void {
    if (this.stopping) return;
    if (!this.filter.acceptsSummary(summary)) {
      this.opts.metrics.inc("filtered", { sink: this.name });
      return;
    }
    this.queue.push({ msg, summary, key: idempotencyKey(this.name, msg, summary) });
    if (this.queue.length > this.opts.config.queue_max) {
      const oldest = this.queue.shift();
      if (oldest) this.drop(oldest, "queue_full");
    }
    this.wake?.();
  }

  /** Pending statuses (for tests and stats). */
  queued(): number {
    return this.queue.length;
  }

  async start(): Promise<void> {
    const { config, api, log } = this.opts;
    const started = await startAccount({ api, config, budget: this.budget, clock: this.clock, log, sink: this.name, signal: this.abort.signal });
    this.limits = started.limits;
    this.limitsAt = this.clock.now();
    log.info(
      { sink: this.name, instance: api.instance, account: started.account, max_characters: started.limits.maxCharacters, url_weight: started.limits.urlWeight, visibility: config.visibility, budget: config.budget },
      "Mastodon account ready",
    );
    this.opts.metrics.readiness.register("sink", this.name).set(true, `account ${started.account} on ${api.instance}`);
    this.loop = this.run();
  }

  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.deadlineAt = this.clock.now() + deadlineMs;
    const timer = setTimeout(() => this.abort.abort(new ShutdownDeadline("shutdown deadline reached")), deadlineMs);
    this.wake?.();
    this.pacing?.abort(); // re-plan the current wait with the deadline in view
    await this.loop;
    clearTimeout(timer);
    this.abort.abort(new ShutdownDeadline("stopped"));
    const left = this.queue.splice(0);
    for (const p of left) this.drop(p, "shutdown");
    if (left.length) this.opts.log.warn({ sink: this.name, dropped: left.length }, "shutdown deadline: statuses still waiting were dropped");
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.stopping) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      // Wait for the budget with the status still queued, so newer ones can push out older ones meanwhile.
      if (!(await this.waitForBudget())) return;
      const item = this.queue.shift();
      if (item) await this.post(item);
    }
  }

  /** False when the shutdown deadline comes first. */
  private async waitForBudget(): Promise<boolean> {
    for (let d = this.budget.statusDelay(); d > 0; d = this.budget.statusDelay()) {
      if (this.abort.signal.aborted || this.clock.now() + d > this.deadlineAt) return false;
      this.pacing = new AbortController();
      try {
        await this.clock.sleep(d, AbortSignal.any([this.abort.signal, this.pacing.signal]));
      } catch {
        // Woken early by stop(): loop to re-plan.
      }
    }
    return !this.abort.signal.aborted;
  }

  private async post(item: Pending): Promise<void> {
    const { config, log, metrics } = this.opts;
    const fields = { sink: this.name, topic: item.msg.topic.full, msg_id: item.msg.id };
    await this.refreshLimits();
    let params: PostParams;
    try {
      params = this.render(item);
    } catch (err) {
      log.error({ ...fields, reason: String(err) }, "cannot render the status; skipped");
      this.drop(item, "render");
      return;
    }
    const outcome = await deliver(params, item.key, {
      api: this.opts.api, budget: this.budget, clock: this.clock, retry: config.retry, log, logFields: fields, signal: this.abort.signal,
      onRetry: (reason) => metrics.inc("mastodon_retries", { sink: this.name, reason }),
    });
    metrics.inc("mastodon_attempts", { sink: this.name }, outcome.attempts);
    switch (outcome.kind) {
      case "posted":
        metrics.inc("lines_sent", { sink: this.name });
        log.debug({ ...fields, status_id: outcome.id, attempts: outcome.attempts }, "status posted");
        return;
      case "rejected":
        metrics.inc("mastodon_rejected", { sink: this.name, status: String(outcome.status) });
        return this.drop(item, "rejected");
      case "gave-up":
        return this.drop(item, "gave_up");
      case "aborted":
        return this.drop(item, "shutdown");
    }
  }

  private render(item: Pending): PostParams {
    const { config } = this.opts;
    const limits = this.limits;
    const topic = item.msg.topic;
    const cw = this.warnings.find((w) => w.glob.match(topic.full) !== undefined)?.text ?? null;
    const r = renderMastodon(item.summary, {
      template: config.template,
      hashtags: config.hashtags[topic.service] ?? [],
      spoilerText: cw,
      ...(limits ? { maxCharacters: limits.maxCharacters, urlWeight: limits.urlWeight } : {}),
    });
    if (r.truncated) this.opts.metrics.inc("mastodon_truncated", { sink: this.name });
    return { status: r.status, spoilerText: r.spoilerText, visibility: config.visibility, language: config.language };
  }

  /** The instance's limits can change (an admin raises max_characters): read them again now and then. */
  private async refreshLimits(): Promise<void> {
    const now = this.clock.now();
    if (now - this.limitsAt < this.opts.config.instance_refresh_s * 1000) return;
    try {
      await this.budget.acquireRequest(this.abort.signal);
      this.limits = await this.opts.api.fetchLimits(this.abort.signal);
      this.limitsAt = this.clock.now();
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.limitsAt = now - this.opts.config.instance_refresh_s * 1000 + REFRESH_RETRY_MS;
      this.opts.log.warn({ sink: this.name, reason: String(err) }, "cannot refresh the instance configuration; keeping the last limits");
    }
  }

  private drop(item: Pending, reason: DropReason): void {
    const { metrics, log } = this.opts;
    metrics.inc("lines_dropped", { sink: this.name });
    metrics.inc("mastodon_dropped", { sink: this.name, reason });
    this.opts.onDrop?.(item, reason);
    if (reason !== "queue_full") return;
    this.dropsSinceWarn++;
    const now = this.clock.now();
    log.debug({ sink: this.name, topic: item.msg.topic.full, msg_id: item.msg.id }, "over budget: oldest waiting status dropped");
    if (now - this.lastDropWarn >= DROP_WARN_INTERVAL_MS) {
      log.warn({ sink: this.name, dropped: this.dropsSinceWarn, queue_max: this.opts.config.queue_max, budget: this.opts.config.budget.statuses }, "over the posting budget: oldest waiting statuses dropped");
      this.dropsSinceWarn = 0;
      this.lastDropWarn = now;
    }
  }
}

/** Stable over retries and restarts: the same bus message on the same sink always has the same key. */
export function idempotencyKey(sink: string, msg: Message, summary: Summary): string {
  const identity = msg.id ?? `${msg.topic.full}\n${summary.text}\n${summary.link ?? ""}`;
  return createHash("sha256").update(`fedmsg-echo\n${sink}\n${identity}`).digest("hex");
}
