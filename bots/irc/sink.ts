/**
 * The IRC sink: one per connection. Each channel filters on its own; a message a
 * channel takes waits in the connection's pacer and is rendered only when it
 * leaves, because the byte budget depends on the bot's real `nick!user@host`
 * (known after the JOIN) and the colours on the channel's current +c mode.
 */
import { FileReadError, PEM_FILE_MAX_BYTES, readBoundedText } from "../../config/read-file.js";
import type { IrcChannelConfig, IrcConnectionConfig } from "../../config/irc.js";
import { ircTextBudget, renderIrc, type Message, type Summary } from "../../formatters/index.js";
import { Filter } from "../filter.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Sink } from "../sink.js";
import { IrcConnection } from "./connection.js";
import { IrcConfigError } from "./errors.js";
import { Pacer } from "./pacer.js";
import { LinkShortener } from "./shortener.js";

/** Overflow warnings are summarised at most this often (a burst can drop hundreds). */
export const DROP_LOG_INTERVAL_MS = 10_000;

interface Channel {
  readonly config: IrcChannelConfig;
  readonly filter: Filter;
}

interface Entry {
  readonly channel: Channel;
  readonly summary: Summary;
  readonly link: string | null;
  readonly topic: string;
  readonly id: string | null;
}

export interface IrcSinkDeps {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly version: string;
}

export class IrcSink implements Sink {
  readonly pacer: Pacer<Entry>;
  private conn: IrcConnection | undefined;
  private readonly channels: Channel[];
  private readonly shortener: LinkShortener | undefined;
  /** Keeps lines in bus order while their links are being shortened. */
  private chain: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Lines waiting for the shortener; past limit.queue_max new ones skip it (a hung service must not pile up). */
  private shortening = 0;
  private dropsSinceLog = 0;
  private lastDropLog = 0;
  private readonly labels: { sink: string };

  constructor(
    readonly name: string,
    private readonly config: IrcConnectionConfig,
    private readonly deps: IrcSinkDeps,
  ) {
    this.labels = { sink: name };
    this.channels = config.channels.map((c) => ({ config: c, filter: new Filter(c.filters) }));
    this.shortener = config.shortener ? new LinkShortener(config.shortener, deps.log, deps.metrics, name) : undefined;
    this.pacer = new Pacer<Entry>({
      limit: config.limit,
      ready: (e) => this.conn?.isJoined(e.channel.config.name) ?? false,
      controlReady: () => this.conn?.isRegistered() ?? false,
      send: (e) => this.send(e),
      sendControl: (line) => this.conn?.write(line),
      onDrop: (e, reason) => this.dropped(e, reason),
    });
  }

  /** The live connection (tests, metrics). */
  get connection(): IrcConnection | undefined {
    return this.conn;
  }

  wantsTopic(topic: string): boolean {
    return this.channels.some((c) => c.filter.acceptsTopic(topic));
  }

  offer(msg: Message, summary: Summary): void {
    if (this.stopping) return;
    for (const channel of this.channels) {
      if (!channel.filter.acceptsTopic(msg.topic.full)) continue;
      if (!channel.filter.acceptsSummary(summary)) {
        this.deps.metrics.inc("filtered", this.labels);
        continue;
      }
      const base = { channel, summary, topic: msg.topic.full, id: msg.id };
      const { shortener } = this;
      if (!shortener || !summary.link || this.shortening >= this.config.limit.queue_max) {
        // Behind lines still waiting for the shortener, to keep the bus order.
        this.chain = this.chain.then(() => this.pacer.push({ ...base, link: summary.link }));
        continue;
      }
      this.shortening++;
      const short = shortener.shorten(summary.link).finally(() => this.shortening--);
      this.chain = this.chain.then(async () => this.pacer.push({ ...base, link: await short }));
    }
  }

  private send(e: Entry): void {
    const conn = this.conn;
    if (!conn) return;
    const ch = e.channel.config;
    const command = ch.notice ? "NOTICE" : "PRIVMSG";
    const text = renderIrc(e.summary, {
      template: ch.template,
      colors: ch.colors && conn.colorsAllowed(ch.name),
      serviceColors: this.config.service_colors,
      link: e.link,
      maxBytes: ircTextBudget(conn.budgetPrefix, command, ch.name),
    });
    if (text === "") return;
    conn.write(`${command} ${ch.name} :${text}`);
    this.deps.metrics.inc("lines_sent", this.labels);
    this.deps.log.debug({ sink: this.name, channel: ch.name, topic: e.topic, msg_id: e.id }, "line sent");
  }

  private dropped(e: Entry, reason: "overflow" | "shutdown"): void {
    this.deps.metrics.inc("lines_dropped", this.labels);
    // Shutdown drops are summed up once by stop().
    if (reason === "shutdown") return;
    this.dropsSinceLog++;
    const now = Date.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.deps.log.warn(
      { sink: this.name, channel: e.channel.config.name, topic: e.topic, msg_id: e.id, dropped: this.dropsSinceLog },
      "IRC queue full: dropped the oldest waiting lines",
    );
    this.dropsSinceLog = 0;
    this.lastDropLog = now;
  }

  /** Resolves once a channel is joined, or after start_wait_ms (then keeps trying); rejects on a refused certificate or credentials. */
  async start(): Promise<void> {
    const c = this.config;
    const tlsCa = c.ca_file ? readConfigFile(c.ca_file, "ca_file") : undefined;
    const clientCert = c.client_cert_file && c.client_key_file
      ? { certificate: readConfigFile(c.client_cert_file, "client_cert_file"), private_key: readConfigFile(c.client_key_file, "client_key_file") }
      : undefined;
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
      control: (line, essential) => this.pacer.pushControl(line, essential),
      onReady: () => {
        settle?.ok();
        this.pacer.pump();
      },
      onDown: () => this.pacer.clearControl(),
      charge: () => this.pacer.charge(),
      onFatal: (err) => settle?.fail(err),
    });
    this.conn.connect();
    const timer = setTimeout(() => {
      this.deps.log.warn({ sink: this.name, waited_ms: c.start_wait_ms }, "not in any channel yet; starting anyway, lines queue and the bot keeps retrying");
      settle?.ok();
    }, c.start_wait_ms);
    try {
      await started;
    } catch (err) {
      await this.conn.quit();
      throw err;
    } finally {
      clearTimeout(timer);
      settle = undefined;
    }
  }

  async stop(deadlineMs: number): Promise<void> {
    this.stopping = true;
    const until = Date.now() + deadlineMs;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.chain, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
    clearTimeout(timer);
    this.pacer.close();
    const drained = await this.pacer.waitIdle(Math.max(0, until - Date.now()));
    const left = this.pacer.stop();
    this.deps.log.info({ sink: this.name, drained, dropped: left }, drained ? "IRC queue sent; quitting" : "shutdown deadline reached; quitting");
    await this.conn?.quit();
  }
}

function readConfigFile(path: string, key: string): string {
  try {
    return readBoundedText(path, PEM_FILE_MAX_BYTES);
  } catch (err) {
    throw new IrcConfigError(`irc ${key}: ${err instanceof FileReadError ? err.message : `cannot read ${path}: ${String(err)}`}`, { cause: err });
  }
}
