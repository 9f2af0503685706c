/**
 * The channels of one connection: joining (with keys), knowing when a channel is
 * ready for lines (joined AND its modes known, so +c is never guessed), rejoining
 * after a KICK or a forced PART, and retrying slowly when the JOIN is refused
 * (banned, invite-only, bad key, full). irc-framework does none of this itself.
 * A joined channel that refuses lines (404 in a +m channel, banned while in it) is
 * muted: its lines wait, and one is tried again (a probe) at the channel's next
 * mode change or after `rejoin_blocked_ms`; the channel is unmuted once the server
 * proves a line shown (fence.ts).
 */
import type { ModeChange } from "irc-framework";
import type { ConnectionHost } from "./host.js";

/** If a server never answers `MODE #chan`, lines go out (with colours) after this long. */
export const CHANNEL_MODES_WAIT_MS = 5000;

/** A channel refusing lines gets a probe line at least this often (one refused line is cheap; a mode change also triggers one). */
export const PROBE_MAX_MS = 60_000;
/** Numerics that refuse a JOIN: retried every rejoin_blocked_ms. */
export const BLOCKED_JOIN_ERRORS: ReadonlySet<string> = new Set([
  "banned_from_channel",
  "invite_only_channel",
  "bad_channel_key",
  "channel_is_full",
  "too_many_channels",
]);
/**
 * JOIN refusals irc-framework does not turn into 'irc error': +r/+R (identify first, as on Libera),
 * +z (TLS only), a channel held after a split, a name the server does not take (no such channel,
 * a bad mask, an illegal name), a channel for operators only (InspIRCd's +O).
 */
const UNMAPPED_JOIN_ERRORS: Readonly<Record<string, string>> = {
  "403": "no_such_channel",
  "437": "temporarily_unavailable",
  "476": "bad_channel_mask",
  "477": "need_registered_nick",
  "479": "illegal_channel_name",
  "489": "secure_only_channel",
  "520": "operator_only_channel",
};

interface ChannelState {
  readonly name: string;
  readonly key: string | undefined;
  joined: boolean;
  /** Mode +c: the server strips or refuses colours. */
  noColors: boolean;
  /** RPL_CHANNELMODEIS came after our JOIN: before that, +c is unknown. */
  modesKnown: boolean;
  rejoin: NodeJS.Timeout | undefined;
  /** The server refused a line for it: lines wait (the lane is unavailable) until one gets through. */
  muted: boolean;
  /** While muted: one line may go, to see whether the channel takes lines again. */
  probe: boolean;
  /** While muted: that line went and awaits its proof. */
  probeOut: boolean;
  probeTimer: NodeJS.Timeout | undefined;
  /**
   * This connection's first JOIN is queued, or written and unanswered (not refused) for less than
   * irc.first_join_wait_ms: the channel counts as being joined (available).
   */
  firstJoinPending: boolean;
  /**
   * A JOIN (any, first or retry) is written and not answered yet: joined, refused, or its
   * irc.first_join_wait_ms run out (then it is sent again after rejoin_blocked_ms). The wait
   * starts when the line is written, since JOINs go out at the pace.
   */
  joinOut: boolean;
  joinTimer: NodeJS.Timeout | undefined;
}

export class ChannelSet {
  private readonly channels = new Map<string, ChannelState>();

  constructor(private readonly host: ConnectionHost) {
    for (const ch of host.config.channels) {
      this.channels.set(ch.name.toLowerCase(), {
        name: ch.name,
        key: ch.key,
        joined: false,
        noColors: false,
        modesKnown: false,
        rejoin: undefined,
        muted: false,
        probe: false,
        probeOut: false,
        probeTimer: undefined,
        firstJoinPending: false,
        joinOut: false,
        joinTimer: undefined,
      });
    }
    this.bind();
  }

  /** Joined and its modes known, and not muted (or a probe line is due): lines for it may go out. */
  isReady(channel: string): boolean {
    const ch = this.channels.get(channel.toLowerCase());
    return ch !== undefined && ch.joined && ch.modesKnown && (!ch.muted || ch.probe);
  }

  /** One of the configured channels. */
  has(channel: string): boolean {
    return this.channels.has(channel.toLowerCase());
  }

  /** Joined (modes known or not). */
  isJoined(channel: string): boolean {
    return this.channels.get(channel.toLowerCase())?.joined ?? false;
  }

  /**
   * Not refusing the bot: sendable, or on its way there (joined and its modes asked, which
   * CHANNEL_MODES_WAIT_MS bounds; or this connection's first JOIN unanswered for less than
   * irc.first_join_wait_ms). A JOIN refused, a kick, a part, a JOIN unanswered for longer, or lines
   * refused (muted) make it unavailable.
   */
  isAvailable(channel: string): boolean {
    const ch = this.channels.get(channel.toLowerCase());
    if (ch === undefined) return false;
    if (ch.joined) return !ch.modesKnown || !ch.muted;
    return ch.firstJoinPending;
  }

