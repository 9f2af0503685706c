/**
 * The IRC sink: one per connection, on the flow layer (bots/flow/). Each channel
 * is a lane with its own filter, queue and digests; the channels share the
 * connection's pace (servers count every line of a connection), and the control
 * lines (pacer.ts) go first on it. The sink is its flow's transport: a line the
 * flow paid for becomes a ChannelLine (line.ts) that the connection renders only
 * as it leaves, because the byte budget depends on the bot's real
 * `nick!user@host` (known after the JOIN) and the colours on the channel's current
 * +c mode; it leaves only once its channel is joined, so lines wait (and fold into
 * digests) during registration and while a channel refuses us.
 */
import { FileReadError, PEM_FILE_MAX_BYTES, readBoundedText } from "../../config/read-file.js";
import type { IrcChannelConfig, IrcConnectionConfig } from "../../config/irc.js";
import type { Message, Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import { systemFlowClock, type FlowClock } from "../flow/clock.js";
import { offerToDestinations } from "../flow/destinations.js";
import { Flow } from "../flow/flow.js";
import type { Ticket } from "../flow/outcome.js";
import { Pacer } from "../flow/pacer.js";
import type { FinalSendResult, Outgoing, SendResult, Transport } from "../flow/transport.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { SentMarks, Sink } from "../sink.js";
import { IrcConnection } from "./connection.js";
import { IrcConfigError } from "./errors.js";
import type { Confirmation } from "./fence.js";
import { ChannelLine } from "./line.js";
import { LinkShortener } from "./shortener.js";

interface Channel {
  readonly config: IrcChannelConfig;
  /** The flow lane: the channel as configured. */
  readonly lane: string;
  readonly filter: Filter;
}

export interface IrcSinkDeps {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly version: string;
  /** Tests and benchmarks: a virtual clock. */
  readonly clock?: FlowClock;
}

export class IrcSink implements Sink, Transport {
  readonly pacer: Pacer;
  readonly flow: Flow;
  private conn: IrcConnection | undefined;
  private readonly channels: Channel[];
  private readonly byName = new Map<string, Channel>();
  private readonly shortener: LinkShortener | undefined;
  private stopping = false;
  /** Each channel remembers what it was sent (sent-sinks.ts): a channel that refuses the bot holds back no other. */
  readonly destinations: NonNullable<Sink["destinations"]>;
  private marks: SentMarks | undefined;

  constructor(
    readonly name: string,
    private readonly config: IrcConnectionConfig,
    private readonly deps: IrcSinkDeps,
  ) {
    this.channels = config.channels.map((c) => ({ config: c, lane: c.name, filter: new Filter(c.filters) }));
    // Channel names are case-insensitive (as in channels.ts): a config that changes `#Fedora` to `#fedora` keeps its marks.
    this.destinations = { label: "channel", names: this.channels.map((c) => c.lane), fold: (n) => n.toLowerCase() };
    for (const c of this.channels) this.byName.set(c.config.name, c);
    this.shortener = config.shortener ? new LinkShortener(config.shortener, deps.log, deps.metrics, name) : undefined;
    const clock = deps.clock ?? systemFlowClock;
    this.pacer = new Pacer({ rate: config.limit.rate, burst: config.limit.burst, clock });
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
      transport: this,
    });
  }

  /** The live connection (tests, metrics). */
  get connection(): IrcConnection | undefined {
    return this.conn;
  }

  wantsTopic(topic: string): boolean {
    return this.channels.some((c) => c.filter.acceptsTopic(topic));
  }

  /** Each channel that takes the topic gets its share of the ticket, unless it already has the line. */
  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    offerToDestinations(this.flow, this.channels, msg, summary, ticket, this.marks);
  }

  useMarks(marks: SentMarks): void {
    this.marks = marks;
  }

  /** Transport: whether the channel (the lane) can take a line now (and not too many written lines wait for the server's proof). */
  ready(lane: string): boolean {
    const conn = this.conn;
    return conn !== undefined && conn.isJoined(lane) && conn.roomForLines;
  }

  /**
   * Transport: whether the channel could take lines at all. Only a channel that refuses us while
   * the connection is up (banned, +k, +i, full; or joined and refusing lines: +m) is unavailable: a server that is down is waited
   * for, its messages safe in the broker's queue (a bot with several networks shares its prefetch:
   * a network down holds the others back until it is back; README "AMQP").
   */
  available(lane: string): boolean {
    // A channel refusing lines is available while a probe line is due or out: a lane given up takes
    // a message again for it (it drops what it is offered otherwise). The flow does not restart its
    // clock for such a try (Availability.trialSince): a probe refused again is given up again at once.
    const conn = this.conn;
    return !conn || conn.isAvailable(lane) || conn.probing(lane);
  }

  /** Transport: one line the flow has paid for, to its channel. */
  async send(out: Outgoing): Promise<SendResult> {
    const channel = this.byName.get(out.lane);
    if (!channel) return { dropped: "rejected" };
    let link = out.summary.link;
    // The shortener is bounded by its own timeout and falls back to the long link.
    if (this.shortener && link) link = await this.shortener.shorten(link);
    const conn = this.conn;
    if (!conn) return "requeue";
    // A line the connection lost, or could not send yet, goes back to the queue.
    const line = new ChannelLine(out, channel.config, link, this.config.service_colors);
    const outcome = await conn.send(line);
    if (outcome === "empty") return { dropped: "render" };
    if (outcome !== "written" || !line.confirmation) return "requeue";
    // "sent" once the server proved it handled the line (fence.ts); meanwhile the flow sends the next ones.
    return { confirming: line.confirmation.then((c) => this.confirmed(out, c)) };
  }

  private confirmed(out: Outgoing, c: Confirmation): FinalSendResult {
    const { metrics, log } = this.deps;
    if (c !== "shown") {
      // Refused (404 in a +m channel) or lost with the connection: back to the queue, sent again later.
      metrics.inc("irc_lines_not_shown", { sink: this.name, reason: c });
      log.debug(
        { sink: this.name, channel: out.lane, topic: out.topic, msg_id: out.msg?.id ?? null, reason: c },
        "line not shown; queued again",
      );
      return "requeue";
    }
    metrics.inc("lines_sent", { sink: this.name });
    log.debug(
      { sink: this.name, channel: out.lane, kind: out.kind, topic: out.topic, msg_id: out.msg?.id ?? null, messages: out.count },
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
    const conn = new IrcConnection({
      config: c,
      name: this.name,
      log: this.deps.log,
      metrics: this.deps.metrics,
      pacer: this.pacer,
      tlsCa,
      clientCert,
      version: this.deps.version,
    });
    this.conn = conn;
    conn.on("ready", () => this.flow.wake());
    const started = this.firstChannel(conn);
    conn.connect();
    try {
      await started;
    } catch (err) {
      await this.flow.stop(0);
      await conn.quit();
      throw err;
    }
  }

  /** Resolves at the first channel ready or after start_wait_ms; rejects on the connection's first fatal error before that. */
  private firstChannel(conn: IrcConnection): Promise<void> {
    const wait = this.config.start_wait_ms;
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        clearTimeout(timer);
        conn.off("ready", done);
        conn.off("fatal", done);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => {
        this.deps.log.warn(
          { sink: this.name, waited_ms: wait },
          "not in any channel yet; starting anyway, lines queue and the bot keeps retrying",
        );
        done();
      }, wait);
      conn.on("ready", done);
      conn.on("fatal", done);
    });
  }

  /** Folds what is queued into digests, sends them until the deadline, then QUITs. */
  async stop(deadlineMs: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.conn?.hurry();
    await this.flow.stop(deadlineMs);
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
