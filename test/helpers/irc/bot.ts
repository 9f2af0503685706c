/** Builds an IRC sink the way the CLI does (config -> createIrcSinks) and feeds it messages. */
import type { Summary } from "../../../formatters/index.js";
import { busMessage, summary } from "../builders.js";
import { parseConfig } from "../../../config/load.js";
import { createIrcSinks, type IrcSink } from "../../../bots/irc/main.js";
import { createLogger, silentLogger, type Logger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { Tickets } from "../flow.js";
import { waitFor } from "../collect.js";

export interface TestBot {
  readonly sink: IrcSink;
  readonly metrics: Metrics;
  /** The tickets of every message offered, with their outcomes. */
  readonly tickets: Tickets;
  /** Offers a summary as if formatted from a bus message on `topic`. */
  say(over: Partial<Summary>, topic?: string): void;
}

/** A bot on 127.0.0.1:`port`; fast limits and reconnects unless overridden. Silent unless IRC_TEST_LOG is set or `log` given. */
export function makeBot(port: number, over: Record<string, unknown> = {}, log?: Logger): TestBot {
  const config = parseConfig({
    irc: [
      {
        network: "127.0.0.1",
        port,
        tls: false,
        nickname: "fedbot",
        channels: ["#fedmsg"],
        limit: { burst: 20, rate: 50, queue_max: 500 },
        reconnect_min_ms: 50,
        reconnect_max_ms: 400,
        rejoin_after_kick_ms: 100,
        start_wait_ms: 10_000,
        connect_timeout_ms: 5000,
        ...over,
      },
    ],
  });
  const metrics = new Metrics();
  log ??= process.env.IRC_TEST_LOG ? createLogger("debug") : silentLogger();
  const [sink] = createIrcSinks(config, { log, metrics });
  if (!sink) throw new Error("no sink");
  const tickets = new Tickets();
  return {
    sink,
    metrics,
    tickets,
    say(over, topic) {
      const msg = busMessage(topic);
      sink.offer(msg, summary({ title: msg.topic.title, ...over }), tickets.make());
    },
  };
}

/**
 * Sends one warm-up message and waits until the server proved it shown: for the next second
 * (bots/irc/fence.ts TRUST_MS) a line is remembered in the tick of its write, as on a connection in
 * use; before any proof, a line is remembered only at its own proof.
 */
export async function proveServer(b: TestBot): Promise<void> {
  const before = b.tickets.count("sent");
  b.say({ text: "warm-up" });
  await waitFor(() => b.tickets.count("sent") > before, "the warm-up line proven shown");
}
