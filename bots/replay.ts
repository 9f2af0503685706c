/**
 * `fedmsg-echo replay`: publish a JSON Lines file of messages on a ZeroMQ PUB
 * socket as `[topic, envelope]`, the way a fedmsg publisher does. fedora-messaging
 * lines are wrapped as the AMQP bridge does (username `amqp-bridge`, headers kept).
 * PUB drops what is sent before a subscriber connects, so the replayer can wait
 * for N subscriptions first (it binds an XPUB socket to see them). The file is streamed, a line
 * at a time with a bounded line length, so any size of file (or /dev/zero) keeps memory flat and
 * SIGINT/SIGTERM stop it.
 */
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { XPublisher } from "zeromq";
import { AMQP_BRIDGE_USERNAME, isObject } from "../formatters/index.js";
import { jsonLines } from "./json-lines.js";

/** The longest line a replay file may hold (UTF-16 units); a bus message is far smaller. */
export const REPLAY_MAX_LINE_CHARS = 16 * 1024 * 1024;

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

/** One line of a replay file: a message, or undefined for a blank line or a `#` comment. */
export function parseReplayLine(file: string, lineNo: number, line: string): ReplayLine | undefined {
  const t = line.trim();
  if (t === "" || t.startsWith("#")) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch (err) {
    throw new Error(`${file}:${lineNo}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(v) || typeof v.topic !== "string") {
    throw new Error(`${file}:${lineNo}: not a message (needs at least "topic", with "msg" or "body")`);
  }
  return { value: v, text: t };
}

/** The messages of a replay file, streamed. */
export async function* readReplayLines(file: string): AsyncGenerator<ReplayLine> {
  const stream = createReadStream(file);
  try {
    let lineNo = 0;
    for await (const line of jsonLines(stream, REPLAY_MAX_LINE_CHARS)) {
      lineNo++;
      if (line === null) throw new Error(`${file}:${lineNo}: line longer than ${REPLAY_MAX_LINE_CHARS} characters`);
      const m = parseReplayLine(file, lineNo, line);
      if (m) yield m;
    }
  } finally {
    stream.destroy();
  }
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
  const pub = new XPublisher({ linger: 2000, sendHighWaterMark: 100_000 });
  await pub.bind(opts.bind);
  opts.onBound?.(pub.lastEndpoint ?? opts.bind);
  // Closing the socket ends a wait for subscribers that may never come.
  const onAbort = (): void => pub.close();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (opts.waitSubscribers > 0 && !opts.signal?.aborted) {
      let seen = 0;
      try {
        for await (const [sub] of pub) {
          if (sub && sub[0] === 1) seen++;
          if (seen >= opts.waitSubscribers || opts.signal?.aborted) break;
        }
      } catch (err) {
        if (!opts.signal?.aborted) throw err;
      }
    }
    if (opts.delayMs > 0) await sleep(opts.delayMs, opts.signal);
    const intervalMs = opts.rate > 0 ? 1000 / opts.rate : 0;
    const started = Date.now();
    let n = 0;
    let round = 0;
    do {
      let inRound = 0;
      for await (const m of readReplayLines(opts.file)) {
        if (opts.signal?.aborted) return n;
        // A signed envelope goes out byte for byte: any change (even 1.0 -> 1) breaks its signature.
        if ("signature" in m.value) await pub.send([String(m.value.topic), m.text]);
        else {
          const env = toEnvelope(m.value, n + 1, round > 0);
          await pub.send([String(env.topic), JSON.stringify(env)]);
        }
        n++;
        inRound++;
        opts.onPublished?.(n);
        if (intervalMs > 0) {
          const due = started + n * intervalMs;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait, opts.signal);
        }
      }
      if (inRound === 0 && !opts.signal?.aborted) throw new Error(`${opts.file}: no messages`);
      round++;
    } while (opts.loop && !opts.signal?.aborted);
    return n;
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    if (!pub.closed) pub.close();
  }
}

/** Waits `ms`, or less if `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
