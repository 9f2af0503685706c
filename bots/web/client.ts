/**
 * One browser's Server-Sent Events stream, with a bounded queue. Rows are written
 * while the socket takes them; once `res.write` says the socket is full, rows wait
 * in a queue of at most `bufferBytes`. Past that, rows are skipped and counted, and
 * the browser gets one "N skipped" row in their place, in order. A browser that
 * reads nothing for `stallMaxMs` while rows wait is disconnected. So a slow
 * browser costs at most its buffer, and never holds the server's memory.
 */
import type { ServerResponse } from "node:http";
import type { RowFilter } from "./query.js";
import type { Row } from "./row.js";

export interface ClientLimits {
  readonly bufferBytes: number;
  readonly stallMaxMs: number;
}

export type CutReason = "stalled" | "closed";

/** The SSE frame of a row: encoded once, shared by every browser that gets it. */
export function rowFrame(row: Row): Buffer {
  return Buffer.from(`id: ${row.seq}\nevent: row\ndata: ${JSON.stringify(row)}\n\n`, "utf8");
}

/** The frame that stands for rows a browser missed: `n` rows, the last of them `through`. */
export function skippedFrame(n: number, through: number): Buffer {
  return Buffer.from(`id: ${through}\nevent: skipped\ndata: ${JSON.stringify({ n, through })}\n\n`, "utf8");
}

export class SseClient {
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private skipped = 0;
  private lastSkipped = 0;
  /** When the socket last refused a write and rows began to wait; null while it takes them. */
  private blockedSince: number | null = null;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    readonly filter: RowFilter,
    private readonly limits: ClientLimits,
    private readonly hooks: { onSkip(n: number): void; onCut(reason: CutReason): void; onQueued(deltaBytes: number): void; now(): number },
  ) {
    res.once("close", () => this.close("closed"));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Queue the row if this browser wants it. Never blocks, never throws. */
  offer(row: Row, frame: Buffer): void {
    if (this.closed || !this.filter.matches(row)) return;
    if (this.blockedSince === null) {
      this.write(frame);
      return;
    }
    if (this.queuedBytes + frame.length > this.limits.bufferBytes) {
      this.skipped++;
      this.lastSkipped = row.seq;
      this.hooks.onSkip(1);
      return;
    }
    this.queueSkipped();
    this.push(frame);
  }

  /** A frame that is not a row (the retry hint, a heartbeat): only while the socket takes writes. */
  raw(text: string): void {
    if (!this.closed && this.blockedSince === null) this.write(Buffer.from(text, "utf8"));
  }

  /** Cut a browser that has read nothing for too long; called on the hub's tick. */
  checkStall(now: number): boolean {
    if (this.closed || this.blockedSince === null || now - this.blockedSince <= this.limits.stallMaxMs) return false;
    this.hooks.onCut("stalled");
    this.closed = true;
    this.release();
    this.res.destroy();
    return true;
  }

  /** End the stream (shutdown). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.res.end();
  }

  private close(reason: CutReason): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.hooks.onCut(reason);
  }

  private release(): void {
    this.hooks.onQueued(-this.queuedBytes);
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private push(frame: Buffer): void {
    this.queue.push(frame);
    this.queuedBytes += frame.length;
    this.hooks.onQueued(frame.length);
  }

  /** The skipped rows so far become one frame at this point of the stream. */
  private queueSkipped(): void {
    if (this.skipped === 0) return;
    this.push(skippedFrame(this.skipped, this.lastSkipped));
    this.skipped = 0;
  }

  /** Write a frame; false when the socket refused it (then the stream is blocked until "drain"). */
  private write(frame: Buffer): boolean {
    if (this.res.write(frame)) return true;
    this.blockedSince = this.hooks.now();
    this.res.once("drain", this.flush);
    return false;
  }

  private readonly flush = (): void => {
    if (this.closed) return;
    this.blockedSince = null;
    for (;;) {
      const frame = this.queue.shift();
      if (frame === undefined) break;
      this.queuedBytes -= frame.length;
      this.hooks.onQueued(-frame.length);
      if (!this.write(frame)) return; // blocked again: the rest waits for the next "drain"
    }
    if (this.skipped > 0) {
      const frame = skippedFrame(this.skipped, this.lastSkipped);
      this.skipped = 0;
      this.write(frame);
    }
  };
}
