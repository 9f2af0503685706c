/**
 * A Mastodon API double on node:http, faithful where the bot depends on it:
 * Bearer tokens with scopes (401, 403), verify_credentials, update_credentials,
 * /api/v2 and /api/v1 instance, POST /api/v1/statuses with Idempotency-Key (the
 * same key within the TTL returns the same status), length validation (422),
 * Mastodon's two rate limits as epoch-aligned fixed windows (300 requests per 5
 * minutes per account, 300 statuses per 3 hours) with X-RateLimit-* headers and
 * 429, and switchable faults. Its clock is injectable so tests can run 3-hour
 * windows in no time.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DoubleServer, FaultQueue, headerOf, playHttpFault, readBody, strikesBefore, type HttpFault } from "../../helpers/http-double.js";
import { hashtagsIn, mentionsIn, statusLength } from "./double-text.js";

export type Fault =
  /** An error page (JSON like Rails, or HTML like nginx in front of it), a hang, a reset; `after`: the status was stored first. */
  | HttpFault
  /** 429 with a reset time `resetInMs` from now, given as Mastodon's ISO-8601, epoch seconds, or Retry-After. */
  | { readonly kind: "rate-limit"; readonly resetInMs: number; readonly header?: "iso" | "epoch" | "retry-after" };

export interface DoubleToken {
  readonly scopes: readonly string[];
  readonly username?: string;
  readonly bot?: boolean;
}

export interface DoubleOptions {
  readonly now?: () => number;
  /** Token -> scopes; default: "good-token" with read and write. */
  readonly tokens?: Readonly<Record<string, DoubleToken>>;
  readonly maxCharacters?: number;
  readonly urlWeight?: number;
  readonly statusLimit?: number;
  readonly statusWindowMs?: number;
  readonly requestLimit?: number;
  readonly requestWindowMs?: number;
  readonly idempotencyTtlMs?: number;
  /** How X-RateLimit-Reset is written: Mastodon's ISO-8601, or epoch seconds like some other servers. */
  readonly resetFormat?: "iso" | "epoch";
  /** false: /api/v2/instance answers 404 (old servers). */
  readonly v2Instance?: boolean;
}

export interface StoredStatus {
  readonly id: string;
  readonly text: string;
  readonly spoilerText: string;
  readonly visibility: string;
  readonly language: string | null;
  readonly idempotencyKey: string | null;
  readonly account: string;
  readonly createdAt: number;
  readonly length: number;
  /** Accounts this status would notify. */
  readonly mentions: readonly string[];
  readonly tags: readonly string[];
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly at: number;
  /** HTTP status answered; 0 for a hang or a reset. */
  status: number;
  readonly idempotencyKey: string | null;
  readonly fault: Fault["kind"] | null;
}

const SCOPES_FOR: Record<string, readonly string[]> = {
  "GET /api/v1/accounts/verify_credentials": ["read", "read:accounts", "profile"],
  "PATCH /api/v1/accounts/update_credentials": ["write", "write:accounts"],
  "POST /api/v1/statuses": ["write", "write:statuses"],
};

export class MastodonDouble {
  readonly statuses: StoredStatus[] = [];
  readonly requests: LoggedRequest[] = [];
  /** Accounts' bot flags as set through update_credentials. */
  readonly bots = new Map<string, boolean>();
  url = "";
  private readonly server = new DoubleServer((req, res) => this.handle(req, res));
  private readonly faults = new FaultQueue<string, Fault>();
  private readonly keys = new Map<string, { status: StoredStatus; expires: number }>();
  private readonly windows = new Map<string, number>();
  private readonly o: Required<DoubleOptions>;
  private nextId = 110_000_000_000_000_000n;

  constructor(options: DoubleOptions = {}) {
    this.o = {
      now: Date.now,
      tokens: { "good-token": { scopes: ["read", "write"], username: "fedora-firehose" } },
      maxCharacters: 500,
      urlWeight: 23,
      statusLimit: 300,
      statusWindowMs: 3 * 3600_000,
      requestLimit: 300,
      requestWindowMs: 300_000,
      idempotencyTtlMs: 3600_000,
      resetFormat: "iso",
      v2Instance: true,
      ...options,
    };
  }

