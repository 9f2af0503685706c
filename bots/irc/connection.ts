/**
 * One IRC connection kept up forever. irc-framework does the protocol
 * (registration, CAP, SASL, parsing); this class owns everything it gives up on:
 * reconnecting with backoff and jitter after any close (it stops after 3 tries),
 * joining and rejoining channels (it never rejoins), the nick (alternate, then
 * reclaim), and knowing the bot's real `nick!user@host` for the byte budget.
 * Lines only leave through the connection's pacer once registered and joined.
 */
import { Client, type ClientOptions, type CtcpRequestEvent, type IrcErrorEvent } from "irc-framework";
import type { IrcConnectionConfig } from "../../config/irc.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { ReadinessReporter } from "../readiness.js";
import { BLOCKED_JOIN_ERRORS, ChannelSet } from "./channels.js";
import { IrcAuthError, IrcTlsError, TLS_VERIFY_CODES } from "./errors.js";
import { NickKeeper } from "./nick.js";
import { GuardedTransport, type TransportExtras } from "./transport.js";

/** CTCP replies cost the same tokens as messages: a CTCP flood must not eat the channel's rate. */
export const CTCP_REPLY_MIN_INTERVAL_MS = 2000;
/** A registration that lasts this long resets the backoff (a server that kills at once keeps backing off). */
export const STABLE_CONNECTION_MS = 60_000;
/** How long stop() waits for the server to close after QUIT. */
export const QUIT_WAIT_MS = 2000;
/** Share of a reconnect delay added at random, so many bots do not return in step. */
export const RECONNECT_JITTER_RATIO = 0.25;
/** irc-framework's PING interval, used when ping_timeout_s leaves room for it. */
export const PING_INTERVAL_MAX_S = 30;
/** Each PING costs a send token: a shorter interval would eat the channel's rate. */
export const PING_INTERVAL_MIN_S = 2;

/**
 * The client's PING interval for a ping timeout: a quiet, healthy server only sends data when
 * pinged, so the bot must ping inside the timeout (twice per timeout, so one slow answer is not
 * fatal), or a ping_timeout_s below the interval would drop a healthy server. The schema's
 * minimum ping_timeout_s (5) stays above PING_INTERVAL_MIN_S.
 */
export function pingIntervalS(pingTimeoutS: number): number {
  return Math.max(PING_INTERVAL_MIN_S, Math.min(PING_INTERVAL_MAX_S, Math.floor(pingTimeoutS / 2)));
}

export interface IrcConnectionOptions {
  readonly config: IrcConnectionConfig;
  readonly name: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Files already read: CA bundle and client certificate. */
  readonly tlsCa?: string;
  readonly clientCert?: { certificate: string; private_key: string };
  /** Queues a control line through the pacer; false when its queue is full (never for `essential` lines). */
  readonly control: (line: string, essential?: boolean) => boolean;
  /** A line was written that the pacer did not send (registration, PING/PONG): it costs a token too. */
  readonly charge: () => void;
  /** Called whenever lines may have become sendable (registered, joined). */
  readonly onReady: () => void;
  /** The connection closed: control lines queued for it are stale. */
  readonly onDown: () => void;
  /** A first-attempt error that retrying will not fix (bad certificate, refused credentials). */
  readonly onFatal: (err: Error) => void;
  readonly version: string;
}

export class IrcConnection {
  readonly client: Client;
  private readonly channels: ChannelSet;
  private registered = false;
  private ident: string | null = null;
  private host: string | null = null;
  private attempt = 0;
  private stopping = false;
  private lastCtcpReply = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private connectTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private readonly nicks: NickKeeper;
  private closed: (() => void) | undefined;
  private pacedWrite = false;

  private readonly ready: ReadinessReporter;

