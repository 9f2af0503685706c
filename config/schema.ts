/**
 * The one config schema: types, defaults and checks of every key. Unknown keys are
 * errors (strict objects). Key names under "Contracts" in DESIGN.md are fixed.
 */
import { z } from "zod";
import { filtersSchema, flowSchema, limitSchema, STATS_INTERVAL_MAX_S } from "./common.js";
import { ircConnectionSchema } from "./irc.js";
import { mastodonAccountSchema } from "./mastodon.js";
import { matrixAccountSchema } from "./matrix.js";
import { verifySchema } from "./verify.js";
import { webSchema } from "./web.js";

/** Ids a Dedupe remembers at most: about 100 MB of memory, far below a Set's 2^24 limit. */
export const DEDUPE_SIZE_MAX = 1_000_000;

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
     * Receive high-water mark, in messages per connection. That many may wait in this
     * process for the pipeline; beyond it ZeroMQ stops reading, the rest waits at the
     * publisher, and a publisher whose own queue is full drops (silently, for us). So it
     * bounds the memory a burst can take: each waiting message costs about 2.5 to 3.5 times
     * its size (measured: about 3 KiB for a 1 KB message, 12 KiB for a signed 5 KB one), and
     * 10,000 is up to about 30 MiB of unsigned or 120 MiB of signed messages on top of the
     * running process. Fedora's bus peaks at a few hundred messages per second and the
     * pipeline takes thousands, so the queue fills only while the process is held up;
     * ZeroMQ's default of 1,000 would drop sooner.
     */
    rcvhwm: z.number().int().min(0).default(10_000),
    /** A larger message is counted as malformed and skipped; the stream goes on. */
    max_message_bytes: z
      .number()
      .int()
      .min(1024)
      .default(4 * 1024 * 1024),
  })
  .prefault({});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const amqpSchema = z
  .strictObject({
    url: z.string().regex(/^amqps?:\/\//, "an amqp:// or amqps:// URL"),
    exchange: z.string().default("amq.topic"),
    routing_keys: z.array(z.string()).default(["#"]),
    /** A named queue is durable: messages wait while the bot is down. Null: a private, temporary queue. */
    queue: z.string().min(1, "must not be empty (a private queue is `null` or no key)").nullable().default(null),
    /** `quorum`: RabbitMQ's replicated queue (needs a named queue); the only type with a delivery limit. */
    queue_type: z.enum(["classic", "quorum"]).default("classic"),
    /** One consumer at a time gets the messages; the others are hot standbys (one IRC nick, several processes). */
    single_active_consumer: z.boolean().default(false),
    /** A message delivered this many times without an ack (it keeps crashing the bot) is dropped by the broker. Quorum queues only. */
    delivery_limit: z.number().int().min(1).nullable().default(null),
    ca_file: z.string().optional(),
    cert_file: z.string().optional(),
    key_file: z.string().optional(),
    /** Deliveries in flight (taken, not yet final in every sink): the bound on what a crash gives back to the queue. */
    prefetch: z.number().int().min(1).max(65_535).default(100),
    /** A larger body is counted as malformed and rejected; it is never read into memory. */
    max_message_bytes: z
      .number()
      .int()
      .min(1024)
      .default(4 * 1024 * 1024),
    /** Reconnect backoff (doubling, with jitter) for a broker that is down or went away. */
    reconnect_ms: z.number().int().min(10).default(1000),
    reconnect_max_ms: z.number().int().min(10).default(60_000),
    /** AMQP heartbeat: a broker silent this long is taken for dead. 0 turns heartbeats off. */
    heartbeat_s: z.number().int().min(0).default(30),
  })
  .superRefine((a, ctx) => {
    if (a.queue === null && a.queue_type === "quorum")
      ctx.addIssue({ code: "custom", path: ["queue_type"], message: "a quorum queue needs a name: set amqp.queue" });
    if (a.queue === null && a.single_active_consumer)
      ctx.addIssue({ code: "custom", path: ["single_active_consumer"], message: "replicas share a named queue: set amqp.queue" });
    if (a.delivery_limit !== null && a.queue_type !== "quorum")
      ctx.addIssue({
        code: "custom",
        path: ["delivery_limit"],
        message: "RabbitMQ counts deliveries only on quorum queues: set amqp.queue_type: quorum",
      });
    if (/^amqps?:\/\/[^/]*rabbitmq(\.stg)?\.fedoraproject\.org/.test(a.url) && !(a.queue !== null && UUID.test(a.queue))) {
      ctx.addIssue({
        code: "custom",
        path: ["queue"],
        message: "Fedora's public broker wants a UUID queue name (python3 -c 'import uuid; print(uuid.uuid4())')",
      });
    }
    if (a.reconnect_max_ms < a.reconnect_ms)
      ctx.addIssue({ code: "custom", path: ["reconnect_max_ms"], message: "must be at least amqp.reconnect_ms" });
  });

/** Shared memory of the replicas: the ids already sent (per sink, with a TTL) and the shared budgets. */
export const redisSchema = z.strictObject({
  /** `redis: {}` is the machine's own Redis; without a `redis` section nothing is shared. */
  url: z
    .string()
    .regex(/^rediss?:\/\//, "a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  /** Every key starts with this, so that several deployments can share one Redis. */
  key_prefix: z.string().default("fedmsg-echo:"),
  /** How long a sent id is remembered: longer than a message can wait in the queue. */
  sent_ttl_s: z
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 3600),
});

/**
 * A console sink: what `fedmsg-echo demo` prints through. Not a key of the config file: no command
 * runs console sinks from a config (`tail` prints without a pace), so a `console:` key would be
 * validated and then ignored.
 */
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
  endpoints: z
    .record(z.string(), z.array(z.string().regex(/^(tcp|ipc|inproc):\/\//, "a ZeroMQ address such as tcp://host:port")))
    .default({}),
  zmq: zmqSchema,
  amqp: amqpSchema.optional(),
  /** Redis for replicas (ids sent, shared budgets); null: everything in process. */
  redis: redisSchema.nullable().default(null),
  /** fedmsg x509 signatures of ZeroMQ messages (fedmsg's own key names inside). */
  verify: verifySchema.prefault({}),
  /**
   * Messages (topic and id together) remembered to drop duplicates (a message can arrive over
   * several endpoints, or over both buses); another topic reusing an id is no duplicate, and a spoof
   * with the same topic and id is stopped only by verify.validate_signatures. At most
   * DEDUPE_SIZE_MAX: a JavaScript Set holds at most 2^24 values.
   */
  dedupe_size: z.number().int().min(0).max(DEDUPE_SIZE_MAX).default(10_000),
  /** Map of e-mail addresses and nicks to Fedora account names, for the formatters. */
  user_map: z.record(z.string(), z.string()).default({}),
  irc: z.array(ircConnectionSchema).default([]),
  mastodon: z.array(mastodonAccountSchema).default([]),
  matrix: z.array(matrixAccountSchema).default([]),
  /** The live bus page (`fedmsg-echo web`). */
  web: webSchema.prefault({}),
  log: z.strictObject({ level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info") }).prefault({}),
  /** `host:port` to serve GET /metrics (Prometheus) and /healthz on; null: no HTTP server. */
  metrics_listen: z
    .string()
    .regex(/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/, "host:port, e.g. 127.0.0.1:9464")
    .refine((v) => Number(v.slice(v.lastIndexOf(":") + 1)) <= 65535, "the port must be 0 to 65535")
    .nullable()
    .default(null),
  /** Seconds between metric summaries in the log; 0 turns them off. */
  stats_interval_s: z.number().int().min(0).max(STATS_INTERVAL_MAX_S).default(300),
  /** Shutdown: how long queued lines may still be sent after SIGTERM. */
  shutdown_deadline_ms: z.number().int().min(0).default(10_000),
});

export type Config = z.infer<typeof configSchema>;
export type ZmqConfig = z.infer<typeof zmqSchema>;
export type AmqpConfig = z.infer<typeof amqpSchema>;
export type RedisConfig = z.infer<typeof redisSchema>;
export type ConsoleSinkConfig = z.infer<typeof consoleSinkSchema>;
