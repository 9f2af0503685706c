/**
 * The counts behind the page's chart and tables: messages per minute by service
 * over the last hour, and totals by service and by event since the start. Keys
 * come from the bus (topics), so their number is bounded: past the bound, new
 * ones are counted under OTHER_KEY and memory stays flat whatever publishers send.
 */
import { colorSlot } from "./row.js";

export const MINUTE_MS = 60_000;
/** Minutes of history in the chart. */
export const WINDOW_MINUTES = 60;
/** Distinct services or events counted by name; more are counted as OTHER_KEY. */
export const STATS_KEYS_MAX = 500;
export const OTHER_KEY = "(other)";
/** Events listed in `/api/stats` (the busiest). */
const EVENTS_LISTED_MAX = 50;

export interface StatsSnapshot {
  readonly now: number;
  /** Start of each minute of the window, seconds since the epoch, oldest first (60 entries). */
  readonly minutes: number[];
  /** Per service, its count in each minute of `minutes`, busiest first; only services seen in the window. */
  readonly series: { readonly service: string; readonly color: number; readonly counts: number[] }[];
  readonly total: number;
  /** Since this process started taking messages, ms since the epoch. */
  readonly since: number;
  readonly services: { readonly name: string; readonly color: number; readonly count: number }[];
  readonly events: { readonly name: string; readonly count: number }[];
}

export class Stats {
  /** Minute number (ms / MINUTE_MS) -> service -> count; at most WINDOW_MINUTES + 1 minutes kept. */
  private readonly perMinute = new Map<number, Map<string, number>>();
  private readonly services = new Map<string, number>();
  private readonly events = new Map<string, number>();
  private total = 0;

  constructor(private readonly since: number) {}

  add(service: string, event: string, atMs: number): void {
    const minute = Math.floor(atMs / MINUTE_MS);
    let m = this.perMinute.get(minute);
    if (!m) {
      m = new Map();
      this.perMinute.set(minute, m);
      for (const k of this.perMinute.keys()) if (k <= minute - WINDOW_MINUTES) this.perMinute.delete(k);
    }
    bump(m, service);
    bump(this.services, service);
    bump(this.events, event);
    this.total++;
  }

  snapshot(nowMs: number): StatsSnapshot {
    const last = Math.floor(nowMs / MINUTE_MS);
    const first = last - WINDOW_MINUTES + 1;
    const minutes: number[] = [];
    const byService = new Map<string, number[]>();
    for (let k = first; k <= last; k++) {
      minutes.push((k * MINUTE_MS) / 1000);
      for (const [service, n] of this.perMinute.get(k) ?? []) {
        let counts = byService.get(service);
        if (!counts) byService.set(service, (counts = new Array<number>(WINDOW_MINUTES).fill(0)));
        counts[k - first] = n;
      }
    }
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    const series = [...byService]
      .map(([service, counts]) => ({ service, color: colorSlot(service), counts }))
      .sort((a, b) => sum(b.counts) - sum(a.counts) || a.service.localeCompare(b.service));
    return {
      now: nowMs,
      minutes,
      series,
      total: this.total,
      since: this.since,
      services: sorted(this.services).map(([name, count]) => ({ name, color: colorSlot(name), count })),
      events: sorted(this.events)
        .slice(0, EVENTS_LISTED_MAX)
        .map(([name, count]) => ({ name, count })),
    };
  }
}

function bump(m: Map<string, number>, key: string): void {
  const k = m.has(key) || m.size < STATS_KEYS_MAX ? key : OTHER_KEY;
  m.set(k, (m.get(k) ?? 0) + 1);
}

function sorted(m: Map<string, number>): [string, number][] {
  return [...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}
