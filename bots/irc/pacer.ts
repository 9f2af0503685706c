/**
 * IRC's part of the flow layer: the control lines of one connection (JOIN, MODE,
 * NICK, NickServ, CTCP replies), queued by the connection and paid on its shared
 * pace (bots/flow/pacer.ts) before they go to `IrcConnection.send`, as the flow
 * pays for channel lines. They go before channel lines (bottleneck priority), only
 * once registered, and a JOIN costs two tokens. Lines irc-framework writes by
 * itself (registration, CAP, SASL, PING, PONG, QUIT) are charged to the same pace
 * when the transport writes them (transport.ts).
 */
import { PRIORITY, PacerStopped, type Pacer } from "../flow/pacer.js";
import type { IrcLine } from "./line.js";

/** At most this many droppable control lines (CTCP replies) wait; beyond that a CTCP flood is ignored. */
export const CONTROL_QUEUE_MAX = 20;

/**
 * Tokens a control line costs. InspIRCd charges a JOIN twice a message (penalty 2000):
 * joining a few channels at one token each got the bot killed for Excess Flood.
 */
export function controlLineCost(line: string): number {
  return /^JOIN /i.test(line) ? 2 : 1;
}

/** A control line: its text is fixed when it is queued. */
export class ControlLine implements IrcLine {
  readonly channel = null;
  readonly cost: number;

  constructor(readonly text: string) {
    this.cost = controlLineCost(text);
  }

  render(): string {
    return this.text;
  }
}

/** The connection, as its control lines see it (IrcConnection). */
export interface ControlWire {
  /** Registered and the socket up: control lines may leave. */
  isRegistered(): boolean;
  /** Writes a line whose tokens are paid. */
  send(line: ControlLine): unknown;
}

export class ControlLines {
  private readonly queue: ControlLine[] = [];
  private pumping = false;
  private stopped = false;

  constructor(
    private readonly pacer: Pacer,
    private readonly wire: ControlWire,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /**
   * Queues a control line; false when the queue is full (the line is not sent).
   * `essential` lines (JOIN, MODE, NICK, IDENTIFY) are never refused: one per channel at
   * most, and a lost JOIN would leave its channel unjoined until the next reconnect.
   */
  push(text: string, essential = false): boolean {
    if (this.stopped) return false;
    if (!essential && this.queue.length >= CONTROL_QUEUE_MAX) return false;
    this.queue.push(new ControlLine(text));
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
      while (!this.stopped && this.queue.length > 0 && this.wire.isRegistered()) {
        const line = this.queue[0] as ControlLine;
        await this.pacer.acquire(line.cost, PRIORITY.control);
        // Cleared (connection lost) or not registered any more while waiting: give the tokens back.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may run while acquire() waited (TypeScript keeps the narrowing across await)
        if (this.queue[0] !== line || !this.wire.isRegistered() || this.stopped) {
          this.pacer.refund(line.cost);
          continue;
        }
        this.queue.shift();
        // Not awaited: the next control line waits for its tokens, not for this one's socket callback.
        void this.wire.send(line);
      }
    } catch (err) {
      if (!(err instanceof PacerStopped)) throw err;
    } finally {
      this.pumping = false;
    }
  }
}
