/**
 * IRC's part of the flow layer: the control lines of one connection (JOIN, MODE,
 * NickServ, CTCP replies) on the connection's shared pace (bots/flow/pacer.ts).
 * They go before channel lines (bottleneck priority), only once registered, and
 * a JOIN costs two tokens. Lines irc-framework writes by itself (registration,
 * CAP, SASL, PING/PONG) are charged to the same pace by the connection.
 */
import { PRIORITY, PacerStopped, type Pacer } from "../flow/pacer.js";

/** At most this many droppable control lines (CTCP replies) wait; beyond that a CTCP flood is ignored. */
export const CONTROL_QUEUE_MAX = 20;

/**
 * Tokens a control line costs. InspIRCd charges a JOIN twice a message (penalty 2000):
 * joining a few channels at one token each got the bot killed for Excess Flood.
 */
export function controlLineCost(line: string): number {
  return /^JOIN /i.test(line) ? 2 : 1;
}

export interface ControlOptions {
  readonly pacer: Pacer;
  /** Whether control lines may be sent now (connection registered). */
  readonly ready: () => boolean;
  readonly write: (line: string) => void;
}

export class ControlLines {
  private readonly queue: string[] = [];
  private pumping = false;
  private stopped = false;

  constructor(private readonly opts: ControlOptions) {}

  get size(): number {
    return this.queue.length;
  }

  /**
   * Queues a control line; false when the queue is full (the line is not sent).
   * `essential` lines (JOIN, MODE, NICK, IDENTIFY) are never refused: one per channel at
   * most, and a lost JOIN would leave its channel unjoined until the next reconnect.
   */
  push(line: string, essential = false): boolean {
    if (this.stopped) return false;
    if (!essential && this.queue.length >= CONTROL_QUEUE_MAX) return false;
    this.queue.push(line);
    void this.pump();
    return true;
  }

  /** Forgets the lines of a dead connection (a new one sends its own JOINs). */
  clear(): void {
    this.queue.length = 0;
  }

  /** Readiness changed (registered): try again. */
  wake(): void {
    void this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.queue.length > 0 && this.opts.ready()) {
        const line = this.queue[0] as string;
        const cost = controlLineCost(line);
        await this.opts.pacer.acquire(cost, PRIORITY.control);
        // Cleared (connection lost) or not registered any more while waiting: give the tokens back.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may run while acquire() waited (TypeScript keeps the narrowing across await)
        if (this.queue[0] !== line || !this.opts.ready() || this.stopped) {
          this.opts.pacer.refund(cost);
          continue;
        }
        this.queue.shift();
        this.opts.write(line);
      }
    } catch (err) {
      if (!(err instanceof PacerStopped)) throw err;
    } finally {
      this.pumping = false;
    }
  }
}
