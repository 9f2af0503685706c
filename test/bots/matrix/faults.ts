/**
 * The fault scenarios of the delivery tests, shared with bench/matrix.ts (which
 * prints their outcome table): one event offered while the double misbehaves.
 */
import { ManualClock } from "../../../bots/flow/clock.js";
import { htmlError, jsonError } from "../../helpers/http-double.js";
import { MatrixDouble, type Fault } from "./double.js";
import { buildSink, kojiBuild, summary, Tickets } from "./helpers.js";

export interface FaultCase {
  readonly name: string;
  readonly faults: readonly Fault[];
  readonly expect: "sent" | "gave_up" | "rejected";
}

export const FAULT_CASES: readonly FaultCase[] = [
  { name: "500 JSON", faults: [jsonError(500)], expect: "sent" },
  { name: "502 HTML", faults: [htmlError(502)], expect: "sent" },
  { name: "503 HTML", faults: [htmlError(503)], expect: "sent" },
  { name: "500 JSON after the event was stored", faults: [jsonError(500, true)], expect: "sent" },
  { name: "hang (timeout)", faults: [{ kind: "hang" }], expect: "sent" },
  { name: "hang after the event was stored", faults: [{ kind: "hang", after: true }], expect: "sent" },
  { name: "connection reset after the event was stored", faults: [{ kind: "reset" }], expect: "sent" },
  { name: "connection reset before", faults: [{ kind: "reset", after: false }], expect: "sent" },
  { name: "429 M_LIMIT_EXCEEDED, retry_after_ms 7000", faults: [{ kind: "rate-limit", retryAfterMs: 7000 }], expect: "sent" },
  { name: "429, Retry-After header only", faults: [{ kind: "rate-limit", retryAfterMs: 3000, headerOnly: true }], expect: "sent" },
  {
    name: "502 HTML, reset after store, 503 JSON, hang",
    faults: [htmlError(502), { kind: "reset" }, jsonError(503), { kind: "hang" }],
    expect: "sent",
  },
  { name: "503 on every attempt", faults: Array.from({ length: 6 }, () => jsonError(503)), expect: "gave_up" },
  { name: "429 past max_wait_ms", faults: [{ kind: "rate-limit", retryAfterMs: 2 * 3600_000 }], expect: "gave_up" },
  { name: "400 M_BAD_JSON", faults: [{ kind: "error", status: 400, body: "json" }], expect: "rejected" },
];

export interface FaultResult {
  readonly outcome: "sent" | "gave_up" | "rejected" | "none";
  /** PUT send requests made for the event. */
  readonly attempts: number;
  /** Events the homeserver stored (1 when sent, else 0). */
  readonly stored: number;
  /** Virtual time from the first attempt to the last. */
  readonly spanMs: number;
}

export async function runFaultCase(c: FaultCase): Promise<FaultResult> {
  const clock = new ManualClock();
  const double = await new MatrixDouble({ now: () => clock.now(), rateLimit: null }).start();
  try {
    const room = double.createRoom();
    const { sink } = buildSink(double.url, [room], { request_timeout_ms: 400 }, clock);
    await sink.start();
    double.fault("send", ...c.faults);
    const tickets = new Tickets();
    sink.offer(kojiBuild(), summary(`fault case: ${c.name}`), tickets.make());
    await clock.runUntil(() => tickets.outcomes.size > 0, 3 * 3600_000);
    const stop = sink.stop(1000);
    await clock.runUntil(() => false, 2000);
    await stop;
    const sends = double.requests.filter((r) => r.route === "send");
    const o = tickets.outcomes.get(0);
    const outcome = o?.outcome === "sent" ? "sent" : o?.reason === "rejected" ? "rejected" : o?.reason === "gave_up" ? "gave_up" : "none";
    return { outcome, attempts: sends.length, stored: double.events.length, spanMs: (sends.at(-1)?.at ?? 0) - (sends[0]?.at ?? 0) };
  } finally {
    await double.close();
  }
}
