/** The tests' builders of bus messages and summaries (formatter payload builders are in fixtures.ts). */
import { parseTopic, type Message, type Summary } from "../../formatters/index.js";

let counter = 0;

/**
 * A fedmsg-era message on `topic` with an empty body and a fresh id (unless one is given; null: none),
 * sent at `timestamp` (seconds; null: none). Built as a literal, not decoded: the pacing and flow
 * tests offer tens of thousands of them.
 */
export function busMessage(
  topic = "org.fedoraproject.prod.buildsys.build.state.change",
  id?: string | null,
  timestamp: number | null = 1790000000,
): Message {
  counter++;
  const msgId = id === undefined ? `2026-${String(counter).padStart(8, "0")}-0000-4000-8000-000000000000` : id;
  return {
    era: "fedmsg",
    id: msgId,
    topic: parseTopic(topic),
    body: {},
    headers: {},
    schema: null,
    timestamp,
    username: null,
    counter: null,
    signature: null,
    raw: {},
  };
}

/** A summary: a Koji build title with text "text", nothing else set, `over` on top (e.g. `summary({ text })`). */
export function summary(over: Partial<Summary> = {}): Summary {
  return {
    title: "buildsys.build.state.change",
    text: "text",
    link: null,
    usernames: [],
    packages: [],
    objects: [],
    groups: [],
    agent: null,
    app: null,
    icon: null,
    avatar: null,
    severity: null,
    long: null,
    ...over,
  };
}

/** A raw fedmsg envelope, as a publisher sends it on the bus. */
export interface BusEnvelope {
  readonly topic: string;
  readonly msg: Record<string, unknown>;
  readonly msg_id: string;
  readonly timestamp: number;
  readonly i: number;
  readonly username: string;
}

let envelopes = 0;

/**
 * A Koji build state change as it comes off the bus, to decode or to publish: a fresh id and
 * build number each time, release `<n>.fc45` unless given.
 */
export function kojiBuildEnvelope(
  over: { name?: string; release?: string; state?: number; timestamp?: number; username?: string } = {},
): BusEnvelope {
  const n = ++envelopes;
  return {
    topic: "org.fedoraproject.prod.buildsys.build.state.change",
    msg: {
      build_id: n,
      name: over.name ?? "python-foo",
      version: "1.0",
      release: over.release ?? `${n}.fc45`,
      owner: "ralph",
      new: over.state ?? 1,
      old: 0,
      instance: "primary",
      attribute: "state",
      task_id: n,
    },
    msg_id: `2026-${crypto.randomUUID()}`,
    timestamp: over.timestamp ?? 1790000000 + n,
    i: n,
    username: over.username ?? "test",
  };
}
