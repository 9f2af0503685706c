/**
 * A light /sync loop that keeps the configured rooms joined: an invite to one of
 * them is accepted, a kick (or a ban) is followed by a join after a delay (retried
 * slowly while refused), and a room that turns encryption on is paused for good.
 * The filter asks for membership and encryption events only, and nothing else.
 */
import type { MatrixAccountConfig } from "../../config/matrix.js";
import type { Logger } from "../log.js";
import type { MatrixClock as Clock } from "./clock.js";
import type { MatrixApi, SyncEvent, SyncResponse } from "./api.js";
import { backoffMs } from "../backoff.js";
import { classify } from "./errors.js";
import { encryptedMessage, type Room } from "./rooms.js";

/** Failed syncs back off up to this long. */
export const SYNC_BACKOFF_MAX_MS = 60_000;
const SYNC_BACKOFF_MS = 1000;

/** Only what the loop reads: our membership changes and encryption being turned on. */
export const SYNC_FILTER = JSON.stringify({
  presence: { types: [] },
  account_data: { types: [] },
  room: {
    timeline: { types: ["m.room.member", "m.room.encryption"], limit: 10 },
    state: { types: ["m.room.encryption"] },
    ephemeral: { types: [] },
    account_data: { types: [] },
  },
});

export interface SyncDeps {
  readonly api: MatrixApi;
  readonly config: MatrixAccountConfig;
  readonly rooms: readonly Room[];
  readonly userId: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly sink: string;
  readonly signal: AbortSignal;
  /** The token was refused (401): the sink stops. */
  readonly onUnauthorized: (reason: string) => void;
  /** A room became ready again (joined): its events may go. */
  readonly onReady: () => void;
}

export class SyncLoop {
  /** Pending joins by room. */
  private readonly rejoining = new Map<Room, NodeJS.Timeout>();
  private loop: Promise<void> | undefined;
  private since: string | undefined;

  constructor(private readonly d: SyncDeps) {}

