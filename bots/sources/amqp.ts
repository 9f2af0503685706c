/**
 * The fedora-messaging source: consumes from RabbitMQ (or Fedora's public broker
 * over TLS with a client certificate). A named queue is durable, so messages
 * wait while the bot is down; without a name a private queue lives as long as
 * the connection.
 *
 * A delivery is acked only when the pipeline settles it ("done": final in every
 * sink) and rejected without requeue when it is malformed; one a sink dropped at
 * shutdown is given back (nack), one a stage failed on is retried once (reject with
 * requeue): see amqp-settle.ts for why the method matters to a quorum queue's
 * delivery limit. `prefetch` bounds what
 * is in flight, so a crash gives back at most that much to the queue. amqplib does
 * not reconnect: this source does, with backoff, for a broker that is down at
 * start, a lost connection, or a consumer the broker cancelled; every time it
 * declares the queue, the bindings and the consumer again.
 */
import { readFileSync } from "node:fs";
import amqp from "amqplib";
import type { AmqpConfig } from "../../config/schema.js";
import { redactUrl } from "../../config/secrets.js";
import { dedupeKey } from "../dedupe.js";
import type { InputResult } from "../flow/outcome.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { ReadinessReporter } from "../readiness.js";
import { CLOSE_TIMEOUT_MS, closeWithin, within } from "./amqp-close.js";
import { guardBodySize, skippedBodyBytes } from "./amqp-guard.js";
import type { AmqpDelivery } from "./amqp-message.js";
import { AmqpConfigError, declareQueue, isConfigRefusal, isLoginRefusal } from "./amqp-queue.js";
import { brokerVersion, givebackWarning, NACK_NOT_COUNTED_FROM, settleDelivery, versionBefore, type Settlement } from "./amqp-settle.js";
import type { Source, SourceHealth, SourceInput } from "./source.js";

/** How long a TCP/TLS connect may take before it counts as a failed attempt. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface AmqpSourceOptions {
  readonly amqp: AmqpConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  /**
   * True when every sink already has a final line for the message of this topic (the routing key)
   * and id (the shared memory in Redis): the delivery is acked without going through the pipeline again.
   */
  readonly alreadySent?: (topic: string, id: string) => Promise<boolean>;
}

type State = "idle" | "connecting" | "consuming" | "retrying" | "stopping" | "closed";

/** One delivery on one channel; `gen` tells whether that channel is still the current one. */
interface Held {
  readonly ch: amqp.Channel;
  readonly gen: number;
  readonly m: amqp.ConsumeMessage;
  /** How many times the broker says it came back before this delivery (a quorum queue's x-delivery-count; 0 when unknown). */
  readonly returns: number;
}

/** Give-backs of deliveries that had come back before, gathered over one tick: one warning for a shutdown's worth. */
interface AgainBatch {
  count: number;
  /** The most returned of them: its returns after this give-back, topic and id. */
  returns: number;
  topic: string;
  msgId: string | null;
}

export class AmqpSource implements Source {
  readonly name = "amqp";
  private emit: ((input: SourceInput) => void) | undefined;
  private conn: amqp.ChannelModel | undefined;
  private ch: amqp.Channel | undefined;
  private consumerTag: string | undefined;
  /** Bumped for every channel: a delivery tag means nothing on another channel. */
  private gen = 0;
  private state: State = "idle";
  private lastError = "";
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  private attempt = 0;
  /**
   * Message (topic and id: `dedupeKey`) -> deliveries of it that arrived while its first delivery
   * was still in flight here (a redelivery after a reconnect): they are settled with it, so a
   * message is neither shown twice nor acked before it is final. Not the id alone: a message of
   * another topic reusing the id would have been settled with that one, never shown.
   */
  private readonly inFlight = new Map<string, Held[]>();
  /** Deliveries waiting for their already-sent lookup, in order. */
  private order: Promise<void> = Promise.resolve();
  private pending = 0;
  /** The connect under way, if any: `close` waits for it, so no connection outlives the source. */
  private connecting: Promise<void> | undefined;
  private warnedGiveback = false;
  /** The broker's `major.minor` (server properties at connect): from 4.3 a nack with requeue does not count. */
  private broker: [number, number] | null = null;
  private again: AgainBatch | undefined;
  /** `/readyz`: ready only while consuming (registered at start, so a bot on AMQP is not ready before). */
  private readiness: ReadinessReporter | undefined;
  /** The last attempt failed because the broker refused to declare the queue (406 and the like): not an outage. */
  private refused = false;

