/** Shared pieces of the Mastodon tests: a config and a sink on the double, tickets; the rest from test/helpers/. */
import { parseConfig } from "../../../config/load.js";
import type { Config } from "../../../config/schema.js";
import { Metrics } from "../../../bots/metrics.js";
import type { Clock } from "../../../bots/mastodon/clock.js";
import { createMastodonAccountSinks } from "../../../bots/mastodon/main.js";
import type { MastodonSink } from "../../../bots/mastodon/sink.js";
import { captureLog, type LogCapture } from "../../helpers/sink-tests.js";
import { Tickets } from "../../helpers/flow.js";

/** The tickets of every message the Mastodon tests offer, with their outcomes. */
export const tickets = new Tickets();
export const ticket = (): ReturnType<Tickets["make"]> => tickets.make();

export { busMessage as message } from "../../helpers/builders.js";
export { captureLog, maxInSlidingWindow, summary, until, type LogCapture } from "../../helpers/sink-tests.js";

/** A config with one Mastodon account on the double; `account` overrides the account's keys. */
export function config(instance: string, account: Record<string, unknown> = {}): Config {
  return parseConfig({ mastodon: [{ instance, access_token: "good-token", ...account }] });
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
