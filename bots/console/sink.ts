/** The console transport: prints what a bot would send, one line per message or digest, paced like a real sink. */
import type { ConsoleSinkConfig } from "../../config/schema.js";
import { ircLineToTerminal, ircTextBudget, renderIrc, renderMastodon, renderTerminal, type Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import type { FlowClock } from "../flow/clock.js";
import type { Pacer } from "../flow/pacer.js";
import { FlowSink } from "../flow/sink.js";
import type { Outgoing, SendResult } from "../flow/transport.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";

export interface ConsoleSinkOptions {
  readonly name: string;
  readonly config: ConsoleSinkConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly out?: NodeJS.WritableStream;
  readonly color?: boolean;
  /** Printed before each line, e.g. the channel the line would go to. */
  readonly prefix?: string;
  readonly clock?: FlowClock;
  /** A pace of the caller's making instead of `limit` (bench/amqp.ts: one that never waits). */
  readonly pacer?: Pacer;
}

/** What the console shows for each style: the line or status the real bot would send. */
export function consoleRenderer(style: ConsoleSinkConfig["style"], color: boolean): (s: Summary) => string {
  switch (style) {
    case "irc": {
      const budget = ircTextBudget("fedmsg-echo!~fedmsg@fedora.example", "PRIVMSG", "#fedora-fedmsg");
      return (s) => ircLineToTerminal(renderIrc(s, { maxBytes: budget, colors: color }), color);
    }
    case "mastodon":
      // A status is several lines (text, link, hashtags): shown on one, separated by " ⏎ ".
      return (s) => renderMastodon(s).status.split("\n").join(" ⏎ ");
    case "plain":
      return (s) => renderTerminal(s, { color });
  }
}

export function createConsoleSink(opts: ConsoleSinkOptions): FlowSink {
  const out = opts.out ?? process.stdout;
  const color = opts.color ?? false;
  const render = consoleRenderer(opts.config.style, color);
  const prefix = opts.prefix ? `${opts.prefix} ` : "";
  return new FlowSink({
    name: opts.name,
    filter: new Filter(opts.config.filters),
    limit: opts.config.limit,
    flow: opts.config.flow,
    log: opts.log,
    metrics: opts.metrics,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.pacer ? { pacer: opts.pacer } : {}),
    transport: {
      ready: () => true,
      send: (o: Outgoing) =>
        new Promise<SendResult>((resolve) => {
          const tag = o.kind === "digest" ? "[digest] " : o.kind === "stats" ? "[stats] " : "";
          out.write(`${prefix}${tag}${render(o.summary)}\n`, (err) => resolve(err ? { dropped: "gave_up" } : "sent"));
        }),
    },
  });
}
