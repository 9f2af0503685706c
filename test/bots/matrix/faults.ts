/**
 * The fault scenarios of the delivery tests, shared with bench/matrix.ts (which
 * prints their outcome table): one event offered while the double misbehaves.
 */
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { MatrixDouble, type Fault } from "./double.js";
import { buildSink, kojiBuild, summary, until } from "./helpers.js";

export interface FaultCase {
  readonly name: string;
  readonly faults: readonly Fault[];
  readonly expect: "sent" | "gave_up" | "rejected";
}

const json = (status: number, after = false): Fault => ({ kind: "error", status, body: "json", after });
const html = (status: number): Fault => ({ kind: "error", status, body: "html" });

export const FAULT_CASES: readonly FaultCase[] = [
  { name: "500 JSON", faults: [json(500)], expect: "sent" },
  { name: "502 HTML", faults: [html(502)], expect: "sent" },
  { name: "503 HTML", faults: [html(503)], expect: "sent" },
  { name: "500 JSON after the event was stored", faults: [json(500, true)], expect: "sent" },
  { name: "hang (timeout)", faults: [{ kind: "hang" }], expect: "sent" },
  { name: "hang after the event was stored", faults: [{ kind: "hang", after: true }], expect: "sent" },
  { name: "connection reset after the event was stored", faults: [{ kind: "reset" }], expect: "sent" },
  { name: "connection reset before", faults: [{ kind: "reset", after: false }], expect: "sent" },
  { name: "429 M_LIMIT_EXCEEDED, retry_after_ms 7000", faults: [{ kind: "rate-limit", retryAfterMs: 7000 }], expect: "sent" },
  { name: "429, Retry-After header only", faults: [{ kind: "rate-limit", retryAfterMs: 3000, headerOnly: true }], expect: "sent" },
  { name: "502 HTML, reset after store, 503 JSON, hang", faults: [html(502), { kind: "reset" }, json(503), { kind: "hang" }], expect: "sent" },
  { name: "503 on every attempt", faults: Array.from({ length: 6 }, () => json(503)), expect: "gave_up" },
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
  const clock = new VirtualClock();
  const double = await new MatrixDouble({ now: () => clock.now(), rateLimit: null }).start();
  try {
    const room = double.createRoom();
    const { sink, metrics } = buildSink(double.url, [room], { request_timeout_ms: 400 }, clock);
    await sink.start();
    double.fault("send", ...c.faults);
    sink.offer(kojiBuild(), summary(`fault case: ${c.name}`));
    await until(() => metrics.total("lines_sent") + metrics.total("lines_dropped") > 0, `the outcome of "${c.name}"`, 20_000);
    await sink.stop(1000);
    const sends = double.requests.filter((r) => r.route === "send");
    const dropped = (reason: string): boolean => metrics.get("matrix_dropped", { sink: sink.name, reason }) > 0;
    const outcome = metrics.total("lines_sent") ? "sent" : dropped("rejected") ? "rejected" : dropped("gave_up") ? "gave_up" : "none";
    return { outcome, attempts: sends.length, stored: double.events.length, spanMs: (sends.at(-1)?.at ?? 0) - (sends[0]?.at ?? 0) };
  } finally {
    await double.close();
  }
}