  /**
   * The first sync, right after the joins, so that the loop follows from that point: a kick
   * that comes while the bot starts is seen. A failure here is left to the loop.
   */
  async prime(): Promise<void> {
    try {
      const r = await this.d.api.sync({ filter: SYNC_FILTER, timeoutMs: 0 }, this.d.signal);
      this.apply(r, true);
      this.since = r.next_batch;
    } catch (err) {
      if (!this.d.signal.aborted)
        this.d.log.warn({ sink: this.d.sink, reason: classify(err).reason }, "first Matrix /sync failed; the loop retries");
    }
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves when the loop has ended (the signal aborted). */
  async stopped(): Promise<void> {
    for (const t of this.rejoining.values()) clearTimeout(t);
    this.rejoining.clear();
    await this.loop;
  }

  /** Join again after `delayMs`, then every forbidden_retry_ms while refused. `now`: an invite, join at once. */
  rejoinLater(room: Room, delayMs: number, now = false): void {
    const pending = this.rejoining.get(room);
    if ((pending && !now) || this.d.signal.aborted) return;
    clearTimeout(pending);
    const timer = setTimeout(() => void this.rejoin(room), now ? 0 : delayMs);
    this.rejoining.set(room, timer);
  }

  private async rejoin(room: Room): Promise<void> {
    const { api, log, sink, signal, config } = this.d;
    try {
      await api.join(room.id, room.via, signal);
      const enc = await api.encryption(room.id, signal);
      this.rejoining.delete(room);
      if (enc !== null) {
        this.encrypted(room, enc);
        return;
      }
      room.joined = true;
      room.pausedUntil = 0;
      log.info({ sink, room: room.config.room, room_id: room.id }, "Matrix room joined again");
      this.d.onReady();
    } catch (err) {
      this.rejoining.delete(room);
      if (signal.aborted) return;
      const f = classify(err);
      if (f.kind === "unauthorized") {
        this.d.onUnauthorized(f.reason);
        return;
      }
      log.warn(
        { sink, room: room.config.room, reason: f.reason, retry_in_ms: config.forbidden_retry_ms },
        "cannot join the room again yet; retrying slowly",
      );
      this.rejoinLater(room, config.forbidden_retry_ms);
    }
  }

  private encrypted(room: Room, content: Record<string, unknown>): void {
    room.encrypted = true;
    room.joined = false;
    this.d.log.error(
      { sink: this.d.sink, room: room.config.room, room_id: room.id },
      `Matrix room paused for good: ${encryptedMessage(content)}`,
    );
  }

  private async run(): Promise<void> {
    const { api, config, clock, log, sink, signal } = this.d;
    let failures = 0;
    while (!signal.aborted) {
      const since = this.since;
      try {
        const r = await api.sync(
          { ...(since !== undefined ? { since } : {}), filter: SYNC_FILTER, timeoutMs: since === undefined ? 0 : config.sync_timeout_ms },
          signal,
        );
        failures = 0;
        this.apply(r, since === undefined);
        this.since = r.next_batch;
      } catch (err) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborted while the await above waited (TypeScript keeps the loop's narrowing across await)
        if (signal.aborted) return;
        const f = classify(err);
        if (f.kind === "unauthorized") {
          this.d.onUnauthorized(f.reason);
          return;
        }
        const wait =
          f.kind === "rate-limited" && f.waitMs !== null ? f.waitMs : backoffMs(++failures, SYNC_BACKOFF_MS, SYNC_BACKOFF_MAX_MS);
        log.warn({ sink, reason: f.reason, retry_in_ms: wait }, "Matrix /sync failed; retrying");
        try {
          await clock.sleep(wait, signal);
        } catch {
          return;
        }
      }
    }
  }

  private apply(r: SyncResponse, initial: boolean): void {
    const { log, sink, userId, config } = this.d;
    const byId = (id: string): Room | undefined => this.d.rooms.find((x) => x.id === id);
    for (const id of Object.keys(r.rooms?.invite ?? {})) {
      const room = byId(id);
      if (!room) {
        log.info({ sink, room_id: id }, "invited to a room that is not configured; ignored");
        continue;
      }
      if (room.joined || room.encrypted) continue;
      log.info({ sink, room: room.config.room, room_id: id }, "invited to a configured room; joining");
      this.rejoinLater(room, 0, true);
    }
    // An initial sync lists rooms left long ago; only what happens from now on counts.
    if (initial) return;
    for (const [id, left] of Object.entries(r.rooms?.leave ?? {})) {
      const room = byId(id);
      if (!room || room.encrypted) continue;
      const events: readonly SyncEvent[] = [...(left.timeline?.events ?? []), ...(left.state?.events ?? [])];
      const mine = events.filter((e) => e.type === "m.room.member" && e.state_key === userId).at(-1);
      const membership = mine?.content?.membership ?? "leave";
      room.joined = false;
      const delay = membership === "ban" ? config.forbidden_retry_ms : config.rejoin_after_kick_ms;
      log.warn(
        {
          sink,
          room: room.config.room,
          room_id: id,
          membership,
          by: mine?.sender ?? null,
          reason: mine?.content?.reason ?? null,
          rejoin_in_ms: delay,
        },
        membership === "ban"
          ? "banned from the Matrix room; its events wait, joining is retried slowly"
          : "removed from the Matrix room; joining again after a delay",
      );
      this.rejoinLater(room, delay);
    }
    for (const [id, joined] of Object.entries(r.rooms?.join ?? {})) {
      const room = byId(id);
      const j = joined as { timeline?: { events?: readonly SyncEvent[] }; state?: { events?: readonly SyncEvent[] } };
      const enc = [...(j.timeline?.events ?? []), ...(j.state?.events ?? [])].find((e) => e.type === "m.room.encryption");
      if (room && enc && !room.encrypted) this.encrypted(room, enc.content ?? {});
    }
  }
}
