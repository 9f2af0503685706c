/**
 * How the AMQP source settles a delivery, and why the method matters: a quorum
 * queue counts failed deliveries (`x-delivery-count`) against its
 * `delivery_limit`, and drops (or dead-letters) a message past it.
 *
 * From RabbitMQ 4.3, `basic.nack` with requeue means "not processed" and does not
 * count, while `basic.reject` with requeue means "processing failed" and counts.
 * So a message given back at shutdown (a sink dropped it past the deadline) is
 * nacked: a restart with a backlog must not wear out its limit; a stage that
 * failed on it is rejected with requeue: a message that keeps crashing the bot is
 * stopped by the limit. Before 4.3 every return counts, whatever the method: the
 * source warns once at connect (`givebackWarning`).
 */
import type amqp from "amqplib";
import type { AmqpConfig } from "../../config/schema.js";

/**
 * - ack: final in every sink;
 * - drop: malformed, or failed again after its retry: rejected without requeue;
 * - giveback: dropped at shutdown, not a failure: nacked with requeue (does not count from 4.3);
 * - retry: a stage failed on it: rejected with requeue (counts against the delivery limit).
 */
export type Settlement = "ack" | "drop" | "giveback" | "retry";

/** The RabbitMQ release from which a nack with requeue no longer counts against a quorum queue's delivery limit. */
export const NACK_NOT_COUNTED_FROM: readonly [number, number] = [4, 3];
/** The release from which every quorum queue has a delivery limit (20 unless set). */
export const DEFAULT_LIMIT_FROM: readonly [number, number] = [4, 0];
export const DEFAULT_DELIVERY_LIMIT = 20;

export function settleDelivery(ch: Pick<amqp.Channel, "ack" | "nack" | "reject">, m: amqp.Message, how: Settlement): void {
  switch (how) {
    case "ack": {
      ch.ack(m);
      return;
    }
    case "drop": {
      ch.reject(m, false);
      return;
    }
    case "giveback": {
      ch.nack(m, false, true);
      return;
    }
    case "retry": {
      ch.reject(m, true);
      return;
    }
  }
}

/** `major.minor` of a `version` server property such as "3.10.8" or "4.3.0-rc.1"; null when unreadable. */
export function brokerVersion(serverProperties: Record<string, unknown> | undefined): [number, number] | null {
  const v = serverProperties?.version;
  const text = typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : null;
  const m = text === null ? null : /^(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Whether release `v` comes before `than`. */
export function versionBefore(v: readonly [number, number], than: readonly [number, number]): boolean {
  return v[0] < than[0] || (v[0] === than[0] && v[1] < than[1]);
}

/**
 * The warning for a quorum queue with a delivery limit (set, or RabbitMQ's default from 4.0) on a
 * broker older than 4.3, where every give-back at shutdown counts against it; null otherwise. An
 * unreadable version is not warned about (it may be a recent broker or not RabbitMQ at all).
 */
export function givebackWarning(cfg: AmqpConfig, serverProperties: Record<string, unknown> | undefined): string | null {
  if (cfg.queue_type !== "quorum" || !cfg.queue) return null;
  const v = brokerVersion(serverProperties);
  if (v === null || !versionBefore(v, NACK_NOT_COUNTED_FROM)) return null;
  const limit = cfg.delivery_limit ?? (versionBefore(v, DEFAULT_LIMIT_FROM) ? null : DEFAULT_DELIVERY_LIMIT);
  if (limit === null) return null;
  return (
    `RabbitMQ ${v.join(".")} counts every message given back to a quorum queue against its delivery limit (${limit}${cfg.delivery_limit === null ? ", the broker's default" : ""}): ` +
    `each restart (or shutdown past shutdown_deadline_ms) with a backlog spends one delivery of what was in flight, ` +
    `and a message past the limit is dropped by the broker. From RabbitMQ 4.3 a give-back does not count; ` +
    `meanwhile keep the limit generous or the backlog small (prefetch)`
  );
}
