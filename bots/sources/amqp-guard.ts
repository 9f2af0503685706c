/**
 * The body size is checked before the body is read. amqplib gathers every content
 * frame of a delivery and concatenates them before the consumer sees a byte, so a
 * 100 MB body cost over 500 MB of memory (frames, the concatenation, the decoded
 * text) before `max_message_bytes` could refuse it. The header frame announces the
 * size first: over the limit, the delivery is handed on with an empty body (the
 * consumer gets it at once, to count and reject) and its content frames are let
 * fall as they arrive, never held.
 *
 * This reaches into amqplib's channel (`acceptMessageFrame`, frames shaped
 * `{id, fields, size}` then `{content}`), which is stable across 0.10.x; if it
 * changes, `guardBodySize` throws at connect rather than silently not guarding,
 * and the size test fails.
 */
import type amqp from "amqplib";

interface Frame {
  readonly id?: number;
  readonly fields?: unknown;
  readonly size?: number;
  readonly content?: Buffer;
}

type AcceptFrame = (this: unknown, f: Frame) => unknown;

/** Properties objects of deliveries whose body was skipped -> the size they announced. */
const skipped = new WeakMap<object, number>();

export class AmqplibChangedError extends Error {
  override readonly name = "AmqplibChangedError";
}

export function guardBodySize(ch: amqp.Channel, maxBytes: number): void {
  const target = ch as unknown as { acceptMessageFrame?: AcceptFrame };
  const accept = target.acceptMessageFrame;
  if (typeof accept !== "function")
    throw new AmqplibChangedError("amqplib's channel has no acceptMessageFrame: the body size cannot be checked before reading");
  let toSkip = 0;
  target.acceptMessageFrame = function (this: unknown, f: Frame) {
    if (toSkip > 0 && f.id === undefined && f.content) {
      toSkip -= f.content.length;
      return undefined;
    }
    if (typeof f.size === "number" && f.size > maxBytes && typeof f.fields === "object" && f.fields !== null) {
      toSkip = f.size;
      const fields = { ...f.fields };
      skipped.set(fields, f.size);
      // Announced as empty, amqplib emits the delivery now and waits for the next one.
      return accept.call(this, { ...f, fields, size: 0 });
    }
    return accept.call(this, f);
  };
}

/** The size a delivery announced, when its body was over the limit and never read. */
export function skippedBodyBytes(properties: object): number | undefined {
  return skipped.get(properties);
}
