/**
 * The IRC sink: one per connection, on the flow layer (bots/flow/). Each channel
 * is a lane with its own filter, queue and digests; the channels share the
 * connection's pace (servers count every line of a connection), and the control
 * lines (pacer.ts) go first on it. A line is rendered only when it leaves,
 * because the byte budget depends on the bot's real `nick!user@host` (known after
 * the JOIN) and the colours on the channel's current +c mode; it leaves only once
 * its channel is joined, so lines wait (and fold into digests) during
 * registration and while a channel refuses us.
 */
import { FileReadError, PEM_FILE_MAX_BYTES, readBoundedText } from "../../config/read-file.js";
import type { IrcChannelConfig, IrcConnectionConfig } from "../../config/irc.js";
import { ircTextBudget, renderIrc, type Message, type Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import { systemFlowClock, type FlowClock } from "../flow/clock.js";
import { Flow } from "../flow/flow.js";
import type { Ticket } from "../flow/outcome.js";
import { Pacer } from "../flow/pacer.js";
import { splitTicket } from "../flow/ticket.js";
import type { Outgoing, SendResult } from "../flow/transport.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { IrcConnection } from "./connection.js";
import { IrcConfigError } from "./errors.js";
import { ControlLines } from "./pacer.js";
import { LinkShortener } from "./shortener.js";

interface Channel {
  readonly config: IrcChannelConfig;
  readonly filter: Filter;
}

export interface IrcSinkDeps {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly version: string;
  /** Tests and benchmarks: a virtual clock. */
  readonly clock?: FlowClock;
}

export class IrcSink implements Sink {
  readonly pacer: Pacer;
  readonly flow: Flow;
  readonly control: ControlLines;
  private conn: IrcConnection | undefined;
  private readonly channels: Channel[];
  private readonly byName = new Map<string, Channel>();
  private readonly shortener: LinkShortener | undefined;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly config: IrcConnectionConfig,
    private readonly deps: IrcSinkDeps,
  ) {
    this.channels = config.channels.map((c) => ({ config: c, filter: new Filter(c.filters) }));
    for (const c of this.channels) this.byName.set(c.config.name, c);
    this.shortener = config.shortener ? new LinkShortener(config.shortener, deps.log, deps.metrics, name) : undefined;
    const clock = deps.clock ?? systemFlowClock;
    this.pacer = new Pacer({ rate: config.limit.rate, burst: config.limit.burst, clock });
    this.control = new ControlLines({
      pacer: this.pacer,
      ready: () => this.conn?.isRegistered() ?? false,
      write: (line) => this.conn?.write(line),
    });
    this.flow = new Flow({
      name,
      lanes: [...this.byName.keys()],
      laneLabel: "channel",
      limit: config.limit,
      flow: config.flow,
      pacer: this.pacer,
      clock,
      log: deps.log,
      metrics: deps.metrics,
      // The pace is the flow's own: a channel that is joined is both ready and available.
      transport: {
        ready: (lane) => this.conn?.isJoined(lane) ?? false,
        available: (lane) => this.conn?.isJoined(lane) ?? false,
        send: (out) => this.send(out),
      },
    });
  }

  /** The live connection (tests, metrics). */
  get connection(): IrcConnection | undefined {
    return this.conn;
  }

  wantsTopic(topic: string): boolean {
    return this.channels.some((c) => c.filter.acceptsTopic(topic));
  }

  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    const taking = this.channels.filter((c) => c.filter.acceptsTopic(msg.topic.full));
    const tickets = splitTicket(ticket, taking.length);
    taking.forEach((channel, i) => {
      const t = tickets[i] as Ticket;
      if (channel.filter.acceptsSummary(summary)) this.flow.offer(channel.config.name, msg, summary, t);
      else this.flow.filtered(channel.config.name, t);
    });
  }

  private async send(out: Outgoing): Promise<SendResult> {
    const channel = this.byName.get(out.lane);
    if (!channel) return { dropped: "rejected" };
    let link = out.summary.link;
    // The shortener is bounded by its own timeout and falls back to the long link.
    if (this.shortener && link) link = await this.shortener.shorten(link);
    const conn = this.conn;
    if (!conn?.isJoined(out.lane)) return "requeue";
    const ch = channel.config;
    const command = ch.notice ? "NOTICE" : "PRIVMSG";
    const text = renderIrc(out.summary, {
      template: ch.template,
      colors: ch.colors && conn.colorsAllowed(ch.name),
      serviceColors: this.config.service_colors,
      link,
      maxBytes: ircTextBudget(conn.budgetPrefix, command, ch.name),
    });
    if (text === "") return { dropped: "render" };
    // "sent" once the socket took it; a line the connection lost goes back to the queue.
    // The memory of sent ids is written in the tick of the write, not a round trip later (Outgoing.onWritten).
    if (!(await conn.writeAndWait(`${command} ${ch.name} :${text}`, out.onWritten))) return "requeue";
    this.deps.metrics.inc("lines_sent", { sink: this.name });
    this.deps.log.debug(
      { sink: this.name, channel: ch.name, kind: out.kind, topic: out.topic, msg_id: out.msg?.id ?? null, messages: out.count },
      "line sent",
    );
    return "sent";
  }

  /**
   * Resolves once a channel is joined, or after start_wait_ms (then keeps trying); rejects on a
   * refused certificate or credentials. Messages offered meanwhile wait in the flow.
   */
  async start(): Promise<void> {
    const c = this.config;
    const tlsCa = c.ca_file ? readConfigFile(c.ca_file, "ca_file") : undefined;
    const clientCert =
      c.client_cert_file && c.client_key_file
        ? {
            certificate: readConfigFile(c.client_cert_file, "client_cert_file"),
            private_key: readConfigFile(c.client_key_file, "client_key_file"),
          }
        : undefined;
    this.flow.start();
    let settle: { ok: () => void; fail: (err: Error) => void } | undefined;
    const started = new Promise<void>((ok, fail) => (settle = { ok, fail }));
    this.conn = new IrcConnection({
      config: c,
      name: this.name,
      log: this.deps.log,
      metrics: this.deps.metrics,
      tlsCa,
      clientCert,
      version: this.deps.version,
      control: (line, essential) => this.control.push(line, essential),
      onReady: () => {
        settle?.ok();
        this.control.wake();
        this.flow.wake();
      },
      onDown: () => this.control.clear(),
      charge: () => this.pacer.charge(),
      onFatal: (err) => settle?.fail(err),
    });
    this.conn.connect();
    const timer = setTimeout(() => {
      this.deps.log.warn(
        { sink: this.name, waited_ms: c.start_wait_ms },
        "not in any channel yet; starting anyway, lines queue and the bot keeps retrying",
      );
      settle?.ok();
    }, c.start_wait_ms);
    try {
      await started;
    } catch (err) {
      await this.flow.stop(0);
      await this.conn.quit();
      throw err;
    } finally {
      clearTimeout(timer);
      settle = undefined;
    }
  }

  /** Folds what is queued into digests, sends them until the deadline, then QUITs. */
  async stop(deadlineMs: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.flow.stop(deadlineMs);
    this.control.stop();
    await this.conn?.quit();
  }
}

function readConfigFile(path: string, key: string): string {
  try {
    return readBoundedText(path, PEM_FILE_MAX_BYTES);
  } catch (err) {
    throw new IrcConfigError(`irc ${key}: ${err instanceof FileReadError ? err.message : `cannot read ${path}: ${String(err)}`}`, {
      cause: err,
    });
  }
}
