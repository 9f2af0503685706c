/**
 * One IRC connection kept up forever. irc-framework does the protocol
 * (registration, CAP, SASL, parsing); this class owns everything it gives up on:
 * reconnecting with backoff and jitter after any close (it stops after 3 tries),
 * joining and rejoining channels (it never rejoins), the nick (alternate, then
 * reclaim), and knowing the bot's real `nick!user@host` for the byte budget.
 *
 * It owns what goes on its socket, and every line is paid on the sink's pace once:
 *
 *     channel line: flow (pays) -> IrcSink.send -> send(ChannelLine) -> render -> transport.writePaced -> put
 *     control line: control() -> ControlLines (pays) -> send(ControlLine) -> transport.writePaced -> put
 *     irc-framework's own (registration, PING, PONG, QUIT): transport.writeLine -> put -> lineWritten charges it
 *
 * `send` is where a paid line leaves: it renders it against the connection as it is
 * now, hands it to the socket (transport.ts `put`) and calls `line.written()` in the
 * same tick; the promise resolves once the socket has taken the bytes. A channel line
 * is shown only once the server proves it handled it (fence.ts): `line.confirming()`
 * gets that proof's promise, and a refusal (404 in a +m channel) mutes the channel
 * (channels.ts) until a line gets through again.
 */
import { EventEmitter } from "node:events";
import type { Client, CtcpRequestEvent, IrcErrorEvent } from "irc-framework";
import type { IrcConnectionConfig } from "../../config/irc.js";
import type { Pacer } from "../flow/pacer.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { ReadinessReporter } from "../readiness.js";
import { BLOCKED_JOIN_ERRORS, ChannelSet, PROBE_MAX_MS } from "./channels.js";
import { ircClient, type TlsFiles } from "./client.js";
import { IrcAuthError, IrcTlsError, TLS_VERIFY_CODES } from "./errors.js";
import { FENCE_UNANSWERED_MAX_MS, Fences, pongToken } from "./fence.js";
import type { ConnectionHost } from "./host.js";
import type { IrcLine, LineView, WriteOutcome } from "./line.js";
import { NickKeeper } from "./nick.js";
import { ControlLines, type ControlWire } from "./pacer.js";
import { GuardedTransport, type WireListener } from "./transport.js";

/** CTCP replies cost the same tokens as messages: a CTCP flood must not eat the channel's rate. */
export const CTCP_REPLY_MIN_INTERVAL_MS = 2000;
/** A registration that lasts this long resets the backoff (a server that kills at once keeps backing off). */
export const STABLE_CONNECTION_MS = 60_000;
/** How long stop() waits for the server to close after QUIT. */
export const QUIT_WAIT_MS = 2000;
/** Share of a reconnect delay added at random, so many bots do not return in step. */
export const RECONNECT_JITTER_RATIO = 0.25;
export interface IrcConnectionOptions extends TlsFiles {
  readonly config: IrcConnectionConfig;
  readonly name: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** The sink's pace: control lines are paid on it, irc-framework's own lines charged to it. */
  readonly pacer: Pacer;
  readonly version: string;
}

export interface IrcConnectionEvents {
  /** Lines may have become sendable (a channel joined and its modes known). */
  ready: [];
  /** A first-attempt error that retrying will not fix (bad certificate, refused credentials). */
  fatal: [Error];
  /** A line was handed to the socket just now (any line: the bot's or irc-framework's). */
  written: [line: string];
}

export class IrcConnection extends EventEmitter<IrcConnectionEvents> implements ConnectionHost, LineView, ControlWire, WireListener {
  readonly client: Client;
  readonly config: IrcConnectionConfig;
  readonly name: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  private readonly controls: ControlLines;
  private readonly channels: ChannelSet;
  private readonly nicks: NickKeeper;
  private readonly fences: Fences;
  private registeredFlag = false;
  private ident: string | null = null;
  private host: string | null = null;
  private attempt = 0;
  private quitting = false;
  private lastCtcpReply = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private connectTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private closed: (() => void) | undefined;

  private readonly readiness: ReadinessReporter;

