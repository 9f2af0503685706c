/** The decode stage: raw source input -> Message, or a DecodeError saying why not. */
import { DecodeError, decodeJson, type Message } from "../formatters/index.js";
import { decodeDelivery } from "./sources/amqp-message.js";
import type { SourceInput } from "./sources/source.js";

/** The JSON text a message was decoded from (signatures are checked over it); null if none. */
export function rawTextOf(input: SourceInput): string | null {
  switch (input.kind) {
    case "message":
    case "amqp":
      return null;
    case "json":
      return input.text;
    case "frames":
      return input.frames[1]?.toString("utf8") ?? null;
  }
}

/** Decode one source input. Throws `DecodeError`; `topic` on the error helps the log line. */
export function decodeInput(input: SourceInput, maxBytes = Infinity): Message {
  switch (input.kind) {
    case "message":
      return input.message;
    case "json":
      if (input.text.length > maxBytes)
        throw new DecodeError(`message of ${input.text.length} characters is over max_message_bytes (${maxBytes})`);
      return decodeJson(input.text);
    case "frames":
      return decodeFrames(input.frames, maxBytes);
    case "amqp":
      // AMQP has its own limit (amqp.max_message_bytes), checked before the body was read.
      return decodeDelivery(input.delivery);
  }
}

export function decodeFrames(frames: readonly Buffer[], maxBytes = Infinity): Message {
  if (frames.length !== 2) {
    throw new DecodeError(`expected 2 frames [topic, envelope], got ${frames.length}`);
  }
  const [topicFrame, body] = frames as [Buffer, Buffer];
  if (body.length > maxBytes) throw new DecodeError(`envelope of ${body.length} bytes is over max_message_bytes (${maxBytes})`);
  const topic = topicFrame.toString("utf8");
  const msg = decodeJson(body.toString("utf8"));
  if (msg.topic.full !== topic) {
    throw new DecodeError(`topic frame ${JSON.stringify(topic)} does not match the envelope's topic ${JSON.stringify(msg.topic.full)}`);
  }
  return msg;
}

/** Best-effort topic and id of undecodable input, for the log line. */
export function peekIdentity(input: SourceInput): { topic: string | null; id: string | null } {
  if (input.kind === "amqp") return { topic: input.delivery.routingKey.slice(0, 200), id: input.delivery.messageId?.slice(0, 100) ?? null };
  let text: string | undefined;
  let topic: string | null = null;
  if (input.kind === "frames") {
    topic = input.frames.length > 0 ? (input.frames[0]?.toString("utf8").slice(0, 200) ?? null) : null;
    text = input.frames[1]?.toString("utf8");
  } else if (input.kind === "json") text = input.text;
  const id = text ? (/"(?:msg_id|id)"\s*:\s*"([^"]{1,100})"/.exec(text)?.[1] ?? null) : null;
  if (topic === null && text) topic = /"topic"\s*:\s*"([^"]{0,200})"/.exec(text)?.[1] ?? null;
  return { topic, id };
}
