/**
 * One Matrix account as a sink: each room filters on its own; what a room takes
 * waits in the account's queue, paced for the whole account (the homeserver
 * limits messages per user), and is rendered and sent when it leaves. A room that
 * answers 403 is paused and tried again slowly, its events waiting; a 401 stops
 * the sink loudly, every waiting event dropped with the reason and counted.
 */
import { createHash } from "node:crypto";
import type { MatrixAccountConfig } from "../../config/matrix.js";
import { renderMatrix, type Message, type Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import type { Logger } from "../log.js";
import { type Clock, systemClock } from "../mastodon/clock.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import type { MatrixApi } from "./api.js";
import { artifactKey } from "./artifact.js";
import { sendEvent } from "./delivery.js";
import { startAccount, type Room } from "./rooms.js";
import { SyncLoop } from "./sync.js";
import { MemoryThreadStore, type ThreadStore } from "./threads.js";

/** Why an event was not sent (a metric label). */
export type MatrixDropReason = "memory_bound" | "shutdown" | "rejected" | "gave_up" | "unauthorized";

interface SinkRoom extends Room {
  readonly filter: Filter;
}

export interface Entry {
  readonly room: SinkRoom;
  readonly msg: Message;
  readonly summary: Summary;
}

export interface MatrixSinkOptions {
  readonly name: string;
  readonly config: MatrixAccountConfig;
  readonly api: MatrixApi;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly clock?: Clock;
  readonly threads?: ThreadStore;
}

/** At most one warning per this interval about events refused after a 401. */
const DEAD_WARN_INTERVAL_MS = 60_000;

class Stopped extends Error {
  override name = "Stopped";
}

export class MatrixSink implements Sink {
  readonly name: string;
  readonly rooms: SinkRoom[];
  private readonly clock: Clock;
  private readonly threads: ThreadStore;
  private readonly queue: Entry[] = [];
  private readonly abort = new AbortController();
  private sync: SyncLoop | undefined;
  private stopping = false;
  private deadlineAt = Number.POSITIVE_INFINITY;
  private dead: string | null = null;
  private lastDeadWarn = Number.NEGATIVE_INFINITY;
  private wake: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** Token bucket of the account's pacing. */
  private tokens: number;
  private tokensAt: number;
  private blockedUntil = 0;

  constructor(private readonly opts: MatrixSinkOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? systemClock;
    this.threads = opts.threads ?? new MemoryThreadStore(opts.config.thread_ttl_s * 1000, () => this.clock.now());
    this.rooms = opts.config.rooms.map((config) => ({ config, filter: new Filter(config.filters), id: config.room, via: [], joined: false, pausedUntil: 0, encrypted: false }));
    this.tokens = opts.config.limit.burst;
    this.tokensAt = this.clock.now();
  }

  wantsTopic(topic: string): boolean {
    return !this.stopping && this.rooms.some((r) => r.filter.acceptsTopic(topic));
  }

  offer(msg: Message, summary: Summary): void {
    if (this.stopping) return;
    const { metrics, config } = this.opts;
    for (const room of this.rooms) {
      if (!room.filter.acceptsTopic(msg.topic.full)) continue;
      if (!room.filter.acceptsSummary(summary)) {
        metrics.inc("filtered", { sink: this.name });
        continue;
      }
      const entry: Entry = { room, msg, summary };
      if (this.dead !== null || room.encrypted) {
        this.drop(entry, this.dead !== null ? "unauthorized" : "rejected");
        continue;
      }
      this.queue.push(entry);
      if (this.queue.length > config.limit.queue_max) {
        const oldest = this.queue.shift();
        if (oldest) this.drop(oldest, "memory_bound");
      }
    }
    this.wake?.abort();
  }

  /** Events waiting (tests, stats). */
  queued(): number {
    return this.queue.length;
  }

  async start(): Promise<void> {
    const { api, config, log } = this.opts;
    const ctx = { api, config, clock: this.clock, log, sink: this.name, signal: this.abort.signal };
    const me = await startAccount(ctx, this.rooms);
    log.info({ sink: this.name, homeserver: api.homeserver, user_id: me.userId, device_id: me.deviceId, rooms: this.rooms.map((r) => r.config.room), msgtype: config.msgtype }, "Matrix account ready");
    this.sync = new SyncLoop({
      ...ctx, rooms: this.rooms, userId: me.userId,
      onUnauthorized: (reason) => this.fatal(reason),
      onReady: () => this.wake?.abort(),
    });
    await this.sync.prime();
    this.sync.start();
    this.loop = this.run();
  }

  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    this.deadlineAt = this.clock.now() + deadlineMs;
    const timer = setTimeout(() => this.abort.abort(new Stopped("shutdown deadline reached")), deadlineMs);
    this.wake?.abort();
    await this.loop;
    clearTimeout(timer);
    this.abort.abort(new Stopped("stopped"));
    await this.sync?.stopped();
    const left = this.queue.splice(0);
    for (const e of left) this.drop(e, "shutdown");
    if (left.length) this.opts.log.warn({ sink: this.name, dropped: left.length }, "shutdown deadline: events still waiting were dropped");
  }

  private ready(room: Room): boolean {
    return room.joined && !room.encrypted && room.pausedUntil <= this.clock.now();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted || this.dead !== null) return;
      // A room that turned encryption on never gets events in clear: what waits for it is refused now.
      for (let j = this.queue.findIndex((e) => e.room.encrypted); j >= 0; j = this.queue.findIndex((e) => e.room.encrypted)) {
        this.drop(this.queue.splice(j, 1)[0] as Entry, "rejected");
      }
      const i = this.queue.findIndex((e) => this.ready(e.room));
      if (i < 0) {
        if (this.stopping && this.queue.length === 0) return;
        const nextPause = Math.min(...this.queue.map((e) => (e.room.pausedUntil > this.clock.now() ? e.room.pausedUntil : Number.POSITIVE_INFINITY)));
        if (this.stopping && nextPause > this.deadlineAt) return;
        await this.idle(Number.isFinite(nextPause) ? nextPause - this.clock.now() : null);
        continue;
      }
      if (!(await this.pace())) return;
      const [entry] = this.queue.splice(i, 1);
      if (entry) await this.post(entry);
    }
  }

  /** Waits for an offer, a room becoming ready, or `ms`. */
  private async idle(ms: number | null): Promise<void> {
    this.wake = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, this.wake.signal]);
    try {
      if (ms === null) await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      else await this.clock.sleep(ms, signal);
    } catch {
      // woken early
    } finally {
      this.wake = undefined;
    }
  }

  /** Takes a token of the account's bucket; false when the shutdown deadline comes first. */
  private async pace(): Promise<boolean> {
    const { burst, rate } = this.opts.config.limit;
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(burst, this.tokens + (Math.max(0, now - this.tokensAt) / 1000) * rate);
      this.tokensAt = now;
      const wait = Math.max(this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / rate) * 1000), this.blockedUntil - now);
      if (wait <= 0) {
        this.tokens -= 1;
        return true;
      }
      if (this.abort.signal.aborted || now + wait > this.deadlineAt) return false;
      try {
        await this.clock.sleep(wait, this.abort.signal);
      } catch {
        return false;
      }
    }
  }

  private async post(e: Entry): Promise<void> {
    const { config, log, metrics, api } = this.opts;
    const room = e.room;
    const fields = { sink: this.name, room: room.config.room, topic: e.msg.topic.full, msg_id: e.msg.id };
    const content: Record<string, unknown> = { ...renderMatrix(e.summary, { template: room.config.template, msgtype: config.msgtype, serviceColors: config.service_colors }) };
    const key = room.config.thread_by === "artifact" ? artifactKey(e.msg) : null;
    const thread = key === null ? undefined : await this.threads.get(room.id, key).catch((err: unknown) => {
      log.warn({ ...fields, reason: String(err) }, "cannot read the thread store; sent outside the thread");
      return undefined;
    });
    if (thread) content["m.relates_to"] = { rel_type: "m.thread", event_id: thread.root, is_falling_back: true, "m.in_reply_to": { event_id: thread.last } };
    const outcome = await sendEvent(room.id, transactionId(room.id, e.msg, e.summary), content, {
      api, clock: this.clock, retry: config.retry, log, logFields: fields, signal: this.abort.signal,
      onRetry: (reason) => metrics.inc("matrix_retries", { sink: this.name, reason }),
      onRateLimited: (until) => (this.blockedUntil = Math.max(this.blockedUntil, until)),
    });
    metrics.inc("matrix_attempts", { sink: this.name }, outcome.attempts);
    switch (outcome.kind) {
      case "sent":
        metrics.inc("lines_sent", { sink: this.name });
        log.debug({ ...fields, event_id: outcome.eventId, attempts: outcome.attempts, thread: thread?.root ?? null }, "event sent");
        if (key !== null) {
          await this.threads.set(room.id, key, { root: thread?.root ?? outcome.eventId, last: outcome.eventId }).catch((err: unknown) => log.warn({ ...fields, reason: String(err) }, "cannot write the thread store"));
        }
        return;
      case "forbidden":
        // Kicked, banned or muted: the event waits at the head of the queue while the room is paused.
        room.pausedUntil = this.clock.now() + config.forbidden_retry_ms;
        // Out of the room without /sync telling (a kick it missed): join again too; harmless when only muted.
        this.sync?.rejoinLater(room, config.forbidden_retry_ms);
        metrics.inc("matrix_forbidden", { sink: this.name, room: room.config.room });
        log.warn({ ...fields, reason: outcome.reason, retry_in_ms: config.forbidden_retry_ms }, "the room refused the event (403); room paused, its events wait");
        this.queue.unshift(e);
        return;
      case "unauthorized":
        this.queue.unshift(e);
        return this.fatal(outcome.reason);
      case "rejected":
        return this.drop(e, "rejected");
      case "gave-up":
        return this.drop(e, "gave_up");
      case "aborted":
        // Stopping (stop() drops what is left) or a 401 seen by /sync meanwhile (fatal() drops it now).
        this.queue.unshift(e);
        if (this.dead !== null) this.fatal(this.dead);
        return;
    }
  }

  /** 401: the token is gone for good. Loud, once; every waiting and later event is dropped and counted. */
  private fatal(reason: string): void {
    const left = this.queue.splice(0);
    if (this.dead !== null) {
      // Already stopped (the /sync loop or a send saw it first): an event that was in flight is dropped too.
      for (const e of left) this.drop(e, "unauthorized");
      return;
    }
    this.dead = reason;
    this.opts.log.error(
      { sink: this.name, homeserver: this.opts.api.homeserver, user_id: this.opts.config.user_id, reason, dropped: left.length },
      "the homeserver refused the access token (401): the Matrix sink has stopped; waiting and later events are dropped until the token is replaced and the bot restarted",
    );
    for (const e of left) this.drop(e, "unauthorized");
    this.abort.abort(new Stopped("unauthorized"));
    this.wake?.abort();
  }

  private drop(e: Entry, reason: MatrixDropReason): void {
    const { metrics, log } = this.opts;
    metrics.inc("lines_dropped", { sink: this.name });
    metrics.inc("matrix_dropped", { sink: this.name, reason });
    if (reason !== "unauthorized") return;
    const now = this.clock.now();
    if (now - this.lastDeadWarn < DEAD_WARN_INTERVAL_MS) return;
    this.lastDeadWarn = now;
    log.warn({ sink: this.name, room: e.room.config.room, topic: e.msg.topic.full, msg_id: e.msg.id, dropped_total: metrics.get("matrix_dropped", { sink: this.name, reason }) }, "Matrix sink stopped (access token refused): event dropped");
  }
}

/**
 * Stable over retries and restarts: the same bus message in the same room always has the
 * same transaction id, so the homeserver stores it once per access token.
 */
export function transactionId(roomId: string, msg: Message, summary: Summary): string {
  const identity = msg.id ?? `${msg.topic.full}\n${msg.timestamp ?? ""}\n${summary.text}\n${summary.link ?? ""}`;
  return `fe${createHash("sha256").update(`fedmsg-echo\n${roomId}\n${identity}`).digest("hex").slice(0, 40)}`;
}