  constructor(private readonly opts: IrcConnectionOptions) {
    super();
    this.config = opts.config;
    this.name = opts.name;
    this.log = opts.log;
    this.metrics = opts.metrics;
    this.readiness = opts.metrics.readiness.register("sink", opts.name);
    this.client = ircClient(opts.config, { tlsCa: opts.tlsCa, clientCert: opts.clientCert }, this);
    this.controls = new ControlLines(opts.pacer, this);
    this.channels = new ChannelSet(this);
    this.nicks = new NickKeeper(this);
    this.fences = new Fences(
      {
        // Essential: a fence dropped from a full control queue would leave its lines waiting until the connection closes.
        sendFence: (token) => this.control(`PING :${token}`, true),
        tokenFree: () => opts.pacer.msUntilToken() === 0,
        now: () => performance.now(),
        later: (ms, fn) => {
          const t = this.later(ms, fn);
          return {
            cancel: () => {
              clearTimeout(t);
              this.timers.delete(t);
            },
          };
        },
        unanswered: (waitedMs) => {
          this.log.warn(
            { sink: this.name, waited_ms: waitedMs },
            "the server answers nothing to our PING while the connection is up; dropping it to retry (its unproven lines are sent again)",
          );
          this.client.connection.end(undefined, true);
        },
      },
      Math.min(opts.config.ping_timeout_s * 1000, FENCE_UNANSWERED_MAX_MS),
    );
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
    const wanted = this.config.nickname;
    return this.prefix === null ? null : `${wanted.length > this.nick.length ? wanted : this.nick}!${this.ident}@${this.host}`;
  }

  /** Registration seen on this connection (the flag, not whether the socket is still up). */
  get registered(): boolean {
    return this.registeredFlag;
  }

  /** QUIT sent: the bot is going away. */
  get stopping(): boolean {
    return this.quitting;
  }

  isRegistered(): boolean {
    return this.registeredFlag && this.client.connected;
  }

  /** Joined and its modes known (and not muted, unless a probe line is due): lines for it may go out. */
  isJoined(channel: string): boolean {
    return this.isRegistered() && this.channels.isReady(channel);
  }

  /**
   * Whether the channel could take lines at all: joined and not refusing them (+m, banned while in
   * it). A server that is down counts as available (it is waited for; see IrcSink.available).
   */
  isAvailable(channel: string): boolean {
    return !this.isRegistered() || this.channels.isAvailable(channel);
  }

  /** The channel refuses lines, and one may go now, or is out, to see whether it still does. */
  probing(channel: string): boolean {
    return this.isRegistered() && this.channels.probing(channel);
  }

  /** Room for another channel line: not too many written lines wait for the server's proof (fence.ts). */
  get roomForLines(): boolean {
    return this.fences.roomForMore;
  }

  /** Lines written and not yet proven handled by the server. */
  get unconfirmedLines(): number {
    return this.fences.unconfirmed;
  }

  /** The bot is stopping: a fence follows each line at once, so the last lines are confirmed before QUIT. */
  hurry(): void {
    this.fences.hurry();
  }

  colorsAllowed(channel: string): boolean {
    return this.channels.colorsAllowed(channel);
  }

  /**
   * Writes a line whose tokens are paid (by the flow for a channel line, by the control queue
   * for a control line), if it may leave now: registered, and its channel joined with its modes
   * known. It is rendered here, against the connection as it is now; `line.written()` runs in
   * the tick its bytes are handed to the socket. Resolves once the socket has taken them; while
   * a slow server lets the socket's buffer fill, the caller waits here and sends nothing more.
   */
  send(line: IrcLine): Promise<WriteOutcome> {
    if (!(line.channel === null ? this.isRegistered() : this.isJoined(line.channel))) return Promise.resolve("not ready");
    const text = line.render(this);
    if (text === null) return Promise.resolve("empty");
    const transport = this.client.connection.transport;
    // After QUIT nothing more of ours goes out (irc-framework's own write refuses too).
    if (this.client.connection.requested_disconnect || !(transport instanceof GuardedTransport)) return Promise.resolve("lost");
    const channel = line.channel;
    const probing = channel !== null && this.channels.isMuted(channel);
    // Whether the server is known to show this channel's lines just now (fence.ts TRUST_MS): only then is
    // the line remembered at its write; else at its proof, so that a SIGKILL repeats it rather than loses it.
    const trusted = channel === null || (!probing && this.fences.trusted(channel));
    return new Promise<WriteOutcome>((resolve) => {
      // The callback never runs in this tick (the socket's, or nextTick for a refused line).
      const handed = transport.writePaced(text, (err) => resolve(handed && !err ? "written" : "lost"));
      // In this same tick, right behind the line's write syscall, and only once its bytes are in the kernel
      // (a SIGKILL now would not lose them; see Outgoing.onWritten). Unsure: the mark waits for the settle.
      if (handed && trusted && transport.lastWriteInKernel()) line.written?.();
      if (!handed || channel === null) return;
      if (probing) this.channels.probeSent(channel);
      const confirmed = this.fences.add(channel);
      line.confirming?.(confirmed);
      void confirmed.then((c) => {
        if (c === "shown" && this.channels.unmute(channel)) this.channelReady();
      });
    });
  }

  /** Queues a control line on the pace, before channel lines; false when its queue is full (never for `essential` lines). */
  control(line: string, essential = false): boolean {
    return this.controls.push(line, essential);
  }

