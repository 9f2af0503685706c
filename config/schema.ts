/**
 * The one config schema: types, defaults and checks of every key. Unknown keys are
 * errors (strict objects). Key names under "Contracts" in DESIGN.md are fixed.
 */
import { z } from "zod";
import { filtersSchema, flowSchema, limitSchema } from "./common.js";
import { ircConnectionSchema } from "./irc.js";
import { mastodonAccountSchema } from "./mastodon.js";
import { matrixAccountSchema } from "./matrix.js";
import { verifySchema } from "./verify.js";
import { webSchema } from "./web.js";

/** Units are in the key names: `_ms` milliseconds, `_bytes` bytes. */
export const zmqSchema = z
  .strictObject({
    /** Topic prefixes to subscribe to; "" is everything (not every topic starts with org.fedoraproject). */
    subscribe: z.array(z.string()).default([""]),
    reconnect_ms: z.number().int().min(10).default(1000),
    reconnect_max_ms: z.number().int().min(0).default(30_000),
    /** ZMTP heartbeats: a publisher silent at the protocol level for heartbeat_timeout_ms is dropped and redialled. */
    heartbeat_interval_ms: z.number().int().min(0).default(10_000),
    heartbeat_timeout_ms: z.number().int().min(0).default(30_000),
    tcp_keepalive: z.boolean().default(true),
    tcp_keepalive_idle_s: z.number().int().min(1).default(60),
    /**
     * Receive high-water mark, in messages per connection. Fedora's bus peaks at a few
     * hundred messages per second during composes and mass rebuilds; 10,000 buffers tens of
     * seconds of such a burst while the pipeline is busy, at a few MiB of memory, where
     * ZeroMQ's default of 1,000 would silently drop.
     */
    rcvhwm: z.number().int().min(0).default(10_000),
    /** A larger message is counted as malformed and skipped; the stream goes on. */
    max_message_bytes: z.number().int().min(1024).default(4 * 1024 * 1024),
  })
  .prefault({});

export const amqpSchema = z.strictObject({
  url: z.string().regex(/^amqps?:\/\//, "an amqp:// or amqps:// URL"),
  exchange: z.string().default("amq.topic"),
  routing_keys: z.array(z.string()).default(["#"]),
  /** A named queue is durable: messages wait while the bot is down. Null: a private, temporary queue. */
  queue: z.string().nullable().default(null),
  ca_file: z.string().optional(),
  cert_file: z.string().optional(),
  key_file: z.string().optional(),
  prefetch: z.number().int().min(1).default(100),
});

export const consoleSinkSchema = z.strictObject({
  /** `irc` renders as the IRC bot would (colours shown as ANSI), `plain` as `title -- text link`. */
  style: z.enum(["plain", "irc", "mastodon"]).default("plain"),
  filters: filtersSchema,
  limit: limitSchema.prefault({}),
  flow: flowSchema,
});

export const configSchema = z.strictObject({
  environment: z.enum(["dev", "stg", "prod"]).default("prod"),
  topic_prefix: z.string().default("org.fedoraproject"),
  /** Name -> list of ZeroMQ addresses to connect a SUB socket to (fedmsg.d's `endpoints`). */
  endpoints: z.record(z.string(), z.array(z.string().regex(/^(tcp|ipc|inproc):\/\//, "a ZeroMQ address such as tcp://host:port"))).default({}),
  zmq: zmqSchema,
  amqp: amqpSchema.optional(),
  /** fedmsg x509 signatures of ZeroMQ messages (fedmsg's own key names inside). */
  verify: verifySchema.prefault({}),
  /** Message ids remembered to drop duplicates (a message can arrive over several endpoints). */
  dedupe_size: z.number().int().min(0).default(10_000),
  /** Map of e-mail addresses and nicks to Fedora account names, for the formatters. */
  user_map: z.record(z.string(), z.string()).default({}),
  irc: z.array(ircConnectionSchema).default([]),
  mastodon: z.array(mastodonAccountSchema).default([]),
  matrix: z.array(matrixAccountSchema).default([]),
  console: z.array(consoleSinkSchema).default([]),
  /** The live bus page (`fedmsg-echo web`). */
  web: webSchema.prefault({}),
  log: z
    .strictObject({ level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info") })
    .prefault({}),
  /** `host:port` to serve GET /metrics (Prometheus) and /healthz on; null: no HTTP server. */
  metrics_listen: z
    .string()
    .regex(/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/, "host:port, e.g. 127.0.0.1:9464")
    .refine((v) => Number(v.slice(v.lastIndexOf(":") + 1)) <= 65535, "the port must be 0 to 65535")
    .nullable()
    .default(null),
  /** Seconds between metric summaries in the log; 0 turns them off. */
  stats_interval_s: z.number().int().min(0).default(300),
  /** Shutdown: how long queued lines may still be sent after SIGTERM. */
  shutdown_deadline_ms: z.number().int().min(0).default(10_000),
});

export type Config = z.infer<typeof configSchema>;
export type ZmqConfig = z.infer<typeof zmqSchema>;
export type AmqpConfig = z.infer<typeof amqpSchema>;
export type ConsoleSinkConfig = z.infer<typeof consoleSinkSchema>;
