/**
 * The fedmsg source: one ZeroMQ SUB socket connected to every address under
 * `endpoints`. ZeroMQ reconnects by itself (reconnect_ms doubling up to
 * reconnect_max_ms), so a publisher that starts late or restarts is picked up
 * with no action here. ZMTP heartbeats notice a publisher that died without
 * closing its TCP connection; TCP keepalive covers silent middleboxes.
 */
import { Subscriber } from "zeromq";
import type { ZmqConfig } from "../../config/schema.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Source, SourceInput } from "./source.js";

export interface ZmqSourceOptions {
  /** Endpoint name -> addresses (the config's `endpoints`). */
  readonly endpoints: Readonly<Record<string, readonly string[]>>;
  readonly zmq: ZmqConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
}

export class ZmqSource implements Source {
  readonly name = "zmq";
  private sub: Subscriber | undefined;
  private loop: Promise<void> | undefined;
  private readonly nameOf = new Map<string, string>();

  constructor(private readonly opts: ZmqSourceOptions) {
    for (const [name, addrs] of Object.entries(opts.endpoints)) for (const a of addrs) this.nameOf.set(a, name);
  }

  async start(emit: (input: SourceInput) => void): Promise<void> {
    const { zmq, log, metrics } = this.opts;
    const sub = new Subscriber({
      receiveHighWaterMark: zmq.rcvhwm,
      maxMessageSize: zmq.max_message_bytes,
      reconnectInterval: zmq.reconnect_ms,
      reconnectMaxInterval: zmq.reconnect_max_ms,
      tcpKeepalive: zmq.tcp_keepalive ? 1 : 0,
      tcpKeepaliveIdle: zmq.tcp_keepalive_idle_s,
      heartbeatInterval: zmq.heartbeat_interval_ms,
      heartbeatTimeout: zmq.heartbeat_timeout_ms,
      heartbeatTimeToLive: zmq.heartbeat_timeout_ms,
      linger: 0,
    });
    this.sub = sub;
    sub.events.on("connect", (e) => {
      metrics.inc("zmq_connects");
      log.info({ endpoint: this.label(e.address) }, "connected to publisher");
    });
    sub.events.on("disconnect", (e) => {
      metrics.inc("zmq_disconnects");
      log.warn({ endpoint: this.label(e.address) }, "publisher connection lost; ZeroMQ will reconnect");
    });
    sub.events.on("handshake:error:protocol", (e) => {
      metrics.inc("zmq_protocol_errors");
      log.warn({ endpoint: this.label(e.address), error: e.error.message }, "protocol error from publisher (frame over max_message_bytes?)");
    });
    for (const prefix of zmq.subscribe) sub.subscribe(prefix);
    for (const addr of this.nameOf.keys()) {
      sub.connect(addr);
      log.info({ endpoint: this.label(addr) }, "subscribing");
    }
    const origin = "zmq";
    this.loop = (async () => {
      try {
        for await (const frames of sub) emit({ kind: "frames", origin, frames });
      } catch (err) {
        if (!sub.closed) log.error({ err }, "ZeroMQ receive loop failed");
      }
    })();
  }

  async stop(): Promise<void> {
    this.sub?.close();
    await this.loop;
  }

  private label(addr: string): string {
    const name = this.nameOf.get(addr);
    return name ? `${name} ${addr}` : addr;
  }
}
