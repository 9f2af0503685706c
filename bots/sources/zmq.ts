/**
 * The fedmsg source: one ZeroMQ SUB socket connected to every address under
 * `endpoints`. ZeroMQ reconnects by itself (reconnect_ms doubling up to
 * reconnect_max_ms), so a publisher that starts late or restarts is picked up
 * with no action here. ZMTP heartbeats notice a publisher that died without
 * closing its TCP connection; TCP keepalive covers silent middleboxes.
 *
 * One case ZeroMQ does not recover from: after a protocol error (a frame over its
 * maxMessageSize, a garbled handshake) it closes the session for good. A watchdog
 * redials an endpoint that has been down with no reconnect attempt in sight: within seconds when
 * ZeroMQ scheduled no retry at all after the disconnect (it schedules one at once after an
 * ordinary loss, so none means it gave up), and after twice reconnect_max_ms otherwise.
 * Frame sizes are checked by the decode stage against `max_message_bytes` (the
 * message is counted and skipped); ZeroMQ's own limit is only a memory guard set
 * well above it.
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

/** ZeroMQ's own frame limit: this many times `max_message_bytes`, and at least ZMQ_GUARD_MIN_BYTES. */
const ZMQ_GUARD_FACTOR = 8;
const ZMQ_GUARD_MIN_BYTES = 64 * 1024 * 1024;
/** After a disconnect with no retry scheduled, wait this long (plus twice reconnect_ms) before redialling. */
const ZMQ_GAVE_UP_GRACE_MS = 1000;

export class ZmqSource implements Source {
  readonly name = "zmq";
  private sub: Subscriber | undefined;
  private loop: Promise<void> | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly nameOf = new Map<string, string>();
  /** Per address: when it went down (null: up), when ZeroMQ last showed life for it, and whether it scheduled a retry since. */
  private readonly state = new Map<string, { downSince: number | null; lastEvent: number; retried: boolean }>();
  private guardBytes = 0;

  constructor(private readonly opts: ZmqSourceOptions) {
    for (const [name, addrs] of Object.entries(opts.endpoints)) for (const a of addrs) this.nameOf.set(a, name);
  }

  start(emit: (input: SourceInput) => void): Promise<void> {
    // The setup is synchronous; in a promise executor, a throw in it (an option or address ZeroMQ
    // refuses) is a rejection, as Source.start promises, not an exception out of the call.
    return new Promise((resolve) => {
      this.subscribe(emit);
      resolve();
    });
  }

  /** Create the SUB socket, connect it to every publisher and start the receive loop. */
  private subscribe(emit: (input: SourceInput) => void): void {
    const { zmq, log, metrics } = this.opts;
    this.guardBytes = Math.max(ZMQ_GUARD_MIN_BYTES, zmq.max_message_bytes * ZMQ_GUARD_FACTOR);
    const sub = new Subscriber({
      receiveHighWaterMark: zmq.rcvhwm,
      maxMessageSize: this.guardBytes,
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
    const ready = metrics.readiness.register("source", this.name);
    const up = new Set<string>();
    const report = () => ready.set(up.size > 0, `${up.size} of ${this.nameOf.size} publishers connected`);
    report();
    sub.events.on("connect", (e) => {
      up.add(e.address);
      report();
      metrics.inc("zmq_connects");
      this.state.set(e.address, { downSince: null, lastEvent: Date.now(), retried: false });
      log.info({ endpoint: this.label(e.address) }, "connected to publisher");
    });
    sub.events.on("disconnect", (e) => {
      up.delete(e.address);
      report();
      metrics.inc("zmq_disconnects");
      this.state.set(e.address, { downSince: Date.now(), lastEvent: Date.now(), retried: false });
      log.warn({ endpoint: this.label(e.address) }, "publisher connection lost; reconnecting");
    });
    const alive = (e: { address: string }) => {
      const st = this.state.get(e.address);
      if (st) {
        st.lastEvent = Date.now();
        st.retried = true;
      }
    };
    sub.events.on("connect:delay", alive);
    sub.events.on("connect:retry", alive);
    sub.events.on("handshake:error:protocol", (e) => {
      metrics.inc("zmq_protocol_errors");
      log.warn(
        { endpoint: this.label(e.address), error: e.error.message },
        "protocol error from publisher (frame over max_message_bytes?)",
      );
    });
    for (const prefix of zmq.subscribe) sub.subscribe(prefix);
    for (const addr of this.nameOf.keys()) {
      sub.connect(addr);
      log.info({ endpoint: this.label(addr) }, "subscribing");
    }
    // ZeroMQ retries at most every reconnect_max_ms: silence for twice that (plus a second) means it gave up.
    const stallMs = 2 * Math.max(zmq.reconnect_ms, zmq.reconnect_max_ms) + 1000;
    // No retry scheduled at all after a disconnect: it gave up at once (a protocol error).
    const gaveUpMs = 2 * zmq.reconnect_ms + ZMQ_GAVE_UP_GRACE_MS;
    this.watchdog = setInterval(() => this.redialStalled(stallMs, gaveUpMs), Math.max(100, Math.floor(Math.min(stallMs, gaveUpMs) / 4)));
    this.watchdog.unref();
    const origin = "zmq";
    this.loop = (async () => {
      try {
        for await (const frames of sub) {
          try {
            emit({ kind: "frames", origin, frames });
          } catch (err) {
            // A stage that throws (it should not) costs one message, never the receive loop.
            metrics.inc("source_errors", { source: "zmq" });
            log.error(
              { err, topic: frames[0]?.toString("utf8").slice(0, 200) ?? null },
              "a pipeline stage failed on a ZeroMQ message; skipped",
            );
          }
        }
      } catch (err) {
        if (!sub.closed) log.error({ err }, "ZeroMQ receive loop failed");
      }
    })();
  }

  async stop(): Promise<void> {
    clearInterval(this.watchdog);
    this.sub?.close();
    await this.loop;
  }

  private redialStalled(stallMs: number, gaveUpMs: number): void {
    const sub = this.sub;
    if (!sub || sub.closed) return;
    const now = Date.now();
    for (const [addr, st] of this.state) {
      if (st.downSince === null) continue;
      const gaveUp = !st.retried && now - st.downSince >= gaveUpMs;
      if (!gaveUp && now - st.lastEvent < stallMs) continue;
      if (gaveUp) {
        this.opts.log.warn(
          {
            endpoint: this.label(addr),
            down_ms: now - st.downSince,
            guard_bytes: this.guardBytes,
            cause:
              "ZeroMQ closed the session for good and scheduled no retry: a protocol error, most likely a frame over its maxMessageSize guard",
          },
          "publisher session dropped by ZeroMQ after a protocol error (a frame over the maxMessageSize guard?); redialling",
        );
      } else {
        this.opts.log.warn({ endpoint: this.label(addr), down_ms: now - st.downSince }, "ZeroMQ stopped reconnecting; redialling");
      }
      this.opts.metrics.inc("zmq_redials");
      st.lastEvent = now;
      st.retried = false;
      st.downSince = now;
      try {
        sub.disconnect(addr);
      } catch {
        // Already disconnected: ZeroMQ forgot the endpoint, which is the case being repaired.
      }
      sub.connect(addr);
    }
  }

  private label(addr: string): string {
    const name = this.nameOf.get(addr);
    return name ? `${name} ${addr}` : addr;
  }
}
