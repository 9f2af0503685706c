/**
 * What the transport benchmarks (irc-latency.ts, mastodon.ts, matrix.ts) share: a ZeroMQ bus into
 * a pipeline, percentiles, the fault-case table and the renderer-cost loop. Figures only: nothing
 * here asserts a time.
 */
import { Publisher } from "zeromq";
import type { Config } from "../config/schema.js";
import type { Logger } from "../bots/log.js";
import type { Metrics } from "../bots/metrics.js";
import type { Pipeline } from "../bots/pipeline.js";
import { ZmqSource } from "../bots/sources/zmq.js";
import type { BusEnvelope } from "../test/helpers/builders.js";

/** The value at percentile `p` of ascending `sorted`. */
export function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface Bus {
  /** Publishes one envelope as `[topic, JSON]`, as fedmsg does. */
  publish(e: BusEnvelope): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real ZeroMQ PUB socket on `addr` -> ZmqSource (config.endpoints) -> `pipeline`. PUB drops what
 * is sent before the subscription arrives: resolves once `arrived(ms)` says a warm-up message got
 * through within ms, publishing `envelope()` again until one does.
 */
export async function openBus(
  addr: string,
  deps: { config: Config; pipeline: Pipeline; log: Logger; metrics: Metrics },
  envelope: () => BusEnvelope,
  arrived: (withinMs: number) => Promise<boolean>,
): Promise<Bus> {
  const source = new ZmqSource({ endpoints: deps.config.endpoints, zmq: deps.config.zmq, log: deps.log, metrics: deps.metrics });
  const pub = new Publisher();
  await pub.bind(addr);
  await source.start(deps.pipeline.accept);
  const publish = async (e: BusEnvelope): Promise<void> => {
    await pub.send([e.topic, JSON.stringify(e)]);
  };
  for (;;) {
    const through = arrived(200);
    await publish(envelope());
    if (await through) break;
  }
  return {
    publish,
    async close() {
      await source.stop();
      pub.close();
    },
  };
}

/** Prints the outcome of each fault case (`what`: "status", "event"), run one after the other. */
export async function printFaultTable<C extends { readonly name: string }>(
  what: string,
  cases: readonly C[],
  run: (c: C) => Promise<{ readonly attempts: number; readonly outcome: string; readonly stored: number; readonly spanMs: number }>,
): Promise<void> {
  console.log(`\nRetry outcomes under faults (one ${what} each; virtual time):`);
  console.log(`  ${"fault".padEnd(46)} ${"attempts".padStart(8)}  ${"outcome".padEnd(8)} ${"stored".padStart(6)}  waited`);
  for (const c of cases) {
    const r = await run(c);
    const waited = r.spanMs >= 1000 ? `${(r.spanMs / 1000).toFixed(1)} s` : `${r.spanMs} ms`;
    console.log(
      `  ${c.name.padEnd(46)} ${String(r.attempts).padStart(8)}  ${r.outcome.padEnd(8)} ${String(r.stored).padStart(6)}  ${waited}`,
    );
  }
}

/** Prints the mean cost of `render(text)` over `n` runs for each named text. */
export function printRenderCost(what: string, texts: Readonly<Record<string, string>>, n: number, render: (text: string) => unknown): void {
  console.log(`\nRenderer cost per ${what}:`);
  const width = Math.max(...Object.keys(texts).map((k) => k.length)) + 2;
  for (const [name, text] of Object.entries(texts)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) render(text);
    console.log(`  ${name.padEnd(width)} ${(Number(process.hrtime.bigint() - t) / n / 1000).toFixed(1)} µs`);
  }
}