  async start(): Promise<this> {
    this.url = await this.server.start();
    return this;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  /** Change the instance's limits while running (an admin raising max_characters). */
  setLimits(limits: { maxCharacters?: number; urlWeight?: number }): void {
    Object.assign(this.o, limits);
  }

  /** Queue faults for the next requests to `route`, e.g. "POST /api/v1/statuses"; each is used once. */
  fault(route: string, ...faults: Fault[]): void {
    this.faults.add(route, ...faults);
  }

  /** The highest count of any fixed window so far, and how many 429s were answered. */
  stats(): { maxStatusesPerWindow: number; maxRequestsPerWindow: number; rateLimited: number } {
    let s = 0;
    let r = 0;
    for (const [k, n] of this.windows) {
      if (k.startsWith("statuses:")) s = Math.max(s, n);
      if (k.startsWith("requests:")) r = Math.max(r, n);
    }
    return { maxStatusesPerWindow: s, maxRequestsPerWindow: r, rateLimited: this.requests.filter((q) => q.status === 429).length };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = this.o.now();
    const path = new URL(req.url ?? "/", "http://double").pathname;
    const route = `${req.method} ${path}`;
    const body = await readBody(req);
    const key = headerOf(req, "idempotency-key");
    const fault = this.faults.take(route);
    const log: LoggedRequest = { method: req.method ?? "", path, at: now, status: 0, idempotencyKey: key, fault: fault?.kind ?? null };
    this.requests.push(log);
    const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      log.status = status;
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(json));
    };
    // Faults from the proxy in front of the application happen before it runs.
    if (fault && strikesBefore(fault)) {
      this.applyFault(fault, res, log, now);
      return;
    }

    const token = /^Bearer (.+)$/.exec(headerOf(req, "authorization") ?? "")?.[1];
    const account = token !== undefined ? this.o.tokens[token] : undefined;
    const needs = SCOPES_FOR[route];
    if (needs && !account) {
      send(401, { error: "The access token is invalid" });
      return;
    }
    const who = account?.username ?? "anonymous";
    // rack-attack: every request counts, then the request over the limit is refused.
    const apiWindow = this.count("requests", who, now, this.o.requestWindowMs);
    const apiHeaders = this.rateHeaders(this.o.requestLimit, apiWindow.count, now, this.o.requestWindowMs);
    if (apiWindow.count > this.o.requestLimit) {
      send(429, { error: "Too many requests" }, { ...apiHeaders, "X-RateLimit-Remaining": "0" });
      return;
    }
    if (needs && account && !needs.some((s) => account.scopes.includes(s))) {
      send(403, { error: "This action is outside the authorized scopes" }, apiHeaders);
      return;
    }

    let result: { status: number; json: unknown; headers?: Record<string, string> };
    if (route === "GET /api/v2/instance" && this.o.v2Instance) result = { status: 200, json: this.instance() };
    else if (route === "GET /api/v1/instance")
      result = {
        status: 200,
        json: { uri: "double.example", title: "Double", version: "4.3.2", configuration: this.instance().configuration },
      };
    else if (route === "GET /api/v1/accounts/verify_credentials") result = { status: 200, json: this.accountJson(who, account) };
    else if (route === "PATCH /api/v1/accounts/update_credentials") result = await this.updateCredentials(req, body, who, account);
    else if (route === "POST /api/v1/statuses") result = this.postStatus(req, body, who, key, now);
    else result = { status: 404, json: { error: "Record not found" } };

