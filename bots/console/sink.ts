/** The console transport: prints what a bot would send, one line per message, rate-limited like a real sink. */
import type { ConsoleSinkConfig } from "../../config/schema.js";
import { ircLineToTerminal, ircTextBudget, renderIrc, renderMastodon, renderTerminal, type Message, type Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { LimitedSink } from "../sink.js";

export interface ConsoleSinkOptions {
  readonly name: string;
  readonly config: ConsoleSinkConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly out?: NodeJS.WritableStream;
  readonly color?: boolean;
  /** Printed before each line, e.g. the channel the line would go to. */
  readonly prefix?: string;
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

export function createConsoleSink(opts: ConsoleSinkOptions): LimitedSink<string> {
  const out = opts.out ?? process.stdout;
  const color = opts.color ?? false;
  const render = consoleRenderer(opts.config.style, color);
  const prefix = opts.prefix ? `${opts.prefix} ` : "";
  return new LimitedSink<string>({
    name: opts.name,
    filter: new Filter(opts.config.filters),
    render: (s: Summary, _msg: Message) => prefix + render(s),
    limit: opts.config.limit,
    log: opts.log,
    metrics: opts.metrics,
    deliver: (line) =>
      new Promise<void>((resolve, reject) => {
        out.write(`${line}\n`, (err) => (err ? reject(err) : resolve()));
      }),
  });
}
