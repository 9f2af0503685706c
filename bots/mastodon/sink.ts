/**
 * One Mastodon account as a sink on the flow layer (bots/flow/): filter -> flow
 * (queue, digests, the pace on bottleneck) -> this transport: render with the
 * instance's current limits -> post exactly once (delivery.ts). A backlog over the
 * share of 250 statuses per 3 hours becomes digest statuses instead of being
 * dropped. The transport is ready only once the account is checked and while the
 * budget (budget.ts: Mastodon's sliding windows of statuses and requests, the
 * minimum spacing, the server's 429 or `Remaining: 0` block) lets a status out.
 */
import { createHash } from "node:crypto";
import type { MastodonAccountConfig } from "../../config/mastodon.js";
import { compileGlob, renderMastodon, type MastodonLimits, type Message, type Summary, type TopicGlob } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import { Flow } from "../flow/flow.js";
import type { Ticket } from "../flow/outcome.js";
import { Pacer } from "../flow/pacer.js";
import { MAIN_LANE } from "../flow/sink.js";
import type { Outgoing, SendResult } from "../flow/transport.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { Budget } from "./budget.js";
import { type Clock, systemClock } from "./clock.js";
import type { MastodonApi, PostParams } from "./api.js";
import { startAccount } from "./start.js";
import { deliver } from "./delivery.js";
import type { RedisUseState } from "../redis-state.js";

export interface MastodonSinkOptions {
  readonly name: string;
  readonly config: MastodonAccountConfig;
  readonly api: MastodonApi;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly clock?: Clock;
  /** Share the status pace through Redis with every replica posting as this account (see bots/flow/pacer.ts). */
  readonly cluster?: { readonly url: string; readonly id: string; readonly redis?: RedisUseState };
}

/** How often stop() looks whether the flow has drained (see there). */
const STOP_POLL_MS = 50;
/** A failed instance refresh is tried again after this long rather than a full refresh interval. */
const REFRESH_RETRY_MS = 5 * 60 * 1000;

class ShutdownDeadline extends Error {
  override name = "ShutdownDeadline";
}

export class MastodonSink implements Sink {
  readonly name: string;
  readonly budget: Budget;
  readonly flow: Flow;
  readonly pacer: Pacer;
  private readonly filter: Filter;
  private readonly clock: Clock;
  private readonly warnings: { glob: TopicGlob; text: string }[];
  private limits: MastodonLimits | undefined;
  private limitsAt = 0;
  private stopping = false;
  private posting = false;
  private waking = false;
  /** ready() said yes and no post has started since: the flow is taking (or waiting for) the pacer's token. */
  private awaitingToken = false;
  private readonly abort = new AbortController();

  constructor(private readonly opts: MastodonSinkOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? systemClock;
    this.filter = new Filter(opts.config.filters);
    this.warnings = opts.config.content_warnings.map((w) => ({ glob: compileGlob(w.topic), text: w.text }));
    const b = opts.config.budget;
    this.budget = new Budget(
      {
        statuses: b.statuses,
        windowMs: b.window_s * 1000,
        minIntervalMs: b.min_interval_ms,
        requests: b.requests,
        requestWindowMs: b.requests_window_s * 1000,
      },
      this.clock,
    );
    const rate = b.statuses / b.window_s;
    this.pacer = new Pacer({ rate, burst: b.burst, clock: this.clock, ...(opts.cluster ? { cluster: opts.cluster } : {}) });
    this.flow = new Flow({
      name: opts.name,
      lanes: [MAIN_LANE],
      limit: { burst: b.burst, rate, queue_max: opts.config.queue_max },
      flow: opts.config.flow,
      pacer: this.pacer,
      clock: this.clock,
      log: opts.log,
      metrics: opts.metrics,
      transport: { ready: () => this.ready(), send: (out) => this.send(out) },
    });
  }