  constructor(private readonly opts: IrcConnectionOptions) {
    this.ready = opts.metrics.readiness.register("sink", opts.name);
    const c = opts.config;
    const options: ClientOptions & TransportExtras = {
      host: c.network,
      port: c.port,
      nick: c.nickname,
      username: c.username,
      gecos: c.realname,
      password: c.server_password,
      // `{}` keeps irc-framework from reusing the server password as SASL PLAIN.
      account: c.sasl_mechanism === "PLAIN" ? { account: c.sasl_account ?? c.nickname, password: c.sasl_password } : {},
      sasl_mechanism: c.sasl_mechanism,
      sasl_disconnect_on_fail: true,
      tls: c.tls,
      client_certificate: opts.clientCert,
      tls_ca: opts.tlsCa,
      version: null,
      auto_reconnect: false,
      ping_interval: pingIntervalS(c.ping_timeout_s),
      ping_timeout: c.ping_timeout_s,
      message_max_length: 510,
      transport: GuardedTransport,
      on_refused_line: (line, reason) => {
        opts.metrics.inc("irc_lines_refused", { sink: opts.name });
        opts.log.error({ sink: opts.name, reason, bytes: Buffer.byteLength(line) }, "refused to write an unsafe line to the server (bug)");
      },
      on_pong: () => opts.charge(),
      on_bad_line: (line, err) => {
        opts.metrics.inc("irc_bad_lines", { sink: opts.name });
        opts.log.warn(
          { sink: opts.name, line: line.slice(0, 512), err: (err as Error).message },
          "could not handle a line from the server; skipped",
        );
      },
    };
    this.client = new Client(options);
    this.channels = new ChannelSet({
      client: this.client,
      config: c,
      name: opts.name,
      log: opts.log,
      metrics: opts.metrics,
      control: opts.control,
      later: (ms, fn) => this.later(ms, fn),
      isRegistered: () => this.isRegistered(),
      isStopping: () => this.stopping,
      learnPrefix: (ident, host) => {
        this.ident = ident;
        this.host = host;
      },
      prefix: () => this.prefix,
      onReady: opts.onReady,
    });
    this.nicks = new NickKeeper({
      client: this.client,
      config: c,
      name: opts.name,
      log: opts.log,
      control: opts.control,
      later: (ms, fn) => this.later(ms, fn),
      isRegistered: () => this.registered,
      canSend: () => this.isRegistered(),
      giveUp: (reason) => {
        opts.log.warn({ sink: opts.name, reason }, "no nick accepted; giving up on this connection and reconnecting with backoff");
        this.client.connection.end(undefined, true);
      },
    });
    this.bind();
  }

  get nick(): string {
    return this.client.user.nick;
  }

  /** `nick!user@host` as others see it, once a JOIN has shown it; null before. */
  get prefix(): string | null {
    return this.ident !== null && this.host !== null ? `${this.nick}!${this.ident}@${this.host}` : null;
  }

  /**
   * The prefix a line's byte budget counts: while on an alternate nick, a line may reach the
   * server just after our reclaiming NICK and be relayed under the configured nick.
   */
  get budgetPrefix(): string | null {
    const wanted = this.opts.config.nickname;
    return this.prefix === null ? null : `${wanted.length > this.nick.length ? wanted : this.nick}!${this.ident}@${this.host}`;
  }

  isRegistered(): boolean {
    return this.registered && this.client.connected;
  }

  /** Joined and its modes known: lines for it may go out. */
  isJoined(channel: string): boolean {
    return this.isRegistered() && this.channels.isReady(channel);
  }

  colorsAllowed(channel: string): boolean {
    return this.channels.colorsAllowed(channel);
  }

  /** Writes one line now (the pacer calls this after paying a token). */
  write(line: string): void {
    this.pacedWrite = true;
    try {
      this.client.raw(line);
    } finally {
      this.pacedWrite = false;
    }
  }

