/**
 * The fedora-messaging source: consumes from RabbitMQ (or Fedora's public broker
 * over TLS with a client certificate). A named queue is durable, so messages
 * wait while the bot is down; without a name a private queue lives as long as
 * the connection. amqplib does not reconnect: this source does, with backoff.
 */
import { readFileSync } from "node:fs";
import amqp from "amqplib";
import type { AmqpConfig } from "../../config/schema.js";
import { redactUrl } from "../../config/secrets.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Source, SourceInput } from "./source.js";

const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 60_000;

export interface AmqpSourceOptions {
  readonly amqp: AmqpConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
}

export class AmqpSource implements Source {
  readonly name = "amqp";
  private conn: amqp.ChannelModel | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(private readonly opts: AmqpSourceOptions) {}

  async start(emit: (input: SourceInput) => void): Promise<void> {
    await this.connect(emit);
  }

  private async connect(emit: (input: SourceInput) => void): Promise<void> {
    const { amqp: cfg, log, metrics } = this.opts;
    const tls = {
      ...(cfg.ca_file ? { ca: [readFileSync(cfg.ca_file)] } : {}),
      ...(cfg.cert_file ? { cert: readFileSync(cfg.cert_file) } : {}),
      ...(cfg.key_file ? { key: readFileSync(cfg.key_file) } : {}),
    };
    const conn = await amqp.connect(cfg.url, tls);
    this.conn = conn;
    this.attempt = 0;
    conn.on("error", (err: unknown) => log.warn({ err }, "AMQP connection error"));
    conn.on("close", () => {
      this.conn = undefined;
      if (!this.stopped) this.scheduleReconnect(emit);
    });
    const ch = await conn.createChannel();
    await ch.prefetch(cfg.prefetch);
    const q = cfg.queue
      ? await ch.assertQueue(cfg.queue, { durable: true, autoDelete: false })
      : await ch.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
    for (const key of cfg.routing_keys) await ch.bindQueue(q.queue, cfg.exchange, key);
    await ch.consume(q.queue, (m) => {
      if (!m) return;
      metrics.inc("amqp_deliveries");
      const p = m.properties;
      const id = typeof p.messageId === "string" ? p.messageId : null;
      // The body is spliced in as text so that a body which is not JSON is reported by the decode stage.
      const text = `{"topic":${JSON.stringify(m.fields.routingKey)},"id":${JSON.stringify(id)},"headers":${JSON.stringify(p.headers ?? {})},"body":${m.content.toString("utf8") || "null"}}`;
      emit({ kind: "json", origin: "amqp", text });
      // Acked once handed to the pipeline: from there the sinks' bounded queues own it.
      ch.ack(m);
    });
    log.info({ url: redactUrl(cfg.url), queue: q.queue, exchange: cfg.exchange, routing_keys: cfg.routing_keys }, "consuming from AMQP");
  }

  private scheduleReconnect(emit: (input: SourceInput) => void): void {
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.attempt++);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.opts.log.warn({ retry_in_ms: delay }, "AMQP connection closed; reconnecting");
    this.opts.metrics.inc("amqp_reconnects");
    this.retryTimer = setTimeout(() => {
      this.connect(emit).catch((err: unknown) => {
        this.opts.log.warn({ err }, "AMQP reconnect failed");
        if (!this.stopped) this.scheduleReconnect(emit);
      });
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.conn?.close().catch(() => undefined);
  }
}