  /** Refusing lines, and one may go now, or is out, to see whether it still does. */
  probing(channel: string): boolean {
    const ch = this.channels.get(channel.toLowerCase());
    return ch !== undefined && ch.joined && ch.modesKnown && ch.muted && (ch.probe || ch.probeOut);
  }

  /** The server refused its lines and no line has got through since. */
  isMuted(channel: string): boolean {
    return this.channels.get(channel.toLowerCase())?.muted ?? false;
  }

  /** The server refused a line for the channel. True when it was not muted before. */
  mute(channel: string): boolean {
    const ch = this.channels.get(channel.toLowerCase());
    if (!ch) return false;
    const was = ch.muted;
    ch.muted = true;
    ch.probe = false;
    ch.probeOut = false;
    clearTimeout(ch.probeTimer);
    ch.probeTimer = this.host.later(Math.min(this.host.config.rejoin_blocked_ms, PROBE_MAX_MS), () => this.allowProbe(ch));
    return !was;
  }

  /** A probe line was written: no other goes until it is confirmed or refused. */
  probeSent(channel: string): void {
    const ch = this.channels.get(channel.toLowerCase());
    if (!ch) return;
    ch.probe = false;
    ch.probeOut = true;
  }

  /** A line for the channel was shown: it takes lines again. True when it was muted. */
  unmute(channel: string): boolean {
    const ch = this.channels.get(channel.toLowerCase());
    if (!ch?.muted) return false;
    unmuted(ch);
    this.host.log.warn({ sink: this.host.name, channel: ch.name }, "the channel takes lines again: sending");
    return true;
  }

  private allowProbe(ch: ChannelState): void {
    if (!ch.muted) return;
    ch.probe = true;
    this.host.channelReady();
  }

  colorsAllowed(channel: string): boolean {
    return !(this.channels.get(channel.toLowerCase())?.noColors ?? false);
  }

  /** Registered: the first JOIN of every channel, each waited for up to irc.first_join_wait_ms once written. */
  joinAll(): void {
    for (const ch of this.channels.values()) {
      if (ch.joined) continue;
      joinAnswered(ch);
      ch.firstJoinPending = true;
      this.join(ch);
    }
  }

  /**
   * A JOIN line went to the socket: its wait for an answer starts now. Unanswered for
   * first_join_wait_ms, the JOIN is sent again after rejoin_blocked_ms, and so on until an answer;
   * the first time, the channel stops counting as being joined, with a warning.
   */
  joinWritten(channel: string): void {
    const ch = this.channels.get(channel.toLowerCase());
    if (!ch || ch.joined) return;
    const { config: c, log, name } = this.host;
    ch.joinOut = true;
    clearTimeout(ch.joinTimer);
    ch.joinTimer = this.host.later(c.first_join_wait_ms, () => {
      ch.joinTimer = undefined;
      if (!ch.joinOut) return;
      const first = ch.firstJoinPending;
      joinAnswered(ch);
      const fields = { sink: name, channel: ch.name, waited_ms: c.first_join_wait_ms, retry_in_ms: c.rejoin_blocked_ms };
      if (first) log.warn(fields, "no answer to the JOIN: the channel counts as unavailable until it is joined; JOIN again later");
      else log.info(fields, "still no answer to the JOIN; JOIN again later");
      this.scheduleJoin(ch, c.rejoin_blocked_ms);
    });
  }

  /** The connection is gone: nothing is joined (its timers are cleared by the connection). */
  reset(): void {
    for (const ch of this.channels.values()) {
      ch.joined = false;
      ch.modesKnown = false;
      ch.rejoin = undefined;
      // A new connection joins afresh; a channel that still refuses lines is muted again at its first refusal.
      unmuted(ch);
      joinAnswered(ch);
    }
  }

