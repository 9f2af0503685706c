/**
 * One AMQP delivery -> Message, as fedora-messaging's own consumer reads it
 * (`fedora_messaging.message.get_message`): the topic is the routing key, the id
 * the `message_id` property, the headers the `headers` property, and the body is
 * decoded with `content_encoding` (UTF-8 when absent) and must be exactly one JSON
 * object. Nothing in the body can set the topic, the id or the headers: the
 * message is built from parts, never by pasting text together.
 */
import { TextDecoder } from "node:util";
import { DecodeError, decodeMessage, type Message } from "../../formatters/index.js";

/** What the source keeps of a delivery: everything the decode stage needs, and the size it was announced with. */
export interface AmqpDelivery {
  readonly routingKey: string;
  readonly messageId: string | null;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly contentType: string | null;
  readonly contentEncoding: string | null;
  readonly priority: number | null;
  /** The body; empty when it was over the size limit and never read (then `bodyBytes` says how large it was). */
  readonly body: Buffer;
  readonly bodyBytes: number;
  /** The source's `amqp.max_message_bytes`. */
  readonly maxBytes: number;
}

/** fedora-messaging's severities (`fedora_messaging_severity` must be one of them). */
const SEVERITIES: readonly number[] = [10, 20, 30, 40];

export function decodeDelivery(d: AmqpDelivery, maxBytes = d.maxBytes): Message {
  const where = d.routingKey || "(no topic)";
  if (d.bodyBytes > maxBytes || d.body.length > maxBytes) {
    throw new DecodeError(`${where}: body of ${d.bodyBytes} bytes is over max_message_bytes (${maxBytes})`);
  }
  const headers = checkHeaders(d.headers, where);
  if (d.routingKey === "" && typeof headers.fedora_messaging_schema !== "string") {
    throw new DecodeError("no topic: an empty routing key and no fedora_messaging_schema header");
  }
  const text = decodeText(d.body, d.contentEncoding ?? charsetOf(d.contentType) ?? "utf-8", where);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new DecodeError(`${where}: body is not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DecodeError(
      `${where}: body must be a JSON object (fedora-messaging refuses anything else), got ${body === null ? "null" : Array.isArray(body) ? "an array" : typeof body}`,
    );
  }
  // fedora-messaging mirrors the priority property in the headers; a publisher that did not gets it here.
  const withPriority = d.priority !== null && !Object.hasOwn(headers, "priority") ? { ...headers, priority: d.priority } : headers;
  return decodeMessage({ topic: d.routingKey, id: d.messageId, headers: withPriority, body });
}

/** fedora-messaging's header schema: severity one of its levels, schema and sent-at strings. */
function checkHeaders(h: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const out = jsonOf(h) as Record<string, unknown>;
  const sev = out.fedora_messaging_severity;
  if (sev !== undefined && !(typeof sev === "number" && SEVERITIES.includes(sev))) {
    throw new DecodeError(`${where}: header fedora_messaging_severity must be one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(sev)}`);
  }
  for (const key of ["fedora_messaging_schema", "fedora_messaging_schema_package", "sent-at"]) {
    if (out[key] !== undefined && typeof out[key] !== "string") {
      throw new DecodeError(`${where}: header ${key} must be a string, got ${JSON.stringify(out[key])}`);
    }
  }
  return out;
}

/**
 * AMQP field tables hold more than JSON (byte arrays, decimals, timestamps): the
 * formatters get JSON values only. Byte arrays become text, the rest is dropped.
 */
function jsonOf(v: unknown): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  if (Array.isArray(v)) return v.map(jsonOf).filter((x) => x !== undefined);
  if (typeof v === "object" && !(v instanceof Date)) {
    // A table's own entries only: amqplib fills tables by assignment, so a header named `__proto__`
    // sets the table's prototype (not read: inherited values are no headers); an own `__proto__` key
    // is kept as data, never assigned as a prototype here.
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const j = jsonOf(x);
      if (j === undefined) continue;
      if (k === "__proto__") Object.defineProperty(out, k, { value: j, enumerable: true, writable: true, configurable: true });
      else out[k] = j;
    }
    return out;
  }
  return undefined;
}

/** `application/json; charset=iso-8859-1` -> `iso-8859-1`. */
function charsetOf(contentType: string | null): string | null {
  const m = contentType ? /;\s*charset="?([^";\s]+)"?/i.exec(contentType) : null;
  return m?.[1] ?? null;
}

/**
 * Python codec names (after `normalize`) that are no WHATWG label, or that Python reads otherwise:
 * `latin-1` is true ISO-8859-1 (WHATWG's is windows-1252), `ascii` refuses bytes over 0x7f (WHATWG's
 * is windows-1252), `utf-16` finds the byte order in a BOM and strips it (little-endian without one,
 * as Python on the machines this runs on), `utf-16-le`/`-be` keep a BOM as text.
 */
const PYTHON_NAMES: Readonly<Record<string, string>> = {
  utf8: "utf-8",
  u8: "utf-8",
  utf: "utf-8",
  cp65001: "utf-8",
  "utf-8-sig": "utf-8-sig",
  "latin-1": "iso-8859-1-exact",
  latin1: "iso-8859-1-exact",
  latin: "iso-8859-1-exact",
  l1: "iso-8859-1-exact",
  "iso-8859-1": "iso-8859-1-exact",
  iso8859: "iso-8859-1-exact",
  "iso8859-1": "iso-8859-1-exact",
  ascii: "ascii-exact",
  "us-ascii": "ascii-exact",
  "646": "ascii-exact",
  "utf-16": "utf-16-bom",
  utf16: "utf-16-bom",
  u16: "utf-16-bom",
  "utf-16-le": "utf-16le",
  "utf-16-be": "utf-16be",
};

/** Python's `encodings.normalize_encoding`, then WHATWG's case: `UTF_16 LE` -> `utf-16-le`. */
function normalize(encoding: string): string {
  return encoding
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-");
}

/**
 * Python's codec names (`utf_8`, `latin_1`, `UTF8`, `utf_16_le`) and WHATWG's labels mostly meet
 * once lower-cased with `-` for `_`; the rest are in PYTHON_NAMES. A name neither knows (or `gzip`,
 * which is not a text encoding) makes the message malformed, as it makes fedora-messaging fail.
 */
function decodeText(body: Buffer, encoding: string, where: string): string {
  const name = normalize(encoding);
  let label = PYTHON_NAMES[name] ?? name;
  // Every byte is a character in ISO-8859-1: nothing can be invalid.
  if (label === "iso-8859-1-exact") return body.toString("latin1");
  if (label === "ascii-exact") {
    if (body.some((b) => b > 0x7f))
      throw new DecodeError(`${where}: body is not valid ascii (content_encoding ${JSON.stringify(encoding)})`);
    return body.toString("latin1");
  }
  if (label === "utf-16-bom") {
    // Python's utf-16: a BOM says the byte order and is no text; without one, little-endian.
    const bigEndian = body[0] === 0xfe && body[1] === 0xff;
    const littleEndian = body[0] === 0xff && body[1] === 0xfe;
    label = bigEndian ? "utf-16be" : "utf-16le";
    if (bigEndian || littleEndian) body = body.subarray(2);
  }
  let decoder: TextDecoder;
  try {
    // ignoreBOM keeps a byte order mark in the text, so JSON.parse refuses it as Python's json.loads does (utf-8-sig strips it).
    decoder = label === "utf-8-sig" ? new TextDecoder("utf-8", { fatal: true }) : new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch (err) {
    throw new DecodeError(`${where}: content_encoding ${JSON.stringify(encoding)} is not a text encoding`, { cause: err });
  }
  try {
    return decoder.decode(body);
  } catch (err) {
    throw new DecodeError(`${where}: body is not valid ${decoder.encoding} (content_encoding ${JSON.stringify(encoding)})`, { cause: err });
  }
}
