/**
 * The irc-framework client as the bot sets it up: our transport under it (transport.ts), no
 * reconnecting of its own (the connection does it, with backoff), no CTCP VERSION answer of its
 * own (the connection answers, paced), lines up to the protocol's 510 bytes, and a PING interval
 * that fits the configured ping timeout.
 */
import { Client, type ClientOptions } from "irc-framework";
import type { IrcConnectionConfig } from "../../config/irc.js";
import { GuardedTransport, type TransportExtras, type WireListener } from "./transport.js";

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

/** Files named in the config, already read: CA bundle and client certificate. */
export interface TlsFiles {
  readonly tlsCa?: string;
  readonly clientCert?: { certificate: string; private_key: string };
}

/** A client for one connection; `wire` hears what its transport writes (irc-framework builds a transport per connect). */
export function ircClient(c: IrcConnectionConfig, files: TlsFiles, wire: WireListener): Client {
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
    client_certificate: files.clientCert,
    tls_ca: files.tlsCa,
    version: null,
    auto_reconnect: false,
    ping_interval: pingIntervalS(c.ping_timeout_s),
    ping_timeout: c.ping_timeout_s,
    message_max_length: 510,
    transport: GuardedTransport,
    wire,
  };
  return new Client(options);
}
