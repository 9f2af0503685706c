/**
 * One Matrix account as a sink on the flow layer: each room is a lane with its own
 * filters and template; all of them share the account's pace (the homeserver
 * limits messages per user). The flow queues from the first message, folds
 * backlogs into digests, and accounts for every message; the transport
 * (transport.ts) sends. The start checks the token and joins the rooms; a /sync
 * loop keeps them joined.
 */
import type { MatrixAccountConfig } from "../../config/matrix.js";
import type { Message, Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import { systemFlowClock, type FlowClock } from "../flow/clock.js";
import { offerToDestinations } from "../flow/destinations.js";
import { Flow } from "../flow/flow.js";
import type { Ticket } from "../flow/outcome.js";
import type { ReadinessReporter } from "../readiness.js";
import { Pacer } from "../flow/pacer.js";
import { NO_TICKET } from "../flow/ticket.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { SentMarks, Sink } from "../sink.js";
import type { MatrixApi } from "./api.js";
import { matrixClock, type MatrixClock } from "./clock.js";
import { startAccount } from "./rooms.js";
import { SyncLoop } from "./sync.js";
import { MemoryThreadStore, type ThreadStore } from "./threads.js";
import { MatrixTransport, type SinkRoom } from "./transport.js";

export interface MatrixSinkOptions {
  readonly name: string;
  readonly config: MatrixAccountConfig;
  readonly api: MatrixApi;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly clock?: FlowClock;
  readonly threads?: ThreadStore;
  /** Opens and closes what the sink uses besides the homeserver (the Redis of the thread store). */
  readonly start?: () => Promise<void>;
  readonly close?: () => Promise<void>;
}

class Stopped extends Error {
  override name = "Stopped";
}

export class MatrixSink implements Sink {
  readonly name: string;
  readonly rooms: SinkRoom[];
  readonly flow: Flow;
  readonly pacer: Pacer;
  readonly transport: MatrixTransport;
  private readonly clock: MatrixClock;
  private readonly flowClock: FlowClock;
  private readonly abort = new AbortController();
  private readonly readiness: ReadinessReporter;
  private sync: SyncLoop | undefined;
  /** Each room remembers what it was sent (sent-sinks.ts): a room that refuses the bot holds back no other. */
  readonly destinations: NonNullable<Sink["destinations"]>;
  private marks: SentMarks | undefined;

  constructor(private readonly opts: MatrixSinkOptions) {
    const { config, log, metrics } = opts;
    this.name = opts.name;
    // /readyz: not ready while the start checks the token and joins the rooms (its lines wait),
    // nor once the token is refused.
    this.readiness = metrics.readiness.register("sink", opts.name);
    this.readiness.set(false, `starting: checking the access token of ${config.user_id} and joining ${config.rooms.length} rooms`);
    this.flowClock = opts.clock ?? systemFlowClock;
    this.clock = matrixClock(this.flowClock);
    this.rooms = config.rooms.map((c) => ({
      config: c,
      lane: c.room,
      filter: new Filter(c.filters),
      id: c.room,
      via: [],
      joined: false,
      pausedUntil: 0,
      encrypted: false,
    }));
    this.destinations = { label: "room", names: this.rooms.map((r) => r.lane) };
    this.transport = new MatrixTransport({
      name: this.name,
      config,
      api: opts.api,
      rooms: this.rooms,
      clock: this.clock,
      log,
      metrics,
      signal: this.abort.signal,
      threads: opts.threads ?? new MemoryThreadStore(config.thread_ttl_s * 1000, () => this.flowClock.now()),
      onForbidden: (room) => this.sync?.rejoinLater(room, config.forbidden_retry_ms),
      onUnauthorized: (reason) => this.fatal(reason),
    });
    this.pacer = new Pacer({ rate: config.limit.rate, burst: config.limit.burst, clock: this.flowClock });
    this.flow = new Flow({
      name: this.name,
      lanes: this.rooms.map((r) => r.lane),
      laneLabel: "room",
      limit: config.limit,
      flow: config.flow,
      transport: this.transport,
      pacer: this.pacer,
      clock: this.flowClock,
      log,
      metrics,
    });
  }

  wantsTopic(topic: string): boolean {
    return this.rooms.some((r) => r.filter.acceptsTopic(topic));
  }

  /** Each room that takes the topic gets its share of the ticket, unless it already has the event; the flow settles them. */
  offer(msg: Message, summary: Summary, ticket: Ticket = NO_TICKET): void {
    offerToDestinations(this.flow, this.rooms, msg, summary, ticket, this.marks);
  }

  useMarks(marks: SentMarks): void {
    this.marks = marks;
  }

  /** Waiting messages, over every room (tests, benchmarks). */
  queued(): number {
    return this.flow.counts().queued;
  }

  async start(): Promise<void> {
    const { api, config, log } = this.opts;
    // Messages queue (and fold into digests) while the account is checked and the rooms joined.
    this.flow.start();
    const ctx = { api, config, clock: this.clock, log, sink: this.name, signal: this.abort.signal };
    let me;
    try {
      await this.opts.start?.();
      me = await startAccount(ctx, this.rooms);
    } catch (err) {
      this.abort.abort(new Stopped("start failed"));
      await this.flow.stop(0);
      await this.opts.close?.();
      throw err;
    }
    log.info(
      {
        sink: this.name,
        homeserver: api.homeserver,
        user_id: me.userId,
        device_id: me.deviceId,
        rooms: this.rooms.map((r) => r.lane),
        msgtype: config.msgtype,
      },
      "Matrix account ready",
    );
    this.sync = new SyncLoop({
      ...ctx,
      rooms: this.rooms,
      userId: me.userId,
      onUnauthorized: (reason) => this.fatal(reason),
      onReady: () => this.flow.wake(),
    });
    await this.sync.prime();
    // stop() during the prime: no sync loop on an aborted signal, and /readyz never says ready.
    if (this.abort.signal.aborted) return;
    this.sync.start();
    this.transport.started = true;
    this.readiness.set(true, `${me.userId} on ${this.opts.api.homeserver}, in ${this.rooms.length} rooms`);
    this.flow.wake();
  }

  async stop(deadlineMs: number): Promise<void> {
    // A send still retrying (or a hung request) at the deadline is cut short; the flow drops what is left.
    const timer = this.flowClock.setTimer(() => this.abort.abort(new Stopped("shutdown deadline reached")), deadlineMs);
    await this.flow.stop(deadlineMs);
    timer.cancel();
    this.abort.abort(new Stopped("stopped"));
    await this.sync?.stopped();
    await this.opts.close?.();
  }

  /** 401: the token is gone for good. Loud, once; every line from now on is dropped with the reason. */
  private fatal(reason: string): void {
    if (this.transport.dead !== null) return;
    this.transport.dead = reason;
    this.readiness.set(false, `the access token was refused (401): ${reason}`);
    this.opts.log.error(
      { sink: this.name, homeserver: this.opts.api.homeserver, user_id: this.opts.config.user_id, reason },
      'the homeserver refused the access token (401): the Matrix sink has stopped; waiting and later messages are dropped (reason "unauthorized") until the token is replaced and the bot restarted',
    );
    this.flow.wake();
  }
}
