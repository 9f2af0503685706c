/** Test helpers: a sink that records what it is offered, free ports, waiting for a condition. */
import { createServer } from "node:net";
import type { Sink } from "../../bots/sink.js";
import type { Message, Summary } from "../../formatters/index.js";

export class CollectingSink implements Sink {
  readonly name = "collect";
  readonly got: { msg: Message; summary: Summary }[] = [];
  wantsTopic(): boolean {
    return true;
  }
  offer(msg: Message, summary: Summary): void {
    this.got.push({ msg, summary });
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

/**
 * The tests' one wait: poll `cond` every `stepMs` until true; throws with `what` after `timeoutMs`.
 * The default stays below mocha's 20 s timeout, so a wait that fails says what it waited for.
 */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000, stepMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
