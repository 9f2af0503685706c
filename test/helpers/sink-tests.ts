/**
 * What the tests of the HTTP transports (test/bots/mastodon/, test/bots/matrix/) share, apart from
 * their doubles' plumbing (http-double.ts): a Koji summary, a log capture, a wait, and the count of
 * events in the busiest sliding window.
 */
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { Summary } from "../../formatters/index.js";
import { summary as baseSummary } from "./builders.js";
import { waitFor } from "./collect.js";

/** A Koji summary with this text and link (the shared builder, with these tests' defaults). */
export function summary(
  text: string,
  link: string | null = "https://koji.fedoraproject.org/koji/taskinfo?taskID=123",
  over: Partial<Summary> = {},
): Summary {
  return baseSummary({ text, link, app: "koji", ...over });
}

export interface LogCapture {
  readonly log: Logger;
  readonly lines: Record<string, unknown>[];
  find(msg: RegExp): Record<string, unknown> | undefined;
}

/** A pino logger at debug level whose JSON lines are kept, parsed. */
export function captureLog(): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString("utf8").split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const log = pino({ level: "debug" }, stream);
  return { log, lines, find: (re) => lines.find((l) => re.test(String(l.msg))) };
}

/**
 * Resolves when `cond` holds; polls every 5 ms (no wall-clock assertion). The default wait stays under
 * mocha's 20 s timeout (.mocharc.json), so a test that does not set its own fails naming what it waited for.
 */
export function until(cond: () => boolean, what: string, maxMs = 15_000): Promise<void> {
  return waitFor(cond, what, maxMs, 5);
}

/** The most events in any sliding window of `windowMs` (times sorted). */
export function maxInSlidingWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] ?? 0) - (times[lo] ?? 0) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