  constructor(private readonly opts: AmqpSourceOptions) {}

  /** Resolves once consuming, or once the first attempt failed and retries run in the background. */
  async start(emit: (input: SourceInput) => void): Promise<void> {
    this.emit = emit;
    this.readiness = this.opts.metrics.readiness.register("source", this.name);
    this.readiness.set(false, "connecting");
    const tls = this.tlsOptions(); // an unreadable CA, certificate or key stops the start
    try {
      await this.connect(tls);
    } catch (err) {
      // A refusal that retrying cannot fix (access refused, a queue declared with other arguments) stops the start.
      if (err instanceof AmqpConfigError) throw err;
      if (isConfigRefusal(err) || isLoginRefusal(err))
        throw new AmqpConfigError(
          `amqp ${redactUrl(this.opts.amqp.url)}: the broker refused: ${err instanceof Error ? err.message : String(err)}`,
          {
            cause: err,
          },
        );
      this.scheduleReconnect(err, tls);
    }
  }

  health(): SourceHealth {
    switch (this.state) {
      case "consuming":
        return { ok: true, detail: "consuming" };
      case "retrying":
        return { ok: false, detail: this.retryDetail() };
      case "connecting":
        return { ok: false, detail: `connecting${this.lastError ? ` (last error: ${this.lastError})` : ""}` };
      default:
        return { ok: this.state !== "idle", detail: this.state };
    }
  }

  /** Why it is retrying, for /healthz, /readyz and the log: a refused declare is no unreachable broker. */
  private retryDetail(): string {
    const why = this.refused ? "queue declare refused" : "broker unreachable";
    return `${why}, retry ${this.attempt} in ${Math.max(0, this.retryAt - Date.now())} ms: ${this.lastError}`;
  }

  private tlsOptions(): Record<string, unknown> {
    const cfg = this.opts.amqp;
    return {
      ...(cfg.ca_file ? { ca: [readFileSync(cfg.ca_file)] } : {}),
      ...(cfg.cert_file ? { cert: readFileSync(cfg.cert_file) } : {}),
      ...(cfg.key_file ? { key: readFileSync(cfg.key_file) } : {}),
    };
  }

  private stopped(): boolean {
    return this.state === "stopping" || this.state === "closed";
  }

  private connect(tls: Record<string, unknown>): Promise<void> {
    const p = this.connectOnce(tls).finally(() => {
      if (this.connecting === p) this.connecting = undefined;
    });
    this.connecting = p;
    return p;
  }