  wantsTopic(topic: string): boolean {
    return !this.stopping && this.filter.acceptsTopic(topic);
  }

  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    if (!this.filter.acceptsSummary(summary)) this.flow.filtered(MAIN_LANE, ticket);
    else this.flow.offer(MAIN_LANE, msg, summary, ticket);
  }

  /** Messages waiting (for tests and stats). */
  queued(): number {
    return this.flow.counts().queued;
  }

  /** Checks the account; messages offered meanwhile wait (and fold into digests) in the flow. */
  async start(): Promise<void> {
    const { config, api, log } = this.opts;
    this.flow.start();
    let started;
    try {
      started = await startAccount({
        api,
        config,
        budget: this.budget,
        clock: this.clock,
        log,
        sink: this.name,
        signal: this.abort.signal,
      });
    } catch (err) {
      await this.flow.stop(0);
      throw err;
    }
    this.limits = started.limits;
    this.limitsAt = this.clock.now();
    log.info(
      {
        sink: this.name,
        instance: api.instance,
        account: started.account,
        max_characters: started.limits.maxCharacters,
        url_weight: started.limits.urlWeight,
        visibility: config.visibility,
        budget: config.budget,
      },
      "Mastodon account ready",
    );
    this.opts.metrics.readiness.register("sink", this.name).set(true, `account ${started.account} on ${api.instance}`);
    this.flow.wake();
  }

  /** Folds what waits into digests and posts them until the deadline; a request still running then is abandoned. */
  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    const timer = setTimeout(() => this.abort.abort(new ShutdownDeadline("shutdown deadline reached")), deadlineMs);
    const state = { drained: false }; // set by the drain; a property, so the loop below reads it afresh
    const draining = this.flow.stop(deadlineMs).finally(() => (state.drained = true));
    // The flow's shutdown waits on the sink's clock. A virtual clock (tests, benchmarks) moves only when
    // someone sleeps, and once the last status is out nobody does: keep it moving between posts (a post
    // in flight takes real time). On the real clock these are idle sleeps that end with the drain.
    while (!state.drained && !this.abort.signal.aborted) {
      const step = this.posting
        ? new Promise<void>((resolve) => setTimeout(resolve, STOP_POLL_MS))
        : this.clock.sleep(STOP_POLL_MS, this.abort.signal).catch(() => undefined);
      await Promise.race([draining, step]);
    }
    await draining;
    clearTimeout(timer);
    this.abort.abort(new ShutdownDeadline("stopped"));
  }

  /**
   * Account checked, no post running, and the budget lets a status out now. The pace is not asked
   * here: the flow takes the pacer's token before it asks (bots/flow/flow.ts), so asking for a token
   * here too wanted a second one, which held back one status of every burst (all of a burst of 1)
   * and made the flow take and give back tokens in a loop while it waited.
   */
  private ready(): boolean {
    if (!this.limits || this.posting || this.abort.signal.aborted) return false;
    const delay = this.budget.statusDelay();
    this.awaitingToken = delay <= 0;
    if (delay > 0) {
      // The flow polls too, but waiting here moves a virtual clock (tests) and wakes the flow on time.
      this.wakeAfter(delay);
      return false;
    }
    // The flow now takes the pacer's token, which may mean waiting for a refill; see followPace.
    setImmediate(() => this.followPace());
    return true;
  }

  /**
   * Once ready() said yes and before a post starts, the flow is taking the pacer's token; with none
   * in hand it waits for the refill: wait alongside it, one token's time at a time. On the real clock
   * this only wakes the flow; on a virtual clock (tests, benchmarks), whose time moves only when
   * someone sleeps, it is what brings the refill.
   */
  private followPace(): void {
    if (!this.awaitingToken || this.waking || this.abort.signal.aborted) return;
    const ms = this.pacer.msUntilToken();
    if (ms > 0) this.wakeAfter(Math.min(ms, Math.ceil(1000 / this.pacer.rate)), () => this.followPace());
  }

  /** Sleeps `ms` on the sink's clock (one sleep at a time), then wakes the flow. */
  private wakeAfter(ms: number, then?: () => void): void {
    if (this.waking) return;
    this.waking = true;
    this.clock.sleep(ms, this.abort.signal).then(
      () => {
        this.waking = false;
        this.flow.wake();
        then?.();
      },
      () => (this.waking = false),
    );
  }

  private async send(out: Outgoing): Promise<SendResult> {
    const { config, log, metrics } = this.opts;
    const fields = { sink: this.name, kind: out.kind, topic: out.topic, msg_id: out.msg?.id ?? null, messages: out.count };
    this.posting = true;
    this.awaitingToken = false;
    try {
      await this.refreshLimits();
      let params: PostParams;
      try {
        params = this.render(out);
      } catch (err) {
        log.error({ ...fields, reason: String(err) }, "cannot render the status; skipped");
        return { dropped: "render" };
      }
      const key = out.msg
        ? idempotencyKey(this.name, out.msg, out.summary)
        : createHash("sha256").update(`fedmsg-echo\n${this.name}\n${out.key}`).digest("hex");
      const outcome = await deliver(params, key, {
        api: this.opts.api,
        budget: this.budget,
        clock: this.clock,
        retry: config.retry,
        log,
        logFields: fields,
        signal: this.abort.signal,
        onRetry: (reason) => metrics.inc("mastodon_retries", { sink: this.name, reason }),
      });
      metrics.inc("mastodon_attempts", { sink: this.name }, outcome.attempts);
      switch (outcome.kind) {
        case "posted":
          metrics.inc("lines_sent", { sink: this.name });
          log.debug({ ...fields, status_id: outcome.id, attempts: outcome.attempts }, "status posted");
          return "sent";
        case "rejected":
          metrics.inc("mastodon_rejected", { sink: this.name, status: String(outcome.status) });
          return { dropped: outcome.status === 401 || outcome.status === 403 ? "unauthorized" : "rejected" };
        case "gave-up":
          return { dropped: "gave_up" };
        case "aborted":
          // Shutdown: it stays queued and is counted as dropped ("shutdown") at the deadline.
          return "requeue";
      }
    } finally {
      this.posting = false;
    }
  }

  private render(out: Outgoing): PostParams {
    const { config } = this.opts;
    const limits = this.limits;
    const cw = out.topic === null ? null : (this.warnings.find((w) => w.glob.match(out.topic ?? "") !== undefined)?.text ?? null);
    const r = renderMastodon(out.summary, {
      template: config.template,
      hashtags: config.hashtags[out.service] ?? [],
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
}

/** Stable over retries and restarts: the same bus message on the same sink always has the same key. */
export function idempotencyKey(sink: string, msg: Message, summary: Summary): string {
  const identity = msg.id ?? `${msg.topic.full}\n${summary.text}\n${summary.link ?? ""}`;
  return createHash("sha256").update(`fedmsg-echo\n${sink}\n${identity}`).digest("hex");
}
