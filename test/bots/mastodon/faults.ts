/**
 * The fault scenarios of the delivery tests, shared with bench/mastodon.ts (which
 * prints their outcome table): one status offered while the double misbehaves.
 */
import { VirtualClock } from "../../../bots/mastodon/clock.js";
import { htmlError, jsonError } from "../../helpers/http-double.js";
import { MastodonDouble, type Fault } from "./double.js";
import { buildSink, message, summary, until, ticket } from "./helpers.js";

/** Real time runFaultCase waits for the status's outcome before it fails naming the case. */
export const FAULT_OUTCOME_WAIT_MS = 20_000;
/** The sink's shutdown deadline once the outcome is in. */
export const FAULT_STOP_DEADLINE_MS = 2000;
/** The longest runFaultCase waits: a test running a case sets a timeout above it (plus its setup). */
export const FAULT_CASE_MAX_WAIT_MS = FAULT_OUTCOME_WAIT_MS + FAULT_STOP_DEADLINE_MS;

export interface FaultCase {
  readonly name: string;
  readonly faults: readonly Fault[];
  readonly expect: "posted" | "rejected" | "gave_up";
  readonly account?: Record<string, unknown>;
}

export const FAULT_CASES: readonly FaultCase[] = [
  { name: "500 JSON", faults: [jsonError(500)], expect: "posted" },
  { name: "502 JSON", faults: [jsonError(502)], expect: "posted" },
  { name: "503 JSON", faults: [jsonError(503)], expect: "posted" },
  { name: "500 HTML", faults: [htmlError(500)], expect: "posted" },
  { name: "502 HTML", faults: [htmlError(502)], expect: "posted" },
  { name: "503 HTML", faults: [htmlError(503)], expect: "posted" },
  { name: "500 JSON after the status was stored", faults: [jsonError(500, true)], expect: "posted" },
  { name: "hang (timeout)", faults: [{ kind: "hang" }], expect: "posted" },
  { name: "hang after the status was stored", faults: [{ kind: "hang", after: true }], expect: "posted" },
  { name: "connection reset after the status was stored", faults: [{ kind: "reset" }], expect: "posted" },
  { name: "connection reset before", faults: [{ kind: "reset", after: false }], expect: "posted" },
  { name: "429, X-RateLimit-Reset ISO-8601", faults: [{ kind: "rate-limit", resetInMs: 90_000, header: "iso" }], expect: "posted" },
  { name: "429, X-RateLimit-Reset epoch seconds", faults: [{ kind: "rate-limit", resetInMs: 90_000, header: "epoch" }], expect: "posted" },
  { name: "429, Retry-After", faults: [{ kind: "rate-limit", resetInMs: 90_000, header: "retry-after" }], expect: "posted" },
  {
    name: "502 HTML, reset after store, 503 JSON, hang",
    faults: [htmlError(502), { kind: "reset" }, jsonError(503), { kind: "hang" }],
    expect: "posted",
  },
  { name: "503 on every attempt", faults: Array.from({ length: 6 }, () => jsonError(503)), expect: "gave_up" },
  { name: "429 past max_wait_ms", faults: [{ kind: "rate-limit", resetInMs: 2 * 3600_000 }], expect: "gave_up" },
  {
    name: "422 too long",
    faults: [{ kind: "error", status: 422, body: "json", message: "Validation failed: Text character limit of 500 exceeded" }],
    expect: "rejected",
  },
];

export interface FaultResult {
  readonly name: string;
  readonly outcome: "posted" | "rejected" | "gave_up" | "none";
  /** POST /api/v1/statuses requests made for the status. */
  readonly attempts: number;
  /** Statuses the server stored (must be 1 when posted, else 0). */
  readonly stored: number;
  /** Virtual time from the first attempt to the last. */
  readonly spanMs: number;
  readonly lastAttemptAt: number;
  readonly resetAt: number | null;
  readonly logs: readonly Record<string, unknown>[];
}

export async function runFaultCase(c: FaultCase): Promise<FaultResult> {
  const clock = new VirtualClock();
  const double = await new MastodonDouble({ now: () => clock.now() }).start();
  try {
    const { sink, metrics, logs } = buildSink(double.url, { request_timeout_ms: 1500, ...c.account }, clock);
    await sink.start();
    const startedAt = clock.now();
    double.fault("POST /api/v1/statuses", ...c.faults);
    const msg = message();
    sink.offer(msg, summary(`fault case: ${c.name}`), ticket());
    const done = (): boolean => metrics.total("lines_sent") + metrics.total("sink_dropped") > 0;
    await until(done, `the outcome of "${c.name}"`, FAULT_OUTCOME_WAIT_MS);
    await sink.stop(FAULT_STOP_DEADLINE_MS);
    const posts = double.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/statuses" && r.idempotencyKey !== null);
    const first = posts[0]?.at ?? startedAt;
    const last = posts[posts.length - 1]?.at ?? startedAt;
    const rl = c.faults.find((f) => f.kind === "rate-limit");
    const outcome = metrics.total("lines_sent")
      ? "posted"
      : metrics.total("mastodon_rejected")
        ? "rejected"
        : metrics.total("sink_dropped")
          ? "gave_up"
          : "none";
    return {
      name: c.name,
      outcome,
      attempts: posts.length,
      stored: double.statuses.filter((s) => s.idempotencyKey !== null).length,
      spanMs: last - first,
      lastAttemptAt: last,
      resetAt: rl?.kind === "rate-limit" ? first + rl.resetInMs : null,
      logs: logs.lines,
    };
  } finally {
    await double.close();
  }
}
