/**
 * Type declarations for irc-framework 4.14, which ships none. Only the parts
 * fedmsg-echo uses are declared; shapes follow src/client.js, src/connection.js,
 * src/transports/net.js and the command handlers of that version.
 */
declare module "irc-framework" {
  import type { EventEmitter } from "node:events";

  /** What irc-framework expects of a transport class (see src/transports/net.js). */
  export interface Transport extends EventEmitter {
    connect(): void;
    writeLine(line: string, cb?: (err?: Error | null) => void): boolean | undefined;
    close(force?: boolean): void;
    setEncoding(encoding: string): boolean;
    disposeSocket(): void;
    isConnected(): boolean;
  }
  export type TransportClass = new (options: ClientOptions) => Transport;

  export interface ClientOptions {
    host?: string;
    port?: number;
    nick?: string;
    username?: string;
    gecos?: string;
    /** Server password (PASS). Without `account`, irc-framework also tries it as SASL PLAIN. */
    password?: string;
    /** SASL PLAIN credentials; `{}` turns SASL off even when `password` is set. */
    account?: { account?: string; password?: string };
    sasl_mechanism?: "PLAIN" | "EXTERNAL";
    sasl_disconnect_on_fail?: boolean;
    tls?: boolean;
    rejectUnauthorized?: boolean;
    client_certificate?: { private_key: string; certificate: string };
    encoding?: string;
    /** Falsy: CTCP VERSION is emitted as a 'ctcp request' instead of answered. */
    version?: string | null;
    auto_reconnect?: boolean;
    auto_reconnect_max_wait?: number;
    auto_reconnect_max_retries?: number;
    ping_interval?: number;
    ping_timeout?: number;
    message_max_length?: number;
    transport?: TransportClass;
    [key: string]: unknown;
  }

  export interface IrcEventBase {
    nick: string;
    ident: string;
    hostname: string;
    tags?: Record<string, string>;
    time?: number;
  }
  export interface RegisteredEvent {
    nick: string;
    tags?: Record<string, string>;
  }
  export interface JoinEvent extends IrcEventBase {
    channel: string;
    gecos: string;
    account?: string | false;
  }
  export interface PartEvent extends IrcEventBase {
    channel: string;
    message: string;
  }
  export interface KickEvent extends IrcEventBase {
    kicked: string;
    channel: string;
    message: string;
  }
  export interface NickEvent extends IrcEventBase {
    new_nick: string;
  }
  export interface QuitEvent {
    nick: string;
    ident: string;
    message?: string;
  }
  export interface MessageEvent extends IrcEventBase {
    target: string;
    message: string;
    type?: string;
    from_server: boolean;
  }
  export interface CtcpRequestEvent extends IrcEventBase {
    target: string;
    type: string | null;
    message: string;
    from_server: boolean;
  }
  export interface NickInUseEvent {
    nick: string;
    reason: string;
  }
  export interface IrcErrorEvent {
    error: string;
    channel?: string;
    nick?: string;
    reason?: string;
  }
  export interface ModeChange {
    mode: string;
    param?: string;
  }
  export interface ModeEvent {
    target: string;
    nick: string;
    modes: ModeChange[];
    raw_modes: string;
    raw_params: string[];
  }
  export interface ChannelInfoEvent {
    channel: string;
    modes?: ModeChange[];
    raw_modes?: string;
    raw_params?: string[];
  }
  export interface DisplayedHostEvent {
    nick: string;
    hostname: string;
  }
  export interface SaslFailedEvent {
    reason: string;
    message?: string;
    nick?: string;
  }
  export interface LoggedInEvent {
    nick: string;
    ident: string;
    hostname: string;
    account: string;
  }
  export interface RawEvent {
    line: string;
    from_server: boolean;
  }
  export interface ReconnectingEvent {
    attempt: number;
    max_retries: number;
    wait: number;
  }
  /** A command or numeric irc-framework has no handler for (an IrcCommand). */
  export interface UnknownCommandEvent {
    command: string;
    params: string[];
  }
  /** 470 ERR_LINKCHANNEL: the JOIN of `from` is sent to `to` instead. */
  export interface ChannelRedirectEvent {
    from: string;
    to: string;
  }

  export interface ClientEvents {
    registered: [RegisteredEvent];
    connected: [RegisteredEvent];
    join: [JoinEvent];
    part: [PartEvent];
    kick: [KickEvent];
    nick: [NickEvent];
    quit: [QuitEvent];
    privmsg: [MessageEvent];
    notice: [MessageEvent];
    "ctcp request": [CtcpRequestEvent];
    "nick in use": [NickInUseEvent];
    "nick invalid": [NickInUseEvent];
    "irc error": [IrcErrorEvent];
    mode: [ModeEvent];
    "channel info": [ChannelInfoEvent];
    "displayed host": [DisplayedHostEvent];
    "sasl failed": [SaslFailedEvent];
    loggedin: [LoggedInEvent];
    "socket connected": [];
    "socket close": [Error | false | undefined];
    close: [boolean];
    reconnecting: [ReconnectingEvent];
    "ping timeout": [];
    "unknown command": [UnknownCommandEvent];
    channel_redirect: [ChannelRedirectEvent];
    raw: [RawEvent];
    debug: [string];
  }

  export interface User {
    nick: string;
    username: string;
    gecos: string;
    host: string;
    away: boolean;
  }

  export interface NetworkInfo {
    name: string;
    options: Record<string, unknown>;
    supports(feature: string): unknown;
    cap: { isEnabled(cap: string): boolean; enabled: string[] };
  }

  export interface Connection {
    connected: boolean;
    registered: number | false;
    requested_disconnect: boolean;
    transport: Transport | null;
    /** Writes one raw line; `cb` runs once the socket has taken it. False when not connected (or refused by our transport). */
    write(data: string, cb?: (err?: Error | null) => void): boolean | undefined;
    end(data?: string, had_error?: boolean): void;
  }

  export class Client {
    constructor(options?: ClientOptions);
    readonly options: ClientOptions;
    readonly user: User;
    readonly network: NetworkInfo;
    readonly connection: Connection;
    readonly connected: boolean;
    connect(options?: ClientOptions): void;
    /** Sends one raw line exactly as given (no splitting). */
    raw(line: string): void;
    quit(message?: string): void;
    changeNick(nick: string): void;
    join(channel: string, key?: string): void;
    part(channel: string, message?: string): void;
    say(target: string, message: string): void;
    notice(target: string, message: string): void;
    ctcpResponse(target: string, type: string, ...params: string[]): void;
    caseCompare(a: string, b: string): boolean;
    on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this;
    once<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this;
    off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this;
    removeAllListeners(event?: keyof ClientEvents): this;
  }

  export function ircLineParser(
    line: string,
  ): { command: string; params: string[]; prefix: string; nick: string; ident: string; hostname: string } | null;
}
