/**
 * The Matrix transport under the flow layer: one lane per room. `ready` says
 * whether a room can take an event now (joined, not paused after a 403, the
 * account not held by a 429); `send` renders the line (a message's own, a digest,
 * a statistics line), threads it when the room wants, and sends it exactly once.
 * A 403 pauses the room and puts the line back; a 401 stops the account for good:
 * from then on every line is dropped at once with the reason "unauthorized".
 */
import { createHash } from "node:crypto";
import type { MatrixAccountConfig, MatrixRoomConfig } from "../../config/matrix.js";
import { renderMatrix } from "../../formatters/index.js";
import type { Filter } from "../filter.js";
import type { Outgoing, SendResult, Transport } from "../flow/transport.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { MatrixApi } from "./api.js";
import { artifactKey } from "./artifact.js";
import type { MatrixClock } from "./clock.js";
import { sendEvent } from "./delivery.js";
import type { Room } from "./rooms.js";
import type { ThreadStore } from "./threads.js";

export interface SinkRoom extends Room {
  readonly filter: Filter;
  /** The flow lane: the room as configured (id or alias). */
  readonly lane: string;
}

export interface MatrixTransportOptions {
  readonly name: string;
  readonly config: MatrixAccountConfig;
  readonly api: MatrixApi;
  readonly rooms: readonly SinkRoom[];
  readonly threads: ThreadStore;
  readonly clock: MatrixClock;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Aborts sends in flight (the shutdown deadline, a 401). */
  readonly signal: AbortSignal;
  /** A 403 paused a room: it should be joined again too (a kick /sync did not report). */
  readonly onForbidden: (room: SinkRoom) => void;
  /** 401: the account is done. */
  readonly onUnauthorized: (reason: string) => void;
}

export class MatrixTransport implements Transport {
  /** Set once the account is checked and the rooms joined. */
  started = false;
  /** The reason of a 401; from then on every line is dropped. */
  dead: string | null = null;
  /** A 429 holds every room of the account until then (monotonic ms). */
  blockedUntil = 0;
  /** Sends under way (benchmarks on a virtual clock wait for them). */
  inFlight = 0;
  private readonly byLane: Map<string, SinkRoom>;

  constructor(private readonly o: MatrixTransportOptions) {
    this.byLane = new Map(o.rooms.map((r) => [r.lane, r]));
  }

  ready(lane: string): boolean {
    const room = this.byLane.get(lane);
    if (!room) return false;
    // A dead account or an encrypted room takes lines only to refuse them with the reason, at once.
    if (this.dead !== null || room.encrypted) return true;
    const now = this.o.clock.now();
    return this.started && room.joined && room.pausedUntil <= now && this.blockedUntil <= now;
  }

  /** Joined (pauses after a 403 or a 429 are waits, not unavailability); a dead account or an encrypted room refuses at once anyway. */
  available(lane: string): boolean {
    const room = this.byLane.get(lane);
    if (!room) return false;
    // Before the start is over (the account checked, the rooms joined), lines wait for it without
    // counting as unavailable: no warning at every start. The sink's /readyz entry says "starting"
    // meanwhile, and the start is bounded (request_timeout_ms, retry.max_attempts); a start that
    // fails stops the bot.
    return this.dead !== null || room.encrypted || !this.started || room.joined;
  }

  async send(out: Outgoing): Promise<SendResult> {
    this.inFlight++;
    try {
      return await this.sendLine(out);
    } finally {
      this.inFlight--;
    }
  }

  private async sendLine(out: Outgoing): Promise<SendResult> {
    const room = this.byLane.get(out.lane);
    if (!room) return { dropped: "rejected" };
    if (this.dead !== null) return { dropped: "unauthorized" };
    if (room.encrypted) return { dropped: "rejected" };
    const { config, log, metrics, api, clock } = this.o;
    const fields = { sink: this.o.name, room: room.lane, kind: out.kind, topic: out.topic, msg_id: out.msg?.id ?? null, count: out.count };
    const content: Record<string, unknown> = {
      ...renderMatrix(out.summary, { template: room.config.template, msgtype: config.msgtype, serviceColors: config.service_colors }),
    };
    const key = out.kind === "single" && out.msg && room.config.thread_by === "artifact" ? artifactKey(out.msg) : null;
    const thread =
      key === null
        ? undefined
        : await this.o.threads.get(room.id, key).catch((err: unknown) => {
            log.warn({ ...fields, reason: String(err) }, "cannot read the thread store; sent outside the thread");
            return undefined;
          });
    if (thread)
      content["m.relates_to"] = {
        rel_type: "m.thread",
        event_id: thread.root,
        is_falling_back: true,
        "m.in_reply_to": { event_id: thread.last },
      };
    const outcome = await sendEvent(room.id, transactionId(room.id, out.key), content, {
      api,
      clock,
      retry: config.retry,
      log,
      logFields: fields,
      signal: this.o.signal,
      onRetry: (reason) => metrics.inc("matrix_retries", { sink: this.o.name, reason }),
      // A hostile or broken server's retry_after_ms (1e15) must not silence the account for ever.
      onRateLimited: (until) => (this.blockedUntil = Math.max(this.blockedUntil, Math.min(until, clock.now() + config.retry.max_wait_ms))),
    });
    metrics.inc("matrix_attempts", { sink: this.o.name }, outcome.attempts);
    switch (outcome.kind) {
      case "sent":
        log.debug({ ...fields, event_id: outcome.eventId, attempts: outcome.attempts, thread: thread?.root ?? null }, "event sent");
        if (key !== null) {
          await this.o.threads
            .set(room.id, key, { root: thread?.root ?? outcome.eventId, last: outcome.eventId })
            .catch((err: unknown) => log.warn({ ...fields, reason: String(err) }, "cannot write the thread store"));
        }
        return "sent";
      case "forbidden":
        // Kicked, banned or muted: the line goes back to the head of its lane while the room is paused.
        room.pausedUntil = clock.now() + config.forbidden_retry_ms;
        metrics.inc("matrix_forbidden", { sink: this.o.name, room: room.lane });
        log.warn(
          { ...fields, reason: outcome.reason, retry_in_ms: config.forbidden_retry_ms },
          "the room refused the event (403); room paused, its lines wait",
        );
        this.o.onForbidden(room);
        return "requeue";
      case "unauthorized":
        this.o.onUnauthorized(outcome.reason);
        return { dropped: "unauthorized" };
      case "rejected":
        return { dropped: "rejected" };
      case "gave-up":
        return { dropped: "gave_up" };
      case "aborted":
        // The shutdown deadline (the flow drops what is left) or a 401 seen by /sync meanwhile.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by /sync while sendEvent waited (TypeScript keeps the narrowing across await)
        return { dropped: this.dead !== null ? "unauthorized" : "shutdown" };
    }
  }
}

/**
 * Stable over retries and restarts: the same line (a message's id, a digest's content and time
 * range, as the flow layer keys them) in the same room always has the same transaction id, so the
 * homeserver stores it once per access token.
 */
export function transactionId(roomId: string, lineKey: string): string {
  return `fe${createHash("sha256").update(`fedmsg-echo\n${roomId}\n${lineKey}`).digest("hex").slice(0, 40)}`;
}

export type { MatrixRoomConfig };