  /**
   * One attempt. The source may be stopped during any of its awaits (a handshake
   * through a slow network takes seconds): after each, a stopped source closes
   * this connection and returns, so no consumer starts after `stop`.
   */
  private async connectOnce(tls: Record<string, unknown>): Promise<void> {
    const { amqp: cfg, log, metrics } = this.opts;
    this.state = "connecting";
    const url = /[?&]heartbeat=/.test(cfg.url) ? cfg.url : `${cfg.url}${cfg.url.includes("?") ? "&" : "?"}heartbeat=${cfg.heartbeat_s}`;
    const conn = await amqp.connect(url, {
      ...tls,
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: `fedmsg-echo ${cfg.queue ?? "(private queue)"} pid ${process.pid}` },
    });
    if (this.stopped()) return closeWithin(conn, CLOSE_TIMEOUT_MS);
    this.conn = conn;
    this.broker = brokerVersion(conn.connection.serverProperties);
    this.warnGiveback(conn);
    conn.on("error", (err: unknown) => log.warn({ err }, "AMQP connection error"));
    conn.on("close", (err: unknown) => {
      if (this.conn !== conn) return;
      this.conn = undefined;
      this.ch = undefined;
      metrics.set("amqp_connected", 0);
      if (this.state === "consuming" || this.state === "connecting") this.scheduleReconnect(err ?? new Error("connection closed"), tls);
    });
    try {
      const ch = await conn.createChannel();
      if (this.stopped()) {
        await closeWithin(conn, CLOSE_TIMEOUT_MS);
        return;
      }
      guardBodySize(ch, cfg.max_message_bytes);
      const gen = ++this.gen;
      ch.on("error", (err: unknown) => log.warn({ err }, "AMQP channel error"));
      // A channel the broker closed (a bad ack, a deleted queue on a busy channel) takes the connection along: one recovery path.
      ch.on("close", () => {
        if (this.ch === ch) this.drop(conn);
      });
      await ch.prefetch(cfg.prefetch);
      if (this.stopped()) {
        await closeWithin(conn, CLOSE_TIMEOUT_MS);
        return;
      }
      const queue = await declareQueue(ch, cfg);
      if (this.stopped()) {
        await closeWithin(conn, CLOSE_TIMEOUT_MS);
        return;
      }
      this.ch = ch;
      // A delivery after stop is not taken: it stays unacked and goes back to the queue at close.
      const ok = await ch.consume(queue, (m) => (m ? (this.stopped() ? undefined : this.onDelivery(ch, gen, m)) : this.onCancelled(conn)), {
        noAck: false,
      });
      this.consumerTag = ok.consumerTag;
      if (this.stopped()) {
        await closeWithin(conn, CLOSE_TIMEOUT_MS);
        return;
      }
      this.state = "consuming";
      this.attempt = 0;
      this.lastError = "";
      this.refused = false;
      this.readiness?.set(true, `consuming from ${queue}`);
      metrics.inc("amqp_consumes");
      metrics.set("amqp_connected", 1);
      log.info({ url: redactUrl(cfg.url), queue, exchange: cfg.exchange, routing_keys: cfg.routing_keys }, "consuming from AMQP");
    } catch (err) {
      this.drop(conn);
      throw err;
    }
  }

  /** Once per source: a broker before 4.3 counts give-backs against a quorum queue's delivery limit (amqp-settle.ts). */
  private warnGiveback(conn: amqp.ChannelModel): void {
    if (this.warnedGiveback) return;
    const warning = givebackWarning(this.opts.amqp, conn.connection.serverProperties);
    if (warning === null) return;
    this.warnedGiveback = true;
    this.opts.log.warn({ queue: this.opts.amqp.queue, delivery_limit: this.opts.amqp.delivery_limit }, warning);
  }

  /** Close a connection on purpose: its "close" event starts the recovery. */
  private drop(conn: amqp.ChannelModel): void {
    void closeWithin(conn, CLOSE_TIMEOUT_MS);
  }

  private onCancelled(conn: amqp.ChannelModel): void {
    const { log, metrics } = this.opts;
    metrics.inc("amqp_consumer_cancelled");
    this.lastError = "the broker cancelled the consumer (queue deleted?)";
    log.warn("the broker cancelled the consumer (was the queue deleted?); reconnecting to declare it again");
    this.drop(conn);
  }

  private onDelivery(ch: amqp.Channel, gen: number, m: amqp.ConsumeMessage): void {
    const { amqp: cfg, log, metrics } = this.opts;
    metrics.inc("amqp_deliveries");
    const p = m.properties;
    const delivery: AmqpDelivery = {
      routingKey: m.fields.routingKey,
      // "" is no id: taken as one, every such message would share it (coalesced in flight, deduped).
      messageId: typeof p.messageId === "string" && p.messageId !== "" ? p.messageId : null,
      headers: p.headers ?? {},
      contentType: typeof p.contentType === "string" ? p.contentType : null,
      contentEncoding: typeof p.contentEncoding === "string" ? p.contentEncoding : null,
      priority: typeof p.priority === "number" ? p.priority : null,
      body: m.content,
      bodyBytes: skippedBodyBytes(p) ?? m.content.length,
      maxBytes: cfg.max_message_bytes,
    };
    const id = delivery.messageId;
    const key = dedupeKey(delivery.routingKey, id);
    const held: Held = { ch, gen, m, returns: this.noteRedelivery(delivery, m.fields.redelivered) };
    if (key !== null) {
      const waiting = this.inFlight.get(key);
      if (waiting) {
        metrics.inc("amqp_redelivered_in_flight");
        waiting.push(held);
        return;
      }
      this.inFlight.set(key, []);
    }
    let settled = false;
    const settleAs = (how: Settlement): void => {
      if (settled) return;
      settled = true;
      const all = [held, ...(key !== null ? (this.inFlight.get(key) ?? []) : [])];
      if (key !== null) this.inFlight.delete(key);
      for (const h of all) this.finish(h, how);
    };
    const settle = (r: InputResult): void => settleAs(r === "malformed" ? "drop" : r === "requeue" ? "giveback" : "ack");
    const dispatch = (): void => {
      try {
        this.emit?.({ kind: "amqp", origin: "amqp", delivery, settle });
      } catch (err) {
        // No stage error may stop the source: count it, and give the message one more try before rejecting it.
        metrics.inc("source_errors", { source: "amqp" });
        log.error({ err, topic: delivery.routingKey, msg_id: id }, "a pipeline stage failed on an AMQP delivery");
        settleAs(m.fields.redelivered ? "drop" : "retry");
      }
    };
    const alreadySent = this.opts.alreadySent;
    if (!alreadySent || id === null) {
      if (this.pending === 0) {
        dispatch();
        return;
      }
    }
    // Looked up at once, handed on in delivery order: a slow answer holds back the ones behind it, never reorders them.
    const known = alreadySent && id !== null ? alreadySent(delivery.routingKey, id).catch(() => false) : Promise.resolve(false);
    this.pending++;
    this.order = this.order.then(async () => {
      const sent = await known;
      this.pending--;
      if (!sent) {
        dispatch();
        return;
      }
      metrics.inc("amqp_already_sent");
      log.debug({ topic: delivery.routingKey, msg_id: id }, "already sent by an earlier run or a replica; acked");
      settleAs("ack");
    });
  }

  /**
   * Quorum queues count deliveries that were not acked (x-delivery-count): a message near the limit
   * may be poison. The header is trusted only on a delivery the broker marks `redelivered`: on a
   * first delivery it can only be the publisher's (RabbitMQ adds it, replacing a publisher's, only
   * once a message came back; a quorum queue marks every such delivery redelivered: 3.x from a
   * delivery count over 0, 4.x from any earlier acquisition). A classic queue never sets it: there
   * it is the publisher's on every delivery (the queue type is the configured one: declaring a queue
   * of another type fails).
   */
  private noteRedelivery(d: AmqpDelivery, redelivered: boolean): number {
    const { amqp: cfg, log, metrics } = this.opts;
    if (cfg.queue_type !== "quorum" || !redelivered || !Object.hasOwn(d.headers, "x-delivery-count")) return 0;
    const count = d.headers["x-delivery-count"];
    if (typeof count !== "number" || count < 1) return 0;
    metrics.inc("amqp_redeliveries");
    if (cfg.delivery_limit !== null && count >= cfg.delivery_limit) {
      metrics.inc("amqp_last_delivery");
      log.warn(
        { topic: d.routingKey, msg_id: d.messageId, deliveries: count + 1 },
        "message delivered again and again without an ack (does it crash the bot?); the broker drops it if this delivery is not acked either",
      );
    }
    return count;
  }

  /**
   * A delivery given back (nack or reject with requeue) that had come back before: a quorum queue
   * counts its returns, and drops (or dead-letters) a message past its delivery limit, which may be
   * `amqp.delivery_limit`, RabbitMQ's default (20 from 4.0), or a broker policy (`delivery-limit`)
   * that the bot cannot read: AMQP tells a consumer nothing of policies, and the management API is a
   * plugin, with its own port and credentials, that a broker may not run. So the bot says what it
   * sees: the returns after this one, counted (`amqp_given_back_again_total`) and warned about, one
   * line for what one tick gave back (a shutdown gives back a prefetch at once). A first give-back
   * is not warned about: one restart with a backlog is normal; a second means the message keeps
   * coming back (a channel refusing the bot through restarts, a crash loop). From RabbitMQ 4.3 a
   * nack with requeue (a give-back at shutdown) does not count, and is not warned about.
   */
  private noteGivenBackAgain(h: Held, how: Settlement): void {
    if (h.returns < 1 || (how !== "giveback" && how !== "retry")) return;
    if (how === "giveback" && this.broker !== null && !versionBefore(this.broker, NACK_NOT_COUNTED_FROM)) return;
    this.opts.metrics.inc("amqp_given_back_again");
    const returns = h.returns + 1;
    const batch = this.again;
    if (batch) {
      batch.count++;
      if (returns > batch.returns) Object.assign(batch, { returns, topic: h.m.fields.routingKey, msgId: msgIdOf(h.m) });
      return;
    }
    this.again = { count: 1, returns, topic: h.m.fields.routingKey, msgId: msgIdOf(h.m) };
    setImmediate(() => {
      const b = this.again;
      this.again = undefined;
      if (!b) return;
      const { amqp: cfg, log } = this.opts;
      log.warn(
        {
          queue: cfg.queue,
          given_back_again: b.count,
          returns: b.returns,
          topic: b.topic,
          msg_id: b.msgId,
          delivery_limit: cfg.delivery_limit,
        },
        `${b.count === 1 ? "a message" : `${b.count} messages`} given back again to the queue (the most returned ${b.returns} times now): ` +
          "a quorum queue drops a message whose returns pass its delivery limit (amqp.delivery_limit, RabbitMQ's default of 20 from 4.0, " +
          "or a broker policy's delivery-limit, which the bot cannot read). Does a channel keep refusing the bot across restarts?",
      );
    });
  }

  private finish(h: Held, how: Settlement): void {
    const { metrics, log } = this.opts;
    if (h.gen !== this.gen || this.ch !== h.ch) {
      // Its channel is gone: the broker has put it back in the queue and delivers it again.
      metrics.inc("amqp_settled_after_reconnect");
      return;
    }
    try {
      settleDelivery(h.ch, h.m, how);
      metrics.inc(how === "ack" ? "amqp_acked" : how === "drop" ? "amqp_rejected" : "amqp_requeued");
      this.noteGivenBackAgain(h, how);
    } catch (err) {
      log.warn({ err }, "AMQP ack failed (channel closing); the broker will deliver the message again");
    }
  }

  private scheduleReconnect(err: unknown, tls: Record<string, unknown>): void {
    const { amqp: cfg, log, metrics } = this.opts;
    if (this.state === "stopping" || this.state === "closed") return;
    this.state = "retrying";
    this.lastError = err instanceof Error ? err.message : String(err);
    this.refused = err instanceof AmqpConfigError || isConfigRefusal(err);
    const base = Math.min(cfg.reconnect_max_ms, cfg.reconnect_ms * 2 ** this.attempt++);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.retryAt = Date.now() + delay;
    this.readiness?.set(false, this.retryDetail());
    log.warn(
      { retry_in_ms: delay, attempt: this.attempt, error: this.lastError },
      this.refused
        ? "AMQP broker refused to declare the queue (it exists with other arguments?); consuming nothing, retrying"
        : "AMQP broker unreachable or connection lost; reconnecting",
    );
    metrics.inc("amqp_reconnects");
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.connect(tls).catch((e: unknown) => this.scheduleReconnect(e, tls));
    }, delay);
  }

  /** Stop consuming; the channel stays open so that what is in flight can still be acked while the sinks drain. */
  async stop(): Promise<void> {
    if (this.state === "stopping" || this.state === "closed") return;
    this.state = "stopping";
    clearTimeout(this.retryTimer);
    this.readiness?.set(false, "stopping");
    const ch = this.ch;
    if (ch && this.consumerTag) await ch.cancel(this.consumerTag).catch(() => undefined);
  }

  /** Disconnect: whatever is still unacked goes back to the queue. A connect under way is waited for; it closes itself. */
  async close(): Promise<void> {
    await this.stop();
    this.state = "closed";
    const connecting = this.connecting;
    if (connecting) await within(connecting, CONNECT_TIMEOUT_MS);
    const conn = this.conn;
    const ch = this.ch;
    this.conn = undefined;
    this.ch = undefined;
    this.opts.metrics.set("amqp_connected", 0);
    // The channel first: its close handshake comes after the acks it still buffers, so acks already
    // given reach the broker (closing the connection at once loses them: those lines would be said twice).
    if (ch) await within(ch.close(), CLOSE_TIMEOUT_MS);
    if (conn) await closeWithin(conn, CLOSE_TIMEOUT_MS);
  }
}

function msgIdOf(m: amqp.ConsumeMessage): string | null {
  const id: unknown = m.properties.messageId;
  return typeof id === "string" && id !== "" ? id : null;
}
