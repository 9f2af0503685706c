/**
 * `fedmsg-echo replay`: publish a JSON Lines file of messages on a ZeroMQ PUB
 * socket as `[topic, envelope]`, the way a fedmsg publisher does. fedora-messaging
 * lines are wrapped as the AMQP bridge does (username `amqp-bridge`, headers kept).
 * PUB drops what is sent before a subscriber connects, so the replayer can wait
 * for N subscriptions first (it binds an XPUB socket to see them).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { XPublisher } from "zeromq";
import { AMQP_BRIDGE_USERNAME, isObject } from "../formatters/index.js";

export interface ReplayOptions {
  readonly file: string;
  readonly bind: string;
  /** Messages per second; 0 = as fast as the socket takes them. */
  readonly rate: number;
  readonly loop: boolean;
  /** Wait for this many subscriptions before the first message. */
  readonly waitSubscribers: number;
  /** Then wait this long (ms), since a SUB's connection may still be settling. */
  readonly delayMs: number;
  readonly signal?: AbortSignal;
  readonly onPublished?: (n: number) => void;
  /** Called with the bound address (useful with `tcp://127.0.0.1:*`). */
  readonly onBound?: (endpoint: string) => void;
}

/** One message of a replay file: its value and the exact text of its line. */
export interface ReplayLine {
  readonly value: Record<string, unknown>;
  readonly text: string;
}

/** Read a replay file: one message per line; blank lines and `#` comments skipped. */
export function readReplayFile(file: string): ReplayLine[] {
  const out: ReplayLine[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const t = line.trim();
      if (t === "" || t.startsWith("#")) return;
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON: ${(err as Error).message}`, { cause: err });
      }
      if (!isObject(v) || typeof v.topic !== "string") {
        throw new Error(`${file}:${i + 1}: not a message (needs at least "topic", with "msg" or "body")`);
      }
      out.push({ value: v, text: t });
    });
  return out;
}

/** The fedmsg envelope to publish for a file line. */
export function toEnvelope(v: Record<string, unknown>, counter: number, freshId: boolean): Record<string, unknown> {
  const year = new Date().getUTCFullYear();
  if (!("body" in v)) {
    return { ...v, i: counter, msg_id: freshId || typeof v.msg_id !== "string" ? `${year}-${randomUUID()}` : v.msg_id };
  }
  const headers = isObject(v.headers) ? v.headers : {};
  return {
    topic: v.topic,
    msg: v.body,
    msg_id: freshId || typeof v.id !== "string" ? `${year}-${randomUUID()}` : v.id,
    i: counter,
    timestamp: Date.now() / 1000,
    username: AMQP_BRIDGE_USERNAME,
    headers,
  };
}

export async function replay(opts: ReplayOptions): Promise<number> {
  const messages = readReplayFile(opts.file);
  if (messages.length === 0) throw new Error(`${opts.file}: no messages`);
  const pub = new XPublisher({ linger: 2000, sendHighWaterMark: 100_000 });
  await pub.bind(opts.bind);
  opts.onBound?.(pub.lastEndpoint ?? opts.bind);
  try {
    if (opts.waitSubscribers > 0) {
      let seen = 0;
      for await (const [sub] of pub) {
        if (sub && sub[0] === 1) seen++;
        if (seen >= opts.waitSubscribers || opts.signal?.aborted) break;
      }
    }
    if (opts.delayMs > 0) await sleep(opts.delayMs);
    const intervalMs = opts.rate > 0 ? 1000 / opts.rate : 0;
    const started = Date.now();
    let n = 0;
    let round = 0;
    do {
      for (const m of messages) {
        if (opts.signal?.aborted) return n;
        // A signed envelope goes out byte for byte: any change (even 1.0 -> 1) breaks its signature.
        if ("signature" in m.value) await pub.send([String(m.value.topic), m.text]);
        else {
          const env = toEnvelope(m.value, n + 1, round > 0);
          await pub.send([String(env.topic), JSON.stringify(env)]);
        }
        n++;
        opts.onPublished?.(n);
        if (intervalMs > 0) {
          const due = started + n * intervalMs;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait);
        }
      }
      round++;
    } while (opts.loop);
    return n;
  } finally {
    pub.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
