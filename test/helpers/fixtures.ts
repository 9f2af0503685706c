/** Builders for formatter test fixtures: write the payload, get the Summary. */
import { decodeMessage, format, formatTrace, type FormatOptions, type Summary } from "../../formatters/index.js";

/** Format a fedmsg-era envelope on `org.fedoraproject.prod.<title>` (or a full topic). */
export function fedmsg(topic: string, msg: unknown, opts: FormatOptions & { envelope?: Record<string, unknown> } = {}): Summary {
  const full = /^(org|io|com|net)\./.test(topic) ? topic : `org.fedoraproject.prod.${topic}`;
  const s = format(
    { topic: full, msg, msg_id: "2026-00000000-0000-4000-8000-000000000000", timestamp: 1790000000, i: 1, ...opts.envelope },
    opts,
  );
  if (!s) throw new Error(`not a message: ${full}`);
  return s;
}

/** Format a fedora-messaging message with the given schema header (topic defaults to the bare one). */
export function messaging(schema: string | null, topic: string, body: unknown, headers: Record<string, unknown> = {}): Summary {
  const h = schema ? { fedora_messaging_schema: schema, ...headers } : headers;
  const s = format({ id: "11111111-2222-4333-8444-555555555555", topic, headers: h, body });
  if (!s) throw new Error(`not a message: ${topic}`);
  return s;
}

/** Which formatter service wrote the line of a fedmsg-era envelope on `org.fedoraproject.prod.<title>` ("generic" for the fallback). */
export function handledBy(title: string, msg: unknown): string {
  return formatTrace(decodeMessage({ topic: `org.fedoraproject.prod.${title}`, msg })).service;
}