    if (fault) {
      this.applyFault(fault, res, log, now);
      return;
    } // after the application did its work
    send(result.status, result.json, { ...apiHeaders, ...result.headers });
  }

  private applyFault(fault: Fault, res: ServerResponse, log: LoggedRequest, now: number): void {
    if (fault.kind === "rate-limit") {
      const reset = now + fault.resetInMs;
      const headers: Record<string, string> = {
        "Content-Type": "application/json; charset=utf-8",
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": "0",
      };
      if (fault.header === "retry-after") headers["Retry-After"] = String(Math.ceil(fault.resetInMs / 1000));
      else headers["X-RateLimit-Reset"] = fault.header === "epoch" ? String(Math.ceil(reset / 1000)) : isoMicros(reset);
      log.status = 429;
      res.writeHead(429, headers).end(JSON.stringify({ error: "Too many requests" }));
      return;
    }
    log.status = playHttpFault(this.server, fault, res, (message) => ({
      error: message ?? "We're sorry, but something went wrong on our end.",
    }));
  }

  private postStatus(
    req: IncomingMessage,
    body: Buffer,
    who: string,
    key: string | null,
    now: number,
  ): { status: number; json: unknown; headers?: Record<string, string> } {
    const p = parseParams(req, body);
    const statusHeaders = (): Record<string, string> =>
      this.rateHeaders(
        this.o.statusLimit,
        this.windows.get(`statuses:${who}:${Math.floor(now / this.o.statusWindowMs)}`) ?? 0,
        now,
        this.o.statusWindowMs,
      );
    const idemKey = key === null ? null : `${who}:${key}`;
    const dup = idemKey === null ? undefined : this.keys.get(idemKey);
    if (dup && dup.expires > now) return { status: 200, json: this.statusJson(dup.status), headers: statusHeaders() };
    const text = paramText(p.status) ?? "";
    const spoilerText = paramText(p.spoiler_text) ?? "";
    const visibility = paramText(p.visibility) ?? "public";
    if (text.trim() === "") return { status: 422, json: { error: "Validation failed: Text can't be blank" } };
    if (!["public", "unlisted", "private", "direct"].includes(visibility))
      return { status: 422, json: { error: "Validation failed: Visibility is not included in the list" } };
    const length = statusLength(text, spoilerText, this.o.urlWeight);
    if (length > this.o.maxCharacters)
      return { status: 422, json: { error: `Validation failed: Text character limit of ${this.o.maxCharacters} exceeded` } };
    // Mastodon's RateLimiter: the status over the limit is refused, the window is epoch-aligned.
    const w = `statuses:${who}:${Math.floor(now / this.o.statusWindowMs)}`;
    const used = this.windows.get(w) ?? 0;
    if (used >= this.o.statusLimit)
      return { status: 429, json: { error: "Too many requests" }, headers: { ...statusHeaders(), "X-RateLimit-Remaining": "0" } };
    this.windows.set(w, used + 1);
    const language = paramText(p.language) || null;
    const stored: StoredStatus = {
      id: String(this.nextId++),
      text,
      spoilerText,
      visibility,
      language,
      idempotencyKey: key,
      account: who,
      createdAt: now,
      length,
      mentions: mentionsIn(text),
      tags: hashtagsIn(text),
    };
    this.statuses.push(stored);
    if (idemKey !== null) this.keys.set(idemKey, { status: stored, expires: now + this.o.idempotencyTtlMs });
    return { status: 200, json: this.statusJson(stored), headers: statusHeaders() };
  }

  private async updateCredentials(
    req: IncomingMessage,
    body: Buffer,
    who: string,
    account: DoubleToken | undefined,
  ): Promise<{ status: number; json: unknown }> {
    const type = headerOf(req, "content-type") ?? "";
    let bot: unknown;
    if (type.startsWith("multipart/form-data")) {
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a test double reading one small form: the Fetch API's parser is enough (the deprecation advises servers taking large uploads)
      const form = await new Request("http://double/", { method: "POST", headers: { "content-type": type }, body }).formData();
      bot = form.get("bot");
    } else bot = parseParams(req, body).bot;
    if (bot !== undefined && bot !== null) this.bots.set(who, bot === true || bot === "true" || bot === "1");
    return { status: 200, json: this.accountJson(who, account) };
  }

  private count(family: string, who: string, now: number, windowMs: number): { count: number } {
    const k = `${family}:${who}:${Math.floor(now / windowMs)}`;
    const n = (this.windows.get(k) ?? 0) + 1;
    this.windows.set(k, n);
    return { count: n };
  }

  private rateHeaders(limit: number, used: number, now: number, windowMs: number): Record<string, string> {
    const reset = (Math.floor(now / windowMs) + 1) * windowMs;
    return {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(Math.max(0, limit - used)),
      "X-RateLimit-Reset": this.o.resetFormat === "epoch" ? String(reset / 1000) : isoMicros(reset),
    };
  }

  private instance(): { domain: string; configuration: unknown; [k: string]: unknown } {
    return {
      domain: "double.example",
      title: "Mastodon double",
      version: "4.3.2",
      source_url: "https://github.com/mastodon/mastodon",
      description: "",
      configuration: {
        urls: { streaming: "wss://double.example" },
        accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
        statuses: { max_characters: this.o.maxCharacters, max_media_attachments: 4, characters_reserved_per_url: this.o.urlWeight },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null },
      contact: { email: "", account: null },
      rules: [],
    };
  }

  private accountJson(who: string, account: DoubleToken | undefined): unknown {
    return {
      id: "1",
      username: who,
      acct: who,
      display_name: "Fedora firehose",
      locked: false,
      bot: this.bots.get(who) ?? account?.bot ?? false,
      created_at: "2024-01-01T00:00:00.000Z",
      note: "",
      url: `${this.url}/@${who}`,
      avatar: "",
      header: "",
      followers_count: 0,
      following_count: 0,
      statuses_count: 0,
      source: { privacy: "public", sensitive: false, language: "", note: "", fields: [] },
      emojis: [],
      fields: [],
    };
  }

  private statusJson(s: StoredStatus): unknown {
    return {
      id: s.id,
      created_at: new Date(s.createdAt).toISOString(),
      uri: `${this.url}/users/${s.account}/statuses/${s.id}`,
      url: `${this.url}/@${s.account}/${s.id}`,
      content: `<p>${s.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br />")}</p>`,
      spoiler_text: s.spoilerText,
      visibility: s.visibility,
      language: s.language,
      sensitive: s.spoilerText !== "",
      in_reply_to_id: null,
      reblog: null,
      account: this.accountJson(s.account, undefined),
      mentions: [],
      tags: s.tags.map((name) => ({ name, url: `${this.url}/tags/${name}` })),
      emojis: [],
      media_attachments: [],
      replies_count: 0,
      reblogs_count: 0,
      favourites_count: 0,
    };
  }
}

/** Rails writes `iso8601(6)`: microseconds. */
function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** A request parameter as the text Mastodon would read (an object or list as its JSON, never "[object Object]"). */
function paramText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function parseParams(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = headerOf(req, "content-type") ?? "";
  const text = body.toString("utf8");
  if (type.startsWith("application/json")) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}
