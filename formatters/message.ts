import { DecodeError } from "./errors.js";
import { isObject } from "./payload.js";
import { parseTopic } from "./topic.js";
import type { FedmsgSignature, Message } from "./types.js";

/** The fedmsg username under which the AMQP->ZeroMQ bridge re-publishes fedora-messaging traffic. */
export const AMQP_BRIDGE_USERNAME = "amqp-bridge";

/**
 * Decode one parsed JSON value into a `Message`. Accepts a fedmsg envelope
 * (`{topic, msg, msg_id?, timestamp?, i?, username?, crypto?, signature?,
 * certificate?, headers?}`) or a fedora-messaging message (`{topic, headers, body,
 * id}`). Throws `DecodeError` saying what is wrong with anything else.
 */
export function decodeMessage(value: unknown): Message {
  if (!isObject(value)) {
    throw new DecodeError(`expected a JSON object, got ${describe(value)}`);
  }
  if ("msg" in value) return decodeEnvelope(value);
  if ("body" in value) return decodeAmqp(value);
  // fedmsg itself formats an envelope that has only a topic (its test suite publishes one).
  if (typeof value.topic === "string" && value.topic !== "") return decodeEnvelope({ ...value, msg: null });
  throw new DecodeError('neither a fedmsg envelope (needs "topic" and "msg") nor a fedora-messaging message (needs "topic" and "body")');
}

/** A message's title: its topic's (`bodhi.update.comment`), or its schema name when the topic has none. */
export function messageTitle(msg: Message): string {
  return msg.topic.title !== "" ? msg.topic.title : (msg.schema ?? "");
}

/** Parse one line of JSON text and decode it; JSON syntax errors become `DecodeError`. */
export function decodeJson(text: string): Message {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DecodeError(`not JSON: ${(err as Error).message}`, { cause: err });
  }
  return decodeMessage(value);
}

function decodeEnvelope(v: Record<string, unknown>): Message {
  const topic = v.topic;
  if (typeof topic !== "string" || topic === "") {
    throw new DecodeError(`fedmsg envelope: "topic" must be a non-empty string, got ${describe(topic)}`);
  }
  checkTopicLength(topic);
  const headers = optionalObject(v, "headers", topic);
  const username = optionalString(v, "username", topic);
  const bridged = username === AMQP_BRIDGE_USERNAME && headers !== undefined;
  const schema = headers ? schemaOf(headers) : null;
  const sig = signatureOf(v);
  return {
    era: bridged ? "fedora-messaging" : "fedmsg",
    id: optionalString(v, "msg_id", topic) ?? null,
    topic: parseTopic(topic),
    body: v.msg,
    headers: headers ?? {},
    schema,
    timestamp: optionalNumber(v, "timestamp", topic) ?? (headers ? sentAt(headers) : null),
    username: username ?? null,
    counter: optionalNumber(v, "i", topic) ?? null,
    signature: sig,
    raw: v,
  };
}

function decodeAmqp(v: Record<string, unknown>): Message {
  const topic = v.topic ?? "";
  if (typeof topic !== "string") {
    throw new DecodeError(`fedora-messaging message: "topic" must be a string, got ${describe(topic)}`);
  }
  checkTopicLength(topic);
  const headers = optionalObject(v, "headers", topic) ?? {};
  const id = v.id;
  if (id !== undefined && id !== null && typeof id !== "string") {
    throw new DecodeError(`fedora-messaging message ${topic || "(no topic)"}: "id" must be a string, got ${describe(id)}`);
  }
  return {
    era: "fedora-messaging",
    id: typeof id === "string" ? id : null,
    topic: parseTopic(topic),
    body: v.body,
    headers,
    schema: schemaOf(headers),
    timestamp: sentAt(headers),
    username: null,
    counter: null,
    signature: null,
    raw: v,
  };
}

function schemaOf(headers: Record<string, unknown>): string | null {
  const s = headers.fedora_messaging_schema;
  return typeof s === "string" && s !== "" ? s : null;
}

function sentAt(headers: Record<string, unknown>): number | null {
  const s = headers["sent-at"];
  if (typeof s !== "string") return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

function signatureOf(v: Record<string, unknown>): FedmsgSignature | null {
  const { crypto, signature, certificate } = v;
  if (typeof signature === "string" && typeof certificate === "string") {
    return { crypto: typeof crypto === "string" ? crypto : "x509", signature, certificate };
  }
  return null;
}

/**
 * Real topics are under 256 characters (AMQP caps a routing key at 255 bytes). A longer one is not
 * a message: glob matching, the generic line and digests would all grow with it.
 */
export const TOPIC_MAX_CHARS = 512;

function checkTopicLength(topic: string): void {
  if (topic.length > TOPIC_MAX_CHARS) {
    throw new DecodeError(
      `topic of ${topic.length} characters (${JSON.stringify(topic.slice(0, 60))}…) is over ${TOPIC_MAX_CHARS}: not a bus topic`,
    );
  }
}

function optionalString(v: Record<string, unknown>, key: string, topic: string): string | undefined {
  const x = v[key];
  if (x === undefined || x === null) return undefined;
  if (typeof x !== "string") throw new DecodeError(`${topic}: "${key}" must be a string, got ${describe(x)}`);
  return x;
}

function optionalNumber(v: Record<string, unknown>, key: string, topic: string): number | undefined {
  const x = v[key];
  if (x === undefined || x === null) return undefined;
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new DecodeError(`${topic}: "${key}" must be a number, got ${describe(x)}`);
  }
  return x;
}

function optionalObject(v: Record<string, unknown>, key: string, topic: string): Record<string, unknown> | undefined {
  const x = v[key];
  if (x === undefined || x === null) return undefined;
  if (!isObject(x)) throw new DecodeError(`${topic || "(no topic)"}: "${key}" must be an object, got ${describe(x)}`);
  return x;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  // A switch on typeof narrows `x` in each case, so String() only ever gets a value that spells itself out.
  switch (typeof x) {
    case "string":
      return x.length > 40 ? `a string (${JSON.stringify(x.slice(0, 40))}...)` : `the string ${JSON.stringify(x)}`;
    case "number":
    case "boolean":
    case "bigint":
    case "symbol":
    case "undefined":
    case "function":
      return `${typeof x} ${String(x)}`;
    default:
      return "an object";
  }
}
