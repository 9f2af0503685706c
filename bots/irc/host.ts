/**
 * The connection as the parts that keep its state see it: the channels
 * (channels.ts) and the nick (nick.ts). IrcConnection is the host; each part
 * listens to the irc-framework client itself and asks the host for the rest.
 */
import type { Client } from "irc-framework";
import type { IrcConnectionConfig } from "../../config/irc.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";

export interface ConnectionHost {
  readonly client: Client;
  readonly config: IrcConnectionConfig;
  /** The sink's name, for logs and metrics. */
  readonly name: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Registration seen on this connection (the flag, not whether the socket is still up). */
  readonly registered: boolean;
  /** QUIT sent: the bot is going away, nothing is retried. */
  readonly stopping: boolean;
  /** `nick!user@host` as others see it, once a JOIN has shown it; null before. */
  readonly prefix: string | null;
  /** Registered and the socket up: lines may be sent. */
  isRegistered(): boolean;
  /** Queues a control line on the connection's pace; false when its queue is full (never for `essential` lines). */
  control(line: string, essential?: boolean): boolean;
  /** A timer the connection clears when it closes. */
  later(ms: number, fn: () => void): NodeJS.Timeout;
  /** Our own JOIN showed `user@host` as others see it. */
  learnPrefix(ident: string, host: string): void;
  /** A channel became ready for lines (joined, modes known). */
  channelReady(): void;
}