  private bind(): void {
    const { client, log, name, metrics, config: c } = this.host;
    const own = (nick: string): boolean => client.caseCompare(nick, client.user.nick);
    client.on("join", (e) => {
      const ch = this.channels.get(e.channel.toLowerCase());
      if (!ch || !own(e.nick)) return;
      ch.joined = true;
      ch.modesKnown = false;
      unmuted(ch);
      joinAnswered(ch);
      this.host.learnPrefix(e.ident, e.hostname);
      log.debug({ sink: name, channel: ch.name, prefix: this.host.prefix }, "joined channel; asking its modes");
      // Lines wait for the answer: a coloured line in a +c channel is refused or mangled.
      this.host.control(`MODE ${ch.name}`, true);
      this.host.later(CHANNEL_MODES_WAIT_MS, () => {
        if (ch.joined && !ch.modesKnown) this.ready(ch);
      });
    });
    // 'channel info' is also RPL_CREATIONTIME and the channel URL: only RPL_CHANNELMODEIS has modes.
    client.on("channel info", (e) => {
      if (e.modes) this.applyModes(e.channel, e.modes, true);
    });
    client.on("mode", (e) => this.applyModes(e.target, e.modes, false));
    client.on("kick", (e) => {
      const ch = this.channels.get(e.channel.toLowerCase());
      if (!ch || !own(e.kicked)) return;
      ch.joined = false;
      joinAnswered(ch);
      metrics.inc("irc_kicks", { sink: name });
      log.warn(
        { sink: name, channel: ch.name, by: e.nick, reason: e.message, rejoin_in_ms: c.rejoin_after_kick_ms },
        "kicked from channel; will rejoin",
      );
      this.scheduleJoin(ch, c.rejoin_after_kick_ms);
    });
    client.on("part", (e) => {
      const ch = this.channels.get(e.channel.toLowerCase());
      if (!ch || !own(e.nick) || this.host.stopping) return;
      ch.joined = false;
      joinAnswered(ch);
      log.warn({ sink: name, channel: ch.name, reason: e.message }, "removed from channel; will rejoin");
      this.scheduleJoin(ch, c.rejoin_after_kick_ms);
    });
    client.on("irc error", (e) => {
      const ch = e.channel ? this.channels.get(e.channel.toLowerCase()) : undefined;
      if (ch && BLOCKED_JOIN_ERRORS.has(e.error)) this.refused(ch, e.error, e.reason);
    });
    // 470: the server sends the bot to another channel instead (and may JOIN it there): a refusal
    // of ours, retried later; the other channel is left unless it is one of ours.
    client.on("channel_redirect", (e) => {
      const ch = this.channels.get(e.from.toLowerCase());
      if (!ch || ch.joined) return;
      this.refused(ch, "channel_redirect", `redirected to ${e.to}`);
      if (!this.channels.has(e.to.toLowerCase())) this.host.control(`PART ${e.to}`, true);
    });
    client.on("unknown command", (e) => {
      const error = UNMAPPED_JOIN_ERRORS[e.command];
      const ch = error ? this.channels.get((e.params[1] ?? "").toLowerCase()) : undefined;
      // 477 also answers a line to a +M channel we are in, and 403 a line to a channel gone after a
      // kick: only a JOIN out and not answered yet is refused.
      if (error && ch && !ch.joined && ch.joinOut) this.refused(ch, error, e.params[e.params.length - 1]);
    });
  }

  private refused(ch: ChannelState, error: string, reason: string | undefined): void {
    const { log, name, metrics, config: c } = this.host;
    joinAnswered(ch);
    metrics.inc("irc_join_refused", { sink: name });
    log.error(
      { sink: name, channel: ch.name, error, reason, retry_in_ms: c.rejoin_blocked_ms },
      "cannot join channel; its lines wait in the queue",
    );
    this.scheduleJoin(ch, c.rejoin_blocked_ms);
  }

  private applyModes(target: string, modes: readonly ModeChange[], full: boolean): void {
    const ch = this.channels.get(target.toLowerCase());
    if (!ch) return;
    if (full) ch.noColors = false;
    for (const m of modes) if (m.mode === "+c" || m.mode === "-c") ch.noColors = m.mode === "+c";
    if (full && ch.joined && !ch.modesKnown) this.ready(ch);
    // -m, -b, a voice: whatever changed may have lifted the refusal; one line tries.
    else if (!full) this.allowProbe(ch);
  }

  private ready(ch: ChannelState): void {
    ch.modesKnown = true;
    this.host.log.info(
      { sink: this.host.name, channel: ch.name, prefix: this.host.prefix, colors: !ch.noColors },
      "joined channel; sending",
    );
    this.host.channelReady();
  }

  private join(ch: ChannelState): void {
    clearTimeout(ch.rejoin);
    ch.rejoin = undefined;
    if (!this.host.isRegistered() || ch.joined) return;
    this.host.control(ch.key ? `JOIN ${ch.name} ${ch.key}` : `JOIN ${ch.name}`, true);
  }

  private scheduleJoin(ch: ChannelState, delayMs: number): void {
    clearTimeout(ch.rejoin);
    ch.rejoin = this.host.later(delayMs, () => this.join(ch));
  }
}

/** No JOIN waits for an answer (joined, refused, kicked, the connection gone, or the wait run out): the channel is judged by what it is now. */
function joinAnswered(ch: ChannelState): void {
  ch.firstJoinPending = false;
  ch.joinOut = false;
  clearTimeout(ch.joinTimer);
  ch.joinTimer = undefined;
}

/** Takes lines again: not muted, no probe due or out, no probe timer. */
function unmuted(ch: ChannelState): void {
  ch.muted = false;
  ch.probe = false;
  ch.probeOut = false;
  clearTimeout(ch.probeTimer);
  ch.probeTimer = undefined;
}
