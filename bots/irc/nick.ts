/**
 * The bot's nick on one connection: an alternate nick when the configured one is
 * taken or held at registration (433, 437), then reclaiming the configured one (on a
 * timer, and at once when its holder leaves or changes nick). irc-framework does
 * neither; it also has no event for 437.
 */
import type { Client } from "irc-framework";
import type { IrcConnectionConfig } from "../../config/irc.js";
import type { Logger } from "../log.js";

export interface NickKeeperDeps {
  readonly client: Client;
  readonly config: IrcConnectionConfig;
  readonly name: string;
  readonly log: Logger;
  readonly control: (line: string, essential?: boolean) => boolean;
  /** A timer the connection clears when it closes. */
  readonly later: (ms: number, fn: () => void) => NodeJS.Timeout;
  /** Registration seen on this connection (the flag, not whether the socket is still up). */
  readonly isRegistered: () => boolean;
  /** Registered and the socket up: a NICK may be sent. */
  readonly canSend: () => boolean;
}

export class NickKeeper {
  private altIndex = 0;
  private reclaimTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: NickKeeperDeps) {
    this.bind();
  }

  /** The connection is gone: its timers are cleared by the connection. */
  reset(): void {
    clearTimeout(this.reclaimTimer);
    this.reclaimTimer = undefined;
  }

  private bind(): void {
    const { client, log, name, config: c } = this.deps;
    client.on("registered", (e) => {
      this.altIndex = 0;
      if (!client.caseCompare(e.nick, c.nickname)) this.scheduleReclaim();
    });
    client.on("nick in use", (e) => this.refused(e.nick));
    // 437 (solanum's nick delay, a RESV) has no irc-framework event: registration would stall until connect_timeout_ms.
    client.on("unknown command", (e) => {
      if (e.command === "437" && !/^[#&!+]/.test(e.params[1] ?? "")) this.refused(e.params[1] ?? "");
    });
    client.on("nick invalid", (e) => {
      log.error({ sink: name, nick: e.nick, reason: e.reason }, "server refuses the nickname (too long for its NICKLEN?); trying a shorter one");
      if (!this.deps.isRegistered()) client.changeNick(`${c.nickname.slice(0, 6)}${Math.floor(Math.random() * 100)}`);
    });
    client.on("nick", (e) => {
      if (client.caseCompare(e.new_nick, client.user.nick) && client.caseCompare(e.new_nick, c.nickname)) {
        log.info({ sink: name, nick: e.new_nick }, "reclaimed the configured nick");
        this.reset();
      } else if (this.deps.isRegistered() && client.caseCompare(e.nick, c.nickname)) this.reclaimNow();
    });
    client.on("quit", (e) => {
      if (this.deps.isRegistered() && client.caseCompare(e.nick, c.nickname)) this.reclaimNow();
    });
  }

  private refused(nick: string): void {
    const { client, log, name, config: c } = this.deps;
    if (this.deps.isRegistered()) {
      log.debug({ sink: name, nick }, "nick still in use; will try to reclaim it later");
      this.scheduleReclaim();
      return;
    }
    const alts = c.alt_nicknames.length ? c.alt_nicknames : [`${c.nickname}_`, `${c.nickname}__`, `${c.nickname}___`];
    const alt = alts[this.altIndex++] ?? `${c.nickname.slice(0, 6)}${Math.floor(Math.random() * 1e4)}`;
    log.warn({ sink: name, nick, alternate: alt }, "nick in use; registering with an alternate nick");
    // Registration lines are irc-framework's, outside the pacer (it has not started).
    client.changeNick(alt);
    client.user.nick = alt;
  }

  private scheduleReclaim(): void {
    if (this.reclaimTimer) return;
    this.reclaimTimer = this.deps.later(this.deps.config.nick_reclaim_ms, () => {
      this.reclaimTimer = undefined;
      this.reclaimNow();
    });
  }

  private reclaimNow(): void {
    const wanted = this.deps.config.nickname;
    if (!this.deps.canSend() || this.deps.client.caseCompare(this.deps.client.user.nick, wanted)) return;
    this.deps.control(`NICK ${wanted}`, true);
    this.scheduleReclaim();
  }
}
