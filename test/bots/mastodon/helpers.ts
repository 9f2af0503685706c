/** Shared pieces of the Mastodon tests: messages, summaries, configs, a log capture. */
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { parseConfig } from "../../../config/load.js";
import type { Config } from "../../../config/schema.js";
import type { Summary } from "../../../formatters/index.js";
import { summary as baseSummary } from "../../helpers/builders.js";
import { Metrics } from "../../../bots/metrics.js";
import type { Clock } from "../../../bots/mastodon/clock.js";
import { createMastodonAccountSinks } from "../../../bots/mastodon/main.js";
import type { MastodonSink } from "../../../bots/mastodon/sink.js";
import { waitFor } from "../../helpers/collect.js";
import { Tickets } from "../../helpers/flow.js";

/** The tickets of every message the Mastodon tests offer, with their outcomes. */
export const tickets = new Tickets();
export const ticket = (): ReturnType<Tickets["make"]> => tickets.make();

export { busMessage as message } from "../../helpers/builders.js";

/** A Koji summary with this text and link (the shared builder, with the Mastodon tests' defaults). */
export function summary(
  text: string,
  link: string | null = "https://koji.fedoraproject.org/koji/taskinfo?taskID=123",
  over: Partial<Summary> = {},
): Summary {
  return baseSummary({ text, link, app: "koji", ...over });
}

/** A config with one Mastodon account on the double; `account` overrides the account's keys. */
export function config(instance: string, account: Record<string, unknown> = {}): Config {
  return parseConfig({ mastodon: [{ instance, access_token: "good-token", ...account }] });
}

export interface LogCapture {
  readonly log: Logger;
  readonly lines: Record<string, unknown>[];
  find(msg: RegExp): Record<string, unknown> | undefined;
}

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

export interface Built {
  readonly sink: MastodonSink;
  readonly metrics: Metrics;
  readonly logs: LogCapture;
}

export function buildSink(instance: string, account: Record<string, unknown> = {}, clock?: Clock): Built {
  const metrics = new Metrics();
  const logs = captureLog();
  const [sink] = createMastodonAccountSinks(config(instance, account), { log: logs.log, metrics, ...(clock ? { clock } : {}) });
  if (!sink) throw new Error("no sink");
  return { sink, metrics, logs };
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
