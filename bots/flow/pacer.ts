/**
 * The pacing engine of every sink: a bottleneck limiter used as a token bucket
 * (its reservoir), with weights (an IRC JOIN costs two) and priorities (control
 * lines, then priority messages, then the rest). A sink asks for a slot with
 * `acquire` and only then chooses what to send, so what leaves is decided when it
 * can leave (a digest or a single line; see lane.ts). Each destination asks for at
 * most one slot at a time, so bottleneck's queue never holds more than the number
 * of destinations (+ control lines) and the message queue stays ours.
 *
 * In one process the reservoir is refilled by this class on the injected monotonic
 * clock, not by bottleneck's heartbeat: bottleneck reads `Date.now`, and a wall
 * clock stepped back by an hour would stop its refills for an hour. bottleneck's
 * `_nextRequest` (a wall time) is also pulled back to now before each request when
 * the wall clock went back: with `minTime` 0 it only matters after such a step, and
 * then it would hold every job for the length of the step. See the README's
 * "Flow control".
 *
 * With `cluster` (Redis through ioredis, a shared `id`), replicas posting as one
 * account share one reservoir. Refills then happen in Redis on Redis's own clock
 * (bottleneck's `reservoirIncrease*`), in steps of a multiple of 5,000 ms (its
 * Redis heartbeat); the amount per step is rounded down, never over the rate.
 * While that Redis is down or frozen (its connection lost, a PING unanswered), the
 * pacer goes on alone: requests go to an in-process bucket of the same pace, and a
 * request already waiting on Redis is moved there; once Redis answers again, they go
 * back to the shared one (issue 10: "if Redis goes down, the bot goes on").
 */
import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import type { RedisUseState } from "../redis-state.js";
import type { FlowClock, Timer } from "./clock.js";

/** bottleneck priorities: lower goes first. */
export const PRIORITY = { control: 0, priority: 2, line: 5 } as const;

/** bottleneck's Redis heartbeat: refill intervals in a cluster are multiples of it. */
export const CLUSTER_REFILL_STEP_MS = 5000;
/**
 * In a cluster, how often the budget's Redis is asked whether it answers (a PING), and how long it
 * may take: bottleneck's own commands wait for ever on a Redis that is frozen (its connection open,
 * nothing answered), so only a probe of our own can tell `redis_connected` that it is down.
 */
export const CLUSTER_PROBE_MS = 2000;
export const CLUSTER_PROBE_TIMEOUT_MS = 1000;
/** The local refill timer never ticks faster than this (a fast console sink refills in steps). */
const LOCAL_REFILL_MIN_MS = 20;

export interface PaceConfig {
  /** Tokens (lines) per second. */
  readonly rate: number;
  /** Tokens that may be spent at once after a quiet spell. */
  readonly burst: number;
}

export interface PacerOptions extends PaceConfig {
  readonly clock: FlowClock;
  /**
   * Share the budget through Redis with every limiter of the same id; `redis` hears whether that
   * Redis answers (into `redis_connected`).
   */
  readonly cluster?: { readonly url: string; readonly id: string; readonly redis?: RedisUseState };
}

export class PacerStopped extends Error {
  override name = "PacerStopped";
}

export class Pacer {
  readonly limiter: Bottleneck;
  private readonly clock: FlowClock;
  private readonly clustered: boolean;
  private readonly connection: Bottleneck.IORedisConnection | undefined;
  private refillTimer: Timer | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private lastRefill: number;
  private readonly refillMs: number;
  private stopped = false;
  /** Local mode: a mirror of the reservoir, for estimates (bottleneck's is read asynchronously). */
  private tokens: number;
  /** In a cluster: the in-process pace used while the shared one's Redis does not answer. */
  private readonly fallback: Pacer | undefined;
  /** In a cluster: whether its Redis answers (false after a lost connection or an unanswered PING, until it answers again). */
  private clusterUp = true;
  /** Requests waiting on the cluster, told when its Redis stops answering. */
  private readonly onClusterDown = new Set<() => void>();

