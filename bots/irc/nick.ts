/**
 * The bot's nick on one connection: an alternate nick when the configured one is
 * taken or held at registration (433, 437), then reclaiming the configured one (on a
 * timer, and at once when its holder leaves or changes nick). irc-framework does
 * neither; it also has no event for 437. A server that refuses every nick (433, 437, 432 to each
 * NICK) gets a bounded number of tries per connection, then the connection is dropped and redialled
 * with the connection's backoff, so neither the NICKs nor the log lines can loop.
 */
import type { ConnectionHost } from "./host.js";

/** Randomised nicks tried after the alternates, per connection, before giving up on it. */
export const RANDOM_NICK_TRIES = 1;

export class NickKeeper {
  private altIndex = 0;
  /** NICKs sent during this connection's registration after the first. */
  private tries = 0;
  private gaveUp = false;
  private reclaimTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: ConnectionHost) {
    this.bind();
  }

  /** The connection is gone: its timers are cleared by the connection. */
  reset(): void {
    clearTimeout(this.reclaimTimer);
    this.reclaimTimer = undefined;
    this.altIndex = 0;
    this.tries = 0;
    this.gaveUp = false;
  }

  private bind(): void {
    const { client, log, name, config: c } = this.host;
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
      if (this.host.registered || this.gaveUp) return;
      // Once per connection at error level: a server answering 432 to every NICK must not flood the log.
      const level = this.tries === 0 ? "error" : "debug";
      log[level](
        { sink: name, nick: e.nick, reason: e.reason },
        "server refuses the nickname (too long for its NICKLEN?); trying a shorter one",
      );
      this.tryNick(`${c.nickname.slice(0, 6)}${Math.floor(Math.random() * 100)}`, `432 for ${e.nick}`);
    });
    client.on("nick", (e) => {
      if (client.caseCompare(e.new_nick, client.user.nick) && client.caseCompare(e.new_nick, c.nickname)) {
        log.info({ sink: name, nick: e.new_nick }, "reclaimed the configured nick");
        this.reset();
      } else if (this.host.registered && client.caseCompare(e.nick, c.nickname)) this.reclaimNow();
    });
    client.on("quit", (e) => {
      if (this.host.registered && client.caseCompare(e.nick, c.nickname)) this.reclaimNow();
    });
  }

  private refused(nick: string): void {
    const { log, name, config: c } = this.host;
    if (this.host.registered) {
      log.debug({ sink: name, nick }, "nick still in use; will try to reclaim it later");
      this.scheduleReclaim();
      return;
    }
    if (this.gaveUp) return;
    const alts = c.alt_nicknames.length ? c.alt_nicknames : [`${c.nickname}_`, `${c.nickname}__`, `${c.nickname}___`];
    const alt = alts[this.altIndex++] ?? `${c.nickname.slice(0, 6)}${Math.floor(Math.random() * 1e4)}`;
    // The first refusal of a connection is news; the rest of its tries are detail.
    log[this.tries === 0 ? "warn" : "debug"]({ sink: name, nick, alternate: alt }, "nick in use; registering with an alternate nick");
    this.tryNick(alt, `nick ${nick} refused`);
  }

  /** One more NICK during registration, or, past the alternates and a random one, give up on the connection. */
  private tryNick(nick: string, why: string): void {
    const { client, log, name, config: c } = this.host;
    const alts = c.alt_nicknames.length || 3;
    if (this.tries >= alts + RANDOM_NICK_TRIES) {
      this.gaveUp = true;
      log.warn(
        { sink: name, reason: `the server refused all ${this.tries + 1} nicks tried (last: ${why})` },
        "no nick accepted; giving up on this connection and reconnecting with backoff",
      );
      client.connection.end(undefined, true);
      return;
    }
    this.tries++;
    // Registration lines go through irc-framework, unpaced (nothing may wait before them); the transport charges them.
    client.changeNick(nick);
    client.user.nick = nick;
  }

  private scheduleReclaim(): void {
    if (this.reclaimTimer) return;
    this.reclaimTimer = this.host.later(this.host.config.nick_reclaim_ms, () => {
      this.reclaimTimer = undefined;
      this.reclaimNow();
    });
  }

  private reclaimNow(): void {
    const wanted = this.host.config.nickname;
    if (!this.host.isRegistered() || this.host.client.caseCompare(this.host.client.user.nick, wanted)) return;
    this.host.control(`NICK ${wanted}`, true);
    this.scheduleReclaim();
  }
}
