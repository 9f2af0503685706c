/** Test helpers: a sink that records what it is offered, free ports, waiting for a condition. */
import { createServer } from "node:net";
import type { Outcome, Ticket } from "../../bots/flow/outcome.js";
import type { Sink } from "../../bots/sink.js";
import type { Message, Summary } from "../../formatters/index.js";

export class CollectingSink implements Sink {
  readonly name = "collect";
  readonly got: { msg: Message; summary: Summary; ticket: Ticket }[] = [];
  /** Settle each ticket at once with this outcome; null leaves them open (the test settles them). */
  constructor(private readonly outcome: Outcome | null = "sent") {}
  wantsTopic(): boolean {
    return true;
  }
  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    this.got.push({ msg, summary, ticket });
    if (this.outcome) ticket.settle(this.outcome);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Poll `cond` every `stepMs` until true; throws with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
