/**
 * The browsers connected to `/events`: at most `maxClients`, each with its own
 * filter and bounded queue (client.ts). A row is encoded once and offered to all.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { rowFrame, SseClient, type ClientLimits } from "./client.js";
import type { RowFilter } from "./query.js";
import type { Row } from "./row.js";

/** What a browser's EventSource waits before reconnecting, ms (the SSE `retry` field). */
export const SSE_RETRY_MS = 3000;
/** How often stalled browsers are looked for, ms. */
const TICK_MS = 500;

export interface HubOptions extends ClientLimits {
  readonly maxClients: number;
  readonly heartbeatMs: number;
  readonly sink: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly now?: () => number;
}

export class Hub {
  private readonly clients = new Set<SseClient>();
  private readonly timer: NodeJS.Timeout;
  private lastHeartbeat: number;
  private queuedBytes = 0;
  private peakQueuedBytes = 0;
  private readonly now: () => number;

  constructor(private readonly opts: HubOptions) {
    this.now = opts.now ?? Date.now;
    this.lastHeartbeat = this.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  get full(): boolean {
    return this.clients.size >= this.opts.maxClients;
  }

  /** Bytes waiting in all browsers' queues now (a gauge). */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** The most bytes that ever waited at once (tests and the bench check it against the bound). */
  get peakPendingBytes(): number {
    return this.peakQueuedBytes;
  }

  /** Start a stream: headers, the retry hint, then `backlog` (oldest first), then live rows. */
  open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, filter: RowFilter, backlog: readonly Row[]): void {
    const { metrics, sink } = this.opts;
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    res.writeHead(200, {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    });
    const client = new SseClient(res, filter, this.opts, {
      now: this.now,
      onSkip: (n) => metrics.inc("web_rows_skipped", { sink }, n),
      onQueued: (delta) => {
        this.queuedBytes += delta;
        if (this.queuedBytes > this.peakQueuedBytes) this.peakQueuedBytes = this.queuedBytes;
      },
      onCut: (reason) => {
        this.clients.delete(client);
        if (reason === "stalled") {
          metrics.inc("web_clients_cut", { sink, reason });
          this.opts.log.info({ remote: req.socket.remoteAddress, reason }, "slow browser disconnected");
        }
        metrics.set("web_clients", this.clients.size, { sink });
      },
    });
    this.clients.add(client);
    metrics.set("web_clients", this.clients.size, { sink });
    client.raw(`retry: ${SSE_RETRY_MS}\n\n`);
    for (const row of backlog) client.offer(row, rowFrame(row));
  }

  broadcast(row: Row): void {
    if (this.clients.size === 0) return;
    const frame = rowFrame(row);
    for (const c of this.clients) c.offer(row, frame);
  }

  closeAll(): void {
    clearInterval(this.timer);
    for (const c of [...this.clients]) c.end();
    this.clients.clear();
    this.opts.metrics.set("web_clients", 0, { sink: this.opts.sink });
  }

  private tick(): void {
    const now = this.now();
    for (const c of [...this.clients]) c.checkStall(now);
    if (now - this.lastHeartbeat >= this.opts.heartbeatMs) {
      this.lastHeartbeat = now;
      for (const c of this.clients) c.raw(": keep-alive\n\n");
    }
    this.opts.metrics.set("web_queued_bytes", this.pendingBytes, { sink: this.opts.sink });
  }
}