  /** WireListener: every line handed to the socket; irc-framework's own (not paced) costs a token now. */
  lineWritten(line: string, paced: boolean): void {
    if (!paced) this.opts.pacer.charge();
    this.fences.lineWritten(line);
    // A JOIN starts its channel's wait for an answer (channels.ts); channel lines skip the parse.
    if (line.startsWith("JOIN ")) this.channels.joinWritten(line.slice(5).split(" ", 1)[0] ?? "");
    this.emit("written", line);
  }

  /** WireListener */
  lineRefused(line: string, reason: string): void {
    this.metrics.inc("irc_lines_refused", { sink: this.name });
    this.log.error({ sink: this.name, reason, bytes: Buffer.byteLength(line) }, "refused to write an unsafe line to the server (bug)");
  }

  /** WireListener */
  badLine(line: string, err: unknown): void {
    this.metrics.inc("irc_bad_lines", { sink: this.name });
    this.log.warn(
      { sink: this.name, line: line.slice(0, 512), err: (err as Error).message },
      "could not handle a line from the server; skipped",
    );
  }

  /** ConnectionHost: our own JOIN showed `user@host`. */
  learnPrefix(ident: string, host: string): void {
    this.ident = ident;
    this.host = host;
  }

  /** ConnectionHost: a channel is ready; control lines and the flow may go on. */
  channelReady(): void {
    this.controls.wake();
    this.emit("ready");
  }

