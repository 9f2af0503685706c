/**
 * The queue the AMQP source consumes from, declared (idempotently) on every
 * connect: after a broker restart or a deleted queue, the queue and its bindings
 * come back with the consumer.
 */
import type amqp from "amqplib";
import type { AmqpConfig } from "../../config/schema.js";
import { StartError } from "../../config/errors.js";

/** The arguments of the queue (see README, "Queue arguments"). RabbitMQ refuses a re-declare with others. */
export function queueArguments(cfg: AmqpConfig): Record<string, unknown> {
  return {
    ...(cfg.queue_type === "quorum" ? { "x-queue-type": "quorum" } : {}),
    ...(cfg.single_active_consumer ? { "x-single-active-consumer": true } : {}),
    ...(cfg.delivery_limit !== null ? { "x-delivery-limit": cfg.delivery_limit } : {}),
  };
}

/** A refusal that retrying cannot fix: the config must change (or the old queue be deleted). */
export class AmqpConfigError extends StartError {
  override readonly name = "AmqpConfigError";
  readonly heading = "cannot start";
}

/** AMQP reply codes that mean "not with this config": access refused, not found, precondition failed. */
const CONFIG_REPLY_CODES = new Set([403, 404, 406]);

export function isConfigRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" && CONFIG_REPLY_CODES.has(code);
}

/**
 * The broker refused the login (wrong user or password, a client certificate it does not accept, no
 * access to the vhost). amqplib reports it as a handshake error with the reply code only in its text.
 * At the first start this stops the start (the config is wrong); once the bot has consumed, the same
 * refusal is retried, since a broker that is restarting may refuse logins until its users are loaded.
 */
export function isLoginRefusal(err: unknown): boolean {
  return err instanceof Error && /^Handshake terminated by server: (403|530)\b/.test(err.message);
}

/** Declare the queue and bind it; returns the queue's name (the broker names a private one). */
export async function declareQueue(ch: amqp.Channel, cfg: AmqpConfig): Promise<string> {
  let q: amqp.Replies.AssertQueue;
  try {
    q = cfg.queue
      ? await ch.assertQueue(cfg.queue, { durable: true, autoDelete: false, arguments: queueArguments(cfg) })
      : await ch.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
  } catch (err) {
    if (isConfigRefusal(err)) {
      throw new AmqpConfigError(
        `amqp.queue ${JSON.stringify(cfg.queue)}: the broker refused to declare it (${(err as Error).message}). A queue that exists with other arguments (amqp.queue_type, amqp.single_active_consumer, amqp.delivery_limit) must be deleted first, or the config must match it`,
        { cause: err },
      );
    }
    throw err;
  }
  for (const key of cfg.routing_keys) await ch.bindQueue(q.queue, cfg.exchange, key);
  return q.queue;
}
