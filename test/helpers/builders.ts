/** The tests' builders of bus messages and summaries (formatter payload builders are in fixtures.ts). */
import { decodeMessage, type Message, type Summary } from "../../formatters/index.js";

let counter = 0;

/** A fedmsg-era message on `topic` with an empty body and a fresh id (unless one is given; null: none). */
export function busMessage(topic = "org.fedoraproject.prod.buildsys.build.state.change", id?: string | null): Message {
  counter++;
  const msgId = id === undefined ? `2026-${String(counter).padStart(8, "0")}-0000-4000-8000-000000000000` : id;
  return decodeMessage({ topic, msg: {}, msg_id: msgId, timestamp: 1790000000, i: counter, username: "test" });
}

/** A summary: a Koji build title with text "text", nothing else set, `over` on top. */
export function summary(over: Partial<Summary> = {}): Summary {
  return {
    title: "buildsys.build.state.change", text: "text", link: null, usernames: [], packages: [], objects: [], groups: [],
    agent: null, app: null, icon: null, avatar: null, severity: null, long: null, ...over,
  };
}
