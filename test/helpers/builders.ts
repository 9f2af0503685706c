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