  constructor(private readonly opts: PacerOptions) {
    if (!(opts.rate > 0) || !(opts.burst >= 1))
      throw new RangeError(`pacer needs rate > 0 and burst >= 1 (got ${opts.rate}, ${opts.burst})`);
    this.clock = opts.clock;
    this.lastRefill = opts.clock.now();
    this.tokens = opts.burst;
    if (opts.cluster) {
      this.clustered = true;
      const step = clusterRefill(opts);
      this.refillMs = step.intervalMs;
      // Our own connection (bottleneck duplicates it for its subscriber): stop() closes both.
      const client = new Redis(opts.cluster.url, { maxRetriesPerRequest: null });
      this.connection = new Bottleneck.IORedisConnection({ client });
      this.fallback = new Pacer({ rate: opts.rate, burst: opts.burst, clock: opts.clock });
      const state = opts.cluster.redis;
      state?.watch(client);
      client.on("ready", () => this.clusterAnswers(true));
      for (const e of ["error", "end", "close"]) client.on(e, () => this.clusterAnswers(false));
      this.probe(client, state);
      this.limiter = new Bottleneck({
        id: opts.cluster.id,
        datastore: "ioredis",
        connection: this.connection,
        clearDatastore: false,
        reservoir: step.maximum,
        reservoirIncreaseInterval: step.intervalMs,
        reservoirIncreaseAmount: step.amount,
        reservoirIncreaseMaximum: step.maximum,
      });
    } else {
      this.clustered = false;
      this.connection = undefined;
      this.fallback = undefined;
      this.refillMs = Math.max(LOCAL_REFILL_MIN_MS, 1000 / opts.rate);
      this.limiter = new Bottleneck({ reservoir: opts.burst, minTime: 0 });
      this.scheduleRefill();
    }
    // Job errors reach the caller through schedule(); bottleneck's own (its Redis heartbeat failing) are a Redis outage.
    this.limiter.on("error", (err: unknown) => opts.cluster?.redis?.result(err));
  }

