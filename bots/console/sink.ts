/** The console transport: prints what a bot would send, one line per message, rate-limited like a real sink. */
import type { ConsoleSinkConfig } from "../../config/schema.js";
import { renderTerminal, type Message, type Summary } from "../../formatters/index.js";
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
  /** Renders a summary into the text to print; default `title -- text link`. */
  readonly render?: (summary: Summary, msg: Message) => string | undefined;
}

export function createConsoleSink(opts: ConsoleSinkOptions): LimitedSink<string> {
  const out = opts.out ?? process.stdout;
  const color = opts.color ?? false;
  const render = opts.render ?? ((s: Summary) => renderTerminal(s, { color }));
  return new LimitedSink<string>({
    name: opts.name,
    filter: new Filter(opts.config.filters),
    render,
    limit: opts.config.limit,
    log: opts.log,
    metrics: opts.metrics,
    deliver: (line) =>
      new Promise<void>((resolve, reject) => {
        out.write(`${line}\n`, (err) => (err ? reject(err) : resolve()));
      }),
  });
}
