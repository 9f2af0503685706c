/**
 * The web sink: the pipeline's messages become rows in a ring buffer, counts in
 * the statistics, and frames to every browser that asked for them. Taking a row
 * is immediate, so each message is settled in `offer`: `sent` once it is in the
 * ring and broadcast, `filtered` when the sink's own filters refuse it. What one
 * browser receives is that browser's affair (its queue, a "skipped" row, a cut),
 * not the message's outcome.
 */
import type { WebConfig } from "../../config/web.js";
import type { Message, Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import type { Outcome, Ticket } from "../flow/outcome.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { loadAssets } from "./assets.js";
import { Hub } from "./hub.js";
import { Ring } from "./ring.js";
import { toRow, type Row } from "./row.js";
import { startWebServer, type WebServer } from "./server.js";
import { Stats } from "./stats.js";

export interface WebSinkOptions {
  readonly name?: string;
  readonly config: WebConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
}

export class WebSink implements Sink {
  readonly name: string;
  readonly ring: Ring<Row>;
  readonly stats: Stats;
  readonly hub: Hub;
  private readonly filter: Filter;
  private readonly imageOrigins: ReadonlySet<string>;
  private readonly now: () => number;
  private server: WebServer | undefined;
  private seq = 0;
  private stopped = false;

  constructor(private readonly opts: WebSinkOptions) {
    const { config, log, metrics } = opts;
    this.name = opts.name ?? "web";
    this.now = opts.now ?? Date.now;
    this.filter = new Filter(config.filters);
    this.imageOrigins = new Set(config.image_origins);
    this.ring = new Ring<Row>(config.recent_max);
    this.stats = new Stats(this.now());
    this.hub = new Hub({
      maxClients: config.max_clients,
      heartbeatMs: config.heartbeat_ms,
      bufferBytes: config.client_buffer_bytes,
      stallMaxMs: config.client_stall_max_ms,
      sink: this.name,
      log,
      metrics,
      now: this.now,
    });
  }

  /** `host:port` the server listens on (after start). */
  get address(): string {
    if (!this.server) throw new Error("the web sink is not started");
    return this.server.address;
  }

  wantsTopic(topic: string): boolean {
    return !this.stopped && this.filter.acceptsTopic(topic);
  }

  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    if (this.stopped) {
      this.settle(ticket, "dropped", "shutdown");
      return;
    }
    if (!this.filter.acceptsSummary(summary)) {
      this.settle(ticket, "filtered");
      return;
    }
    const now = this.now();
    const row = toRow(++this.seq, msg, summary, now, this.imageOrigins);
    this.ring.push(row);
    this.stats.add(row.service, row.event, now);
    this.hub.broadcast(row);
    this.settle(ticket, "sent");
  }

  async start(): Promise<void> {
    const { config, log, metrics } = this.opts;
    this.server = await startWebServer({
      listen: config.listen,
      hub: this.hub,
      ring: this.ring,
      stats: () => this.stats.snapshot(this.now()),
      backlog: config.backlog,
      maxClients: config.max_clients,
      imageOrigins: config.image_origins,
      assets: loadAssets(),
      sink: this.name,
      log,
      metrics,
    });
    log.info({ sink: this.name, url: `http://${this.server.address}/` }, "serving the live bus page");
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.server?.close();
    this.hub.closeAll();
  }

  private settle(ticket: Ticket, outcome: Outcome, reason?: "shutdown"): void {
    this.opts.metrics.inc("sink_messages", { sink: this.name, outcome });
    if (reason) this.opts.metrics.inc("sink_dropped", { sink: this.name, reason });
    ticket.settle(outcome, reason);
  }
}