  connect(): void {
    const { config: c, log, name } = this;
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

  /** ConnectionHost: a timer cleared when the connection closes. */
  later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private bind(): void {
    const { client, log, name, metrics, config: c } = this;
    client.on("socket close", (err) => this.onClose(err || undefined));
    client.on("registered", (e) => {
      clearTimeout(this.connectTimer);
      this.registeredFlag = true;
      metrics.set("irc_connected", 1, { sink: name });
      this.readiness.set(true, `registered on ${c.network} as ${e.nick}`);
      metrics.inc("irc_registrations", { sink: name });
      log.info({ sink: name, nick: e.nick, wanted: c.nickname }, "registered on IRC server");
      this.stableTimer = setTimeout(() => {
        this.attempt = 0;
      }, STABLE_CONNECTION_MS);
      if (c.nickserv_password && !c.sasl_mechanism) this.control(`PRIVMSG NickServ :IDENTIFY ${c.nickname} ${c.nickserv_password}`, true);
      this.channels.joinAll();
    });
    client.on("displayed host", (e) => {
      if (e.hostname && client.caseCompare(e.nick, client.user.nick)) this.host = e.hostname;
    });
    client.on("irc error", (e) => this.onIrcError(e));
    // A fence came back: its lines are shown, and there is room for more. Read off the raw line:
    // servers differ in where the token stands (`PONG server :token`, `PONG :token`).
    client.on("raw", (e) => {
      if (!e.from_server) return;
      const token = pongToken(e.line);
      if (token !== null && this.fences.pong(token)) this.emit("ready");
    });
    // A refusal right after a restricting mode change of the channel (+m, a ban, our voice taken) is explained by it (fence.ts).
    client.on("mode", (e) => {
      if (e.modes.some((m) => restricts(m, client.user.nick, (a, b) => client.caseCompare(a, b)))) this.fences.modeChanged(e.target);
    });
    client.on("kick", (e) => {
      if (client.caseCompare(e.kicked, client.user.nick)) this.fences.modeChanged(e.channel);
    });
    client.on("unknown command", (e) => {
      // 477 to a line for a +M channel we are in (a refused JOIN is the ChannelSet's).
      const channel = e.params[1] ?? "";
      if (e.command === "477" && this.channels.isJoined(channel)) this.refusedLine(channel, e.params[e.params.length - 1]);
    });
    client.on("sasl failed", (e) => {
      const err = new IrcAuthError(
        c.network,
        `SASL ${c.sasl_mechanism ?? "PLAIN"} failed on ${c.network}: ${e.reason}${e.message ? ` (${e.message})` : ""}`,
      );
      log.error(
        { sink: name, reason: e.reason, message: e.message },
        "SASL authentication failed; check sasl_account/sasl_password or the client certificate",
      );
      this.emit("fatal", err);
    });
    client.on("ctcp request", (e) => this.onCtcp(e));
  }

  private onIrcError(e: IrcErrorEvent): void {
    const { log, name, config: c } = this;
    if (BLOCKED_JOIN_ERRORS.has(e.error)) return; // the ChannelSet's
    if (e.error === "password_mismatch") {
      log.error({ sink: name }, "server refused the server_password");
      this.emit("fatal", new IrcAuthError(c.network, `${c.network} refused the server password`));
    } else if (e.error === "irc") {
      if (this.stopping) log.info({ sink: name, reason: e.reason }, "server closed the link after QUIT");
      else log.warn({ sink: name, reason: e.reason }, "server sent ERROR; the connection will close and be retried");
    } else if ((e.error === "cannot_send_to_channel" || e.error === "not_on_channel") && e.channel) {
      this.refusedLine(e.channel, e.reason);
    } else log.warn({ sink: name, error: e.error, reason: e.reason }, "IRC error reply");
  }

  /**
   * The server refused a line for `channel` (404: moderated, banned while in it, +c colours;
   * 442; 477 for +M): the channel is muted; which of its unproven lines were refused is decided when their fence comes back (fence.ts).
   */
  private refusedLine(channel: string, reason: string | undefined): void {
    const { log, name, metrics, config: c } = this;
    // A refusal for a channel we do not send to (a confused or hostile server): nothing of ours to take back.
    if (!this.channels.has(channel)) {
      log.debug({ sink: name, channel, reason }, "the server refused a line for a channel the bot does not send to; ignored");
      return;
    }
    const lines = this.fences.refused(channel);
    metrics.inc("irc_lines_refused_by_server", { sink: name, channel: channel.toLowerCase() });
    if (this.channels.mute(channel)) {
      log.warn(
        { sink: name, channel, reason, lines_unproven: lines, probe_in_ms: Math.min(c.rejoin_blocked_ms, PROBE_MAX_MS) },
        "the server refuses lines for the channel (moderated? banned?): its lines wait in the queue; one is tried again at its next mode change or after probe_in_ms",
      );
    } else log.debug({ sink: name, channel, reason, lines_unproven: lines }, "the channel still refuses lines");
  }

  private onCtcp(e: CtcpRequestEvent): void {
    const type = e.type?.toUpperCase();
    if (type !== "VERSION" && type !== "SOURCE") return;
    const now = Date.now();
    if (now - this.lastCtcpReply < CTCP_REPLY_MIN_INTERVAL_MS || !/^[^\s\0\r\n:]+$/.test(e.nick)) return;
    this.lastCtcpReply = now;
    const answer = type === "VERSION" ? this.opts.version : this.config.source_url;
    this.control(`NOTICE ${e.nick} :\x01${type} ${answer.replace(/[\0-\x1f]/g, "")}\x01`);
  }

  private onClose(err: NodeJS.ErrnoException | undefined): void {
    const { log, name, metrics, config: c } = this;
    const wasRegistered = this.registeredFlag;
    this.registeredFlag = false;
    metrics.set("irc_connected", 0, { sink: name });
    this.readiness.set(false, `disconnected from ${c.network}${err ? `: ${err.message}` : ""}`);
    this.ident = null;
    this.host = null;
    clearTimeout(this.connectTimer);
    clearTimeout(this.stableTimer);
    this.nicks.reset();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.channels.reset();
    // Lines written and not proven shown go back to their queues, for the next connection.
    this.fences.lost();
    // Control lines queued for this connection are stale: a new one sends its own JOINs.
    this.controls.clear();
    if (this.quitting) {
      this.closed?.();
      return;
    }
    const code = err?.code;
    if (code && TLS_VERIFY_CODES.has(code)) {
      log.error(
        { sink: name, host: c.network, code, err: err.message },
        "the server's TLS certificate does not verify (set ca_file for a private CA); retrying slowly",
      );
      this.emit("fatal", new IrcTlsError(c.network, `TLS certificate of ${c.network}:${c.port} refused: ${err.message}`, { cause: err }));
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
    const c = this.config;
    const base = Math.min(c.reconnect_max_ms, c.reconnect_min_ms * 2 ** Math.min(Math.max(0, this.attempt - 1), 30));
    return Math.round(base * (1 + RECONNECT_JITTER_RATIO * Math.random()));
  }

  /** QUIT with the configured message and stop reconnecting. */
  async quit(): Promise<void> {
    this.quitting = true;
    this.controls.stop();
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
    this.client.quit(this.config.quit_message);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS)))]);
    clearTimeout(timer);
    // A server that did not close in time: destroy the socket (a plain end() only half-closes it,
    // and a half-open socket to a hung server keeps the process from exiting).
    this.client.connection.end(undefined, true);
  }
}

/**
 * A channel mode change that can make the server refuse the bot's lines from then on: moderated
 * (+m), a ban or quiet (+b, +q), registered-only (+M, +R), colour, CTCP or notice blocks (+c, +C,
 * +S, +T, +N), or the bot's own voice, half-op or op taken (-v, -h, -o).
 */
export function restricts(m: { mode: string; param?: string | null }, nick: string, same: (a: string, b: string) => boolean): boolean {
  const [sign, letter = ""] = m.mode;
  if (sign === "+") return "mbqMRcCSTN".includes(letter);
  return sign === "-" && "vho".includes(letter) && typeof m.param === "string" && same(m.param, nick);
}