  /**
   * Writes one paced line and resolves once the socket has taken it: true, or false when it
   * was not written (not connected, refused by the wire guard, the socket failed). While a
   * slow server lets the socket's buffer fill, the caller waits here and sends nothing more.
   */
  writeAndWait(line: string): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.pacedWrite = true;
      try {
        const handed = this.client.connection.write(line, (err?: Error | null) => resolve(handed !== false && !err));
        if (handed === false) resolve(false);
      } finally {
        this.pacedWrite = false;
      }
    });
  }

  connect(): void {
    const { config: c, log, name } = this.opts;
    this.attempt++;
    log.info({ sink: name, host: c.network, port: c.port, tls: c.tls, attempt: this.attempt }, "connecting to IRC server");
    this.client.connect();
    this.connectTimer = setTimeout(() => {
      log.warn(
        { sink: name, host: c.network, timeout_ms: c.connect_timeout_ms },
        "no registration in time; dropping the connection to retry",
      );
      this.client.connection.end(undefined, true);
    }, c.connect_timeout_ms);
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private bind(): void {
    const { client } = this;
    const { log, name, metrics, config: c } = this.opts;
    client.on("socket close", (err) => this.onClose(err || undefined));
    client.on("raw", (e) => {
      // PONGs are charged by the transport when it really writes one (it answers only the newest PING).
      if (!e.from_server && !this.pacedWrite && !/^PONG /i.test(e.line)) this.opts.charge();
    });
    client.on("registered", (e) => {
      clearTimeout(this.connectTimer);
      this.registered = true;
      metrics.set("irc_connected", 1, { sink: name });
      this.ready.set(true, `registered on ${c.network} as ${e.nick}`);
      metrics.inc("irc_registrations", { sink: name });
      log.info({ sink: name, nick: e.nick, wanted: c.nickname }, "registered on IRC server");
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, STABLE_CONNECTION_MS);
      if (c.nickserv_password && !c.sasl_mechanism)
        this.opts.control(`PRIVMSG NickServ :IDENTIFY ${c.nickname} ${c.nickserv_password}`, true);
      this.channels.joinAll();
    });
    client.on("displayed host", (e) => {
      if (e.hostname && client.caseCompare(e.nick, client.user.nick)) this.host = e.hostname;
    });
    client.on("irc error", (e) => this.onIrcError(e));
    client.on("sasl failed", (e) => {
      const err = new IrcAuthError(
        c.network,
        `SASL ${c.sasl_mechanism ?? "PLAIN"} failed on ${c.network}: ${e.reason}${e.message ? ` (${e.message})` : ""}`,
      );
      log.error(
        { sink: name, reason: e.reason, message: e.message },
        "SASL authentication failed; check sasl_account/sasl_password or the client certificate",
      );
      this.opts.onFatal(err);
    });
    client.on("ctcp request", (e) => this.onCtcp(e));
  }

  private onIrcError(e: IrcErrorEvent): void {
    const { log, name, config: c } = this.opts;
    if (BLOCKED_JOIN_ERRORS.has(e.error)) return; // the ChannelSet's
    if (e.error === "password_mismatch") {
      log.error({ sink: name }, "server refused the server_password");
      this.opts.onFatal(new IrcAuthError(c.network, `${c.network} refused the server password`));
    } else if (e.error === "irc") {
      if (this.stopping) log.info({ sink: name, reason: e.reason }, "server closed the link after QUIT");
      else log.warn({ sink: name, reason: e.reason }, "server sent ERROR; the connection will close and be retried");
    } else if (e.error === "cannot_send_to_channel") {
      log.warn({ sink: name, channel: e.channel, reason: e.reason }, "server refused a line for the channel (moderated or +c?)");
    } else log.warn({ sink: name, error: e.error, reason: e.reason }, "IRC error reply");
  }

  private onCtcp(e: CtcpRequestEvent): void {
    const type = e.type?.toUpperCase();
    if (type !== "VERSION" && type !== "SOURCE") return;
    const now = Date.now();
    if (now - this.lastCtcpReply < CTCP_REPLY_MIN_INTERVAL_MS || !/^[^\s\0\r\n:]+$/.test(e.nick)) return;
    this.lastCtcpReply = now;
    const answer = type === "VERSION" ? this.opts.version : this.opts.config.source_url;
    this.opts.control(`NOTICE ${e.nick} :\x01${type} ${answer.replace(/[\0-\x1f]/g, "")}\x01`);
  }

  private onClose(err: NodeJS.ErrnoException | undefined): void {
    const { log, name, metrics, config: c } = this.opts;
    const wasRegistered = this.registered;
    this.registered = false;
    metrics.set("irc_connected", 0, { sink: name });
    this.ready.set(false, `disconnected from ${c.network}${err ? `: ${err.message}` : ""}`);
    this.ident = null;
    this.host = null;
    clearTimeout(this.connectTimer);
    clearTimeout(this.stableTimer);
    this.nicks.reset();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.channels.reset();
    this.opts.onDown();
    if (this.stopping) {
      this.closed?.();
      return;
    }
    const code = err?.code;
    if (code && TLS_VERIFY_CODES.has(code)) {
      log.error(
        { sink: name, host: c.network, code, err: err.message },
        "the server's TLS certificate does not verify (set ca_file for a private CA); retrying slowly",
      );
      this.opts.onFatal(new IrcTlsError(c.network, `TLS certificate of ${c.network}:${c.port} refused: ${err.message}`, { cause: err }));
    }
    const delay = this.backoffMs();
    metrics.inc("irc_disconnects", { sink: name });
    log.warn(
      { sink: name, host: c.network, was_registered: wasRegistered, error: err?.message, reconnect_in_ms: delay, attempt: this.attempt },
      "IRC connection closed; reconnecting",
    );
    this.later(delay, () => this.connect());
  }

  /** Exponential from reconnect_min_ms, capped at reconnect_max_ms, plus jitter. */
  backoffMs(): number {
    const c = this.opts.config;
    const base = Math.min(c.reconnect_max_ms, c.reconnect_min_ms * 2 ** Math.min(Math.max(0, this.attempt - 1), 30));
    return Math.round(base * (1 + RECONNECT_JITTER_RATIO * Math.random()));
  }

  /** QUIT with the configured message and stop reconnecting. */
  async quit(): Promise<void> {
    this.stopping = true;
    this.nicks.reset();
    for (const t of [this.connectTimer, this.stableTimer, ...this.timers]) clearTimeout(t);
    this.timers.clear();
    if (!this.client.connected) {
      this.client.connection.end(undefined, false);
      return;
    }
    const closed = new Promise<void>((resolve) => {
      this.closed = resolve;
    });
    this.client.quit(this.opts.config.quit_message);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS)))]);
    clearTimeout(timer);
    // A server that did not close in time: destroy the socket (a plain end() only half-closes it,
    // and a half-open socket to a hung server keeps the process from exiting).
    this.client.connection.end(undefined, true);
  }
}
