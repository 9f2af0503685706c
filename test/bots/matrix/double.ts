/**
 * A Matrix client-server API double on node:http, faithful where the bot depends
 * on it (Synapse's behaviour): Bearer tokens (401 M_UNKNOWN_TOKEN), whoami,
 * alias resolution (404 M_NOT_FOUND), join with invite-only rooms and bans (403),
 * room state (m.room.encryption), `PUT /rooms/{id}/send/m.room.message/{txnId}`
 * idempotent per access token and txnId, `m.relates_to` threads (the root must be
 * in the room and not in a thread itself), membership and power levels (403),
 * Synapse's per-user message rate limit (a burst, then a rate) answered with 429
 * M_LIMIT_EXCEEDED and `retry_after_ms`, /sync with invites and kicks (long poll),
 * and switchable faults: 5xx with JSON or HTML bodies, hangs, resets before or
 * after the event is stored, 429s. Its clock is injectable.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DoubleServer, FaultQueue, headerOf, playHttpFault, readBody, strikesBefore, type HttpFault } from "../../helpers/http-double.js";

export type Route = "whoami" | "alias" | "join" | "state" | "send" | "sync";

export type Fault =
  /** An error page (Synapse's JSON, or HTML from the proxy in front), a hang, a reset; `after`: the event was stored first. */
  | HttpFault
  /** 429 M_LIMIT_EXCEEDED with retry_after_ms (or only a Retry-After header in seconds). */
  | { readonly kind: "rate-limit"; readonly retryAfterMs: number; readonly headerOnly?: boolean };

export interface StoredEvent {
  readonly event_id: string;
  readonly room_id: string;
  readonly sender: string;
  readonly type: string;
  readonly content: Record<string, unknown>;
  readonly txnId: string;
  readonly at: number;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: Route | null;
  readonly at: number;
  /** HTTP status answered; 0 for a hang or a reset. */
  status: number;
  readonly txnId: string | null;
  readonly fault: Fault["kind"] | null;
  /** The retry_after_ms of a 429. */
  retryAfterMs?: number;
}

interface Room {
  readonly id: string;
  readonly aliases: string[];
  readonly inviteOnly: boolean;
  encryption: Record<string, unknown> | null;
  readonly members: Map<string, "join" | "invite" | "leave" | "ban">;
  /** Users whose power level is below the level to post. */
  readonly muted: Set<string>;
}

interface StreamItem {
  readonly pos: number;
  readonly user: string;
  readonly room: string;
  readonly membership: "invite" | "leave" | "ban";
  readonly sender: string;
  readonly reason?: string;
}

export interface DoubleOptions {
  readonly now?: () => number;
  readonly serverName?: string;
  /** Token -> user (and device). Default: "good-token" for @bot:double.test. */
  readonly tokens?: Readonly<Record<string, { readonly user_id: string; readonly device_id?: string }>>;
  /** Synapse's rc_message per user; null: no limit. Default: 0.2/s, burst 10 (Synapse's default). */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number } | null;
}

const PREFIX = "/_matrix/client/v3/";
/** Synapse refuses an event whose JSON is over 65,536 bytes. */
const EVENT_MAX_BYTES = 65_536;