  /**
   * Resolves once `weight` tokens are spent; rejects with PacerStopped after stop(). A weight
   * over what the bucket can hold (a JOIN on a burst of 1) takes a full bucket and leaves the
   * rest as debt, which the next request waits for.
   */
  async acquire(weight = 1, priority: number = PRIORITY.line): Promise<void> {
    if (this.stopped) throw new PacerStopped("pacer stopped");
    if (this.fallback) return this.acquireShared(this.fallback, weight, priority);
    unstickAfterWallStep(this.limiter);
    const take = Math.min(weight, this.capacity);
    try {
      await this.limiter.schedule({ weight: take, priority }, () => Promise.resolve());
    } catch (err) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may run while schedule() waited (TypeScript keeps the narrowing across await)
      if (this.stopped) throw new PacerStopped("pacer stopped", { cause: err });
      throw err;
    }
    if (!this.clustered) this.tokens -= take;
    if (weight > take) this.charge(weight - take);
  }

  /**
   * In a cluster: from the shared bucket while its Redis answers, else from the in-process one. A
   * request waiting on Redis when it stops answering is taken from the in-process bucket instead
   * (bottleneck cannot withdraw it: if Redis comes back, it spends a shared token for nothing).
   */
  private async acquireShared(fallback: Pacer, weight: number, priority: number): Promise<void> {
    if (!this.clusterUp) return fallback.acquire(weight, priority);
    const take = Math.min(weight, this.capacity);
    const shared = this.limiter.schedule({ weight: take, priority }, () => Promise.resolve()).then(() => true);
    let down: (() => void) | undefined;
    const wentDown = new Promise<false>((resolve) => {
      down = () => resolve(false);
      this.onClusterDown.add(down);
    });
    let got: boolean;
    try {
      got = await Promise.race([shared, wentDown]);
    } catch (err) {
      if (this.stopped) throw new PacerStopped("pacer stopped", { cause: err });
      throw err;
    } finally {
      if (down) this.onClusterDown.delete(down);
    }
    if (!got) {
      shared.catch(() => undefined); // rejected at stop(), nobody waits for it any more
      return fallback.acquire(weight, priority);
    }
    if (weight > take) this.charge(weight - take);
  }

  /** In a cluster: its Redis answered (or failed); waiting requests move to the in-process bucket when it fails. */
  private clusterAnswers(up: boolean): void {
    if (this.clusterUp === up) return;
    this.clusterUp = up;
    if (up) return;
    for (const f of [...this.onClusterDown]) f();
  }

  /** The most tokens the bucket holds. */
  private get capacity(): number {
    return this.clustered ? clusterRefill(this.opts).maximum : this.opts.burst;
  }

  /** Gives back tokens taken for a line that was not sent after all. */
  refund(weight = 1): void {
    if (this.stopped) return;
    if (this.fallback && !this.clusterUp) this.fallback.refund(weight);
    else if (!this.clustered) {
      const incr = Math.min(weight, this.opts.burst - this.tokens);
      if (incr <= 0) return;
      this.tokens += incr;
      void this.limiter.incrementReservoir(incr);
    } else void this.limiter.incrementReservoir(weight);
  }

  /**
   * Charges a line written outside the pacer (irc-framework's registration, PONG):
   * the server counts those too. The debt is bounded by one burst.
   */
  charge(weight = 1): void {
    if (this.stopped) return;
    if (this.fallback && !this.clusterUp) this.fallback.charge(weight);
    else if (!this.clustered) {
      const incr = -Math.min(weight, Math.max(0, this.tokens + this.opts.burst));
      if (incr === 0) return;
      this.tokens += incr;
      void this.limiter.incrementReservoir(incr);
    } else void this.limiter.incrementReservoir(-weight);
  }

  /** About how many lines can leave within `ms` from now (tokens in hand plus the refill). */
  linesWithin(ms: number): number {
    const inHand = this.clustered ? this.opts.burst : Math.max(0, this.tokens);
    return Math.max(0, Math.floor(inHand + (this.opts.rate * ms) / 1000));
  }

  /** Milliseconds until a token may be had (0: now). In a cluster, 0: Redis decides. */
  msUntilToken(): number {
    if (this.clustered || this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.opts.rate) + this.refillMs;
  }

  get rate(): number {
    return this.opts.rate;
  }

  /** Rejects the waiting requests and releases bottleneck (and the Redis connection). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.refillTimer?.cancel();
    clearInterval(this.probeTimer);
    this.opts.cluster?.redis?.close();
    await this.fallback?.stop();
    // Bounded: with the cluster's Redis down, bottleneck's stop and a flushing disconnect wait for it for ever.
    await bounded(this.limiter.stop({ dropWaitingJobs: true }));
    // A limiter on a connection it was given leaves that connection open: close it here (without
    // flushing when Redis does not answer: nothing would).
    const flush = this.clusterUp;
    await bounded(Promise.resolve(this.connection ? this.connection.disconnect(flush) : this.limiter.disconnect(flush)));
  }

  /** See CLUSTER_PROBE_MS. On the real clock: it is about Redis, not the flow's time. */
  private probe(client: Redis, state: RedisUseState | undefined): void {
    let waiting = false;
    this.probeTimer = setInterval(() => {
      if (waiting || client.status !== "ready") return;
      waiting = true;
      const late = setTimeout(() => {
        this.clusterAnswers(false);
        state?.result(new Error(`no answer to PING within ${CLUSTER_PROBE_TIMEOUT_MS} ms`));
      }, CLUSTER_PROBE_TIMEOUT_MS);
      client.ping().then(
        () => {
          clearTimeout(late);
          waiting = false;
          this.clusterAnswers(true);
          state?.result();
        },
        (err: unknown) => {
          clearTimeout(late);
          waiting = false;
          this.clusterAnswers(false);
          state?.result(err);
        },
      );
    }, CLUSTER_PROBE_MS);
    this.probeTimer.unref();
  }

  private scheduleRefill(): void {
    this.refillTimer = this.clock.setTimer(() => this.refill(), this.refillMs);
  }

  private refill(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const add = ((now - this.lastRefill) * this.opts.rate) / 1000;
    this.lastRefill = now;
    const incr = Math.min(add, this.opts.burst - this.tokens);
    unstickAfterWallStep(this.limiter);
    if (incr > 0) {
      this.tokens += incr;
      void this.limiter.incrementReservoir(incr);
    }
    this.scheduleRefill();
  }
}

/** The cluster's refill step: a multiple of 5,000 ms, an integer amount not over the rate. */
export function clusterRefill(p: PaceConfig): { intervalMs: number; amount: number; maximum: number } {
  const perToken = 1000 / p.rate;
  const intervalMs = Math.max(1, Math.ceil(perToken / CLUSTER_REFILL_STEP_MS)) * CLUSTER_REFILL_STEP_MS;
  const amount = Math.max(1, Math.floor((p.rate * intervalMs) / 1000));
  return { intervalMs, amount, maximum: Math.max(p.burst, amount) };
}

/** See the module comment: with minTime 0, `_nextRequest` ahead of now only means the wall clock went back. */
function unstickAfterWallStep(limiter: Bottleneck): void {
  const store = (limiter as unknown as { _store?: { _nextRequest?: unknown } })._store;
  if (store && typeof store._nextRequest === "number") {
    const now = Date.now();
    if (store._nextRequest > now) store._nextRequest = now;
  }
}

/** How long stop() waits for bottleneck to let go (a cluster whose Redis is gone would keep it for ever). */
const STOP_WAIT_MS = 1000;

function bounded(p: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS))),
  ]).finally(() => clearTimeout(timer));
}