export class MatrixDouble {
  readonly events: StoredEvent[] = [];
  readonly requests: LoggedRequest[] = [];
  /** Every filter the bot sent to /sync, parsed. */
  readonly filters: unknown[] = [];
  url = "";
  /** Called as each event is stored (benchmarks time it). */
  onStored: ((e: StoredEvent) => void) | undefined;
  readonly serverName: string;
  private readonly server = new DoubleServer((req, res) => this.handle(req, res));
  private readonly rooms = new Map<string, Room>();
  private readonly tokens: Map<string, { user_id: string; device_id?: string }>;
  private readonly faults = new FaultQueue<Route, Fault>();
  private readonly txns = new Map<string, string>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly stream: StreamItem[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly now: () => number;
  private readonly rateLimit: { perSecond: number; burst: number } | null;

  constructor(options: DoubleOptions = {}) {
    this.now = options.now ?? Date.now;
    this.serverName = options.serverName ?? "double.test";
    this.tokens = new Map(
      Object.entries(options.tokens ?? { "good-token": { user_id: `@bot:${this.serverName}`, device_id: "BOTDEVICE" } }),
    );
    this.rateLimit = options.rateLimit === undefined ? { perSecond: 0.2, burst: 10 } : options.rateLimit;
  }

  async start(): Promise<this> {
    this.url = await this.server.start();
    return this;
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w();
    await this.server.close();
  }

  /** A room; returns its id. `alias` is a full alias (#name:server). */
  createRoom(o: { id?: string; alias?: string; inviteOnly?: boolean; encrypted?: boolean } = {}): string {
    const id = o.id ?? `!${randomBytes(9).toString("base64url")}:${this.serverName}`;
    this.rooms.set(id, {
      id,
      aliases: o.alias ? [o.alias] : [],
      inviteOnly: o.inviteOnly ?? false,
      encryption: o.encrypted ? { algorithm: "m.megolm.v1.aes-sha2", rotation_period_ms: 604_800_000 } : null,
      members: new Map(),
      muted: new Set(),
    });
    return id;
  }

  invite(roomId: string, user: string, sender = `@admin:${this.serverName}`): void {
    this.room(roomId).members.set(user, "invite");
    this.publish({ user, room: roomId, membership: "invite", sender });
  }

  kick(roomId: string, user: string, reason = "spam", sender = `@admin:${this.serverName}`): void {
    this.room(roomId).members.set(user, "leave");
    this.publish({ user, room: roomId, membership: "leave", sender, reason });
  }

  ban(roomId: string, user: string, sender = `@admin:${this.serverName}`): void {
    this.room(roomId).members.set(user, "ban");
    this.publish({ user, room: roomId, membership: "ban", sender });
  }

  unban(roomId: string, user: string): void {
    this.room(roomId).members.set(user, "leave");
  }

  /** Power levels: `muted` users may not post (403). */
  mute(roomId: string, user: string, muted = true): void {
    if (muted) this.room(roomId).muted.add(user);
    else this.room(roomId).muted.delete(user);
  }

  membership(roomId: string, user: string): string | undefined {
    return this.rooms.get(roomId)?.members.get(user);
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  /** Queue faults for the next requests to `route`; each is used once. */
  fault(route: Route, ...faults: Fault[]): void {
    this.faults.add(route, ...faults);
  }

  /** The events of one room, in order. */
  eventsIn(roomId: string): StoredEvent[] {
    return this.events.filter((e) => e.room_id === roomId);
  }

  rateLimited(): number {
    return this.requests.filter((r) => r.status === 429 && r.fault === null).length;
  }

  private room(id: string): Room {
    const r = this.rooms.get(id);
    if (!r) throw new Error(`no room ${id}`);
    return r;
  }

  private publish(item: Omit<StreamItem, "pos">): void {
    this.stream.push({ ...item, pos: this.stream.length + 1 });
    for (const w of [...this.waiters]) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const url = new URL(req.url ?? "/", "http://double");
    const body = await readBody(req);
    const parts = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length).split("/").map(decodeURIComponent) : [];
    const [route, args] = routeOf(req.method ?? "", parts);
    const fault = route ? this.faults.take(route) : null;
    const txnId = route === "send" ? (args[2] ?? null) : null;
    const log: LoggedRequest = { method: req.method ?? "", path: url.pathname, route, at, status: 0, txnId, fault: fault?.kind ?? null };
    this.requests.push(log);
    const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      log.status = status;
      const after = (json as { retry_after_ms?: unknown } | null)?.retry_after_ms;
      if (typeof after === "number") log.retryAfterMs = after;
      res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(json));
    };
    // Faults of the proxy in front of the homeserver happen before it runs.
    if (fault && strikesBefore(fault)) {
      this.applyFault(fault, res, log);
      return;
    }
    const token = /^Bearer (.+)$/.exec(headerOf(req, "authorization") ?? "")?.[1] ?? url.searchParams.get("access_token") ?? undefined;
    if (route === null) {
      send(404, { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
      return;
    }
    if (token === undefined) {
      send(401, { errcode: "M_MISSING_TOKEN", error: "Missing access token" });
      return;
    }
    const who = this.tokens.get(token);
    if (!who) {
      send(401, { errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token passed.", soft_logout: false });
      return;
    }

    let result: { status: number; json: unknown; headers?: Record<string, string> };
    if (route === "whoami")
      result = { status: 200, json: { user_id: who.user_id, ...(who.device_id ? { device_id: who.device_id } : {}), is_guest: false } };
    else if (route === "alias") result = this.resolve(args[0] ?? "");
    else if (route === "join") result = this.join(args[0] ?? "", who.user_id);
    else if (route === "state") result = this.state(args[0] ?? "", args[1] ?? "", who.user_id);
    else if (route === "send") result = this.sendEvent(args, body, who.user_id, token, at);
    else {
      const filter = url.searchParams.get("filter");
      if (filter?.startsWith("{")) {
        try {
          this.filters.push(JSON.parse(filter));
        } catch {
          send(400, { errcode: "M_NOT_JSON", error: "filter is not JSON" });
          return;
        }
      }
      result = await this.sync(who.user_id, url.searchParams.get("since"), Number(url.searchParams.get("timeout") ?? 0), res);
    }
    if (fault) {
      this.applyFault(fault, res, log);
      return;
    } // after the homeserver did its work
    send(result.status, result.json, result.headers);
  }

  private applyFault(fault: Fault, res: ServerResponse, log: LoggedRequest): void {
    if (fault.kind === "rate-limit") {
      log.status = 429;
      const json = fault.headerOnly
        ? { errcode: "M_LIMIT_EXCEEDED", error: "Too Many Requests" }
        : { errcode: "M_LIMIT_EXCEEDED", error: "Too Many Requests", retry_after_ms: fault.retryAfterMs };
      res
        .writeHead(429, {
          "Content-Type": "application/json",
          ...(fault.headerOnly ? { "Retry-After": String(Math.ceil(fault.retryAfterMs / 1000)) } : {}),
        })
        .end(JSON.stringify(json));
      return;
    }
    log.status = playHttpFault(this.server, fault, res, (message) => ({ errcode: "M_UNKNOWN", error: message ?? "Internal server error" }));
  }

  private resolve(alias: string): { status: number; json: unknown } {
    const room = [...this.rooms.values()].find((r) => r.aliases.includes(alias));
    if (!room) return { status: 404, json: { errcode: "M_NOT_FOUND", error: `Room alias ${alias} not found` } };
    return { status: 200, json: { room_id: room.id, servers: [this.serverName] } };
  }

  private join(target: string, user: string): { status: number; json: unknown } {
    const room = target.startsWith("#") ? [...this.rooms.values()].find((r) => r.aliases.includes(target)) : this.rooms.get(target);
    if (!room) return { status: 404, json: { errcode: "M_NOT_FOUND", error: "No known servers" } };
    const m = room.members.get(user);
    if (m === "ban") return { status: 403, json: { errcode: "M_FORBIDDEN", error: "You are banned from the room" } };
    if (room.inviteOnly && m !== "invite" && m !== "join")
      return { status: 403, json: { errcode: "M_FORBIDDEN", error: "You are not invited to this room." } };
    room.members.set(user, "join");
    return { status: 200, json: { room_id: room.id } };
  }

  private state(roomId: string, type: string, user: string): { status: number; json: unknown } {
    const room = this.rooms.get(roomId);
    if (!room || room.members.get(user) !== "join")
      return { status: 403, json: { errcode: "M_FORBIDDEN", error: `User ${user} not in room ${roomId}` } };
    if (type === "m.room.encryption" && room.encryption) return { status: 200, json: room.encryption };
    return { status: 404, json: { errcode: "M_NOT_FOUND", error: "Event not found." } };
  }

  private sendEvent(
    args: string[],
    body: Buffer,
    user: string,
    token: string,
    at: number,
  ): { status: number; json: unknown; headers?: Record<string, string> } {
    const [roomId = "", type = "", txnId = ""] = args;
    // Synapse answers a repeated transaction from its cache, before any other check.
    const done = this.txns.get(`${token}\n${txnId}`);
    if (done) return { status: 200, json: { event_id: done } };
    if (body.length > EVENT_MAX_BYTES) return { status: 413, json: { errcode: "M_TOO_LARGE", error: "Event too large" } };
    let content: unknown;
    try {
      content = JSON.parse(body.toString("utf8"));
    } catch {
      return { status: 400, json: { errcode: "M_NOT_JSON", error: "Content not JSON." } };
    }
    if (typeof content !== "object" || content === null || Array.isArray(content))
      return { status: 400, json: { errcode: "M_BAD_JSON", error: "Content must be a JSON object." } };
    const c = content as Record<string, unknown>;
    if (type === "m.room.message" && (typeof c.body !== "string" || typeof c.msgtype !== "string"))
      return { status: 400, json: { errcode: "M_BAD_JSON", error: "body and msgtype must be strings" } };
    const room = this.rooms.get(roomId);
    if (!room || room.members.get(user) !== "join")
      return { status: 403, json: { errcode: "M_FORBIDDEN", error: `User ${user} not in room ${roomId}` } };
    if (room.muted.has(user))
      return {
        status: 403,
        json: { errcode: "M_FORBIDDEN", error: "You don't have permission to post that to the room. user_level (0) < send_level (50)" },
      };
    const rel = c["m.relates_to"] as { rel_type?: unknown; event_id?: unknown } | undefined;
    if (rel?.rel_type === "m.thread") {
      const root = this.events.find((e) => e.event_id === rel.event_id);
      if (!root || root.room_id !== roomId)
        return { status: 400, json: { errcode: "M_UNKNOWN", error: "Thread root not found in this room" } };
      if ((root.content["m.relates_to"] as { rel_type?: unknown } | undefined)?.rel_type === "m.thread")
        return { status: 400, json: { errcode: "M_UNKNOWN", error: "Cannot start threads from an event with a relation" } };
    }
    const wait = this.takeToken(user, at);
    if (wait > 0) return { status: 429, json: { errcode: "M_LIMIT_EXCEEDED", error: "Too Many Requests", retry_after_ms: wait } };
    const event: StoredEvent = {
      event_id: `$${randomBytes(12).toString("base64url")}`,
      room_id: roomId,
      sender: user,
      type,
      content: c,
      txnId,
      at,
    };
    this.events.push(event);
    this.onStored?.(event);
    this.txns.set(`${token}\n${txnId}`, event.event_id);
    return { status: 200, json: { event_id: event.event_id } };
  }

  /** Synapse's leaky bucket: ms until one more message is allowed (0: allowed, and taken). */
  private takeToken(user: string, at: number): number {
    if (!this.rateLimit) return 0;
    const { perSecond, burst } = this.rateLimit;
    const b = this.buckets.get(user) ?? { tokens: burst, at };
    b.tokens = Math.min(burst, b.tokens + ((at - b.at) / 1000) * perSecond);
    b.at = at;
    this.buckets.set(user, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / perSecond) * 1000);
  }

  private async sync(
    user: string,
    since: string | null,
    timeoutMs: number,
    res: ServerResponse,
  ): Promise<{ status: number; json: unknown }> {
    const from = since === null ? null : Number(since);
    const items = (): StreamItem[] => this.stream.filter((s) => s.user === user && s.pos > (from ?? 0));
    if (from !== null && items().length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          res.off("close", done);
          resolve();
        };
        const wake = (): void => {
          if (items().length > 0 || !res.writable) done();
        };
        const timer = setTimeout(done, timeoutMs);
        this.waiters.add(wake);
        res.on("close", done);
      });
    }
    const invite: Record<string, unknown> = {};
    const leave: Record<string, unknown> = {};
    for (const s of from === null ? [] : items()) {
      const event = {
        type: "m.room.member",
        state_key: user,
        sender: s.sender,
        content: { membership: s.membership, ...(s.reason ? { reason: s.reason } : {}) },
      };
      if (s.membership === "invite") invite[s.room] = { invite_state: { events: [event] } };
      else leave[s.room] = { timeline: { events: [event] }, state: { events: [] } };
    }
    // An initial sync lists the invites still pending, as Synapse does.
    if (from === null) {
      for (const r of this.rooms.values()) {
        if (r.members.get(user) === "invite")
          invite[r.id] = {
            invite_state: {
              events: [{ type: "m.room.member", state_key: user, sender: `@admin:${this.serverName}`, content: { membership: "invite" } }],
            },
          };
      }
    }
    return { status: 200, json: { next_batch: String(this.stream.length), rooms: { invite, leave, join: {} } } };
  }
}

function routeOf(method: string, p: string[]): [Route | null, string[]] {
  if (method === "GET" && p[0] === "account" && p[1] === "whoami" && p.length === 2) return ["whoami", []];
  if (method === "GET" && p[0] === "directory" && p[1] === "room" && p.length === 3) return ["alias", [p[2] ?? ""]];
  if (method === "POST" && p[0] === "join" && p.length === 2) return ["join", [p[1] ?? ""]];
  if (method === "GET" && p[0] === "rooms" && p[2] === "state" && (p.length === 4 || (p.length === 5 && p[4] === "")))
    return ["state", [p[1] ?? "", p[3] ?? ""]];
  if (method === "PUT" && p[0] === "rooms" && p[2] === "send" && p.length === 5) return ["send", [p[1] ?? "", p[3] ?? "", p[4] ?? ""]];
  if (method === "GET" && p[0] === "sync" && p.length === 1) return ["sync", []];
  return [null, []];
}
