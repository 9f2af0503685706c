/**
 * A browser's own filters, from its URL query (`/events?topic=…&user=…`, and the
 * same on `/api/recent`): topic globs, users, packages, services. Values of one
 * kind are alternatives; kinds combine (a row must pass each kind that is given).
 * Applied on the server, so a browser receives only what it asked for.
 */
import { compileGlob, type TopicGlob } from "../../formatters/index.js";
import type { Row } from "./row.js";

/** Bounds on what a URL may ask, so that matching stays cheap for every row and every browser. */
export const QUERY_VALUES_MAX = 20;
export const QUERY_VALUE_MAX_CHARS = 200;

export class QueryError extends Error {
  override readonly name = "QueryError";
}

export interface RowFilter {
  readonly empty: boolean;
  matches(row: Row): boolean;
}

/** `topic`, `user`, `package`, `service`: each repeatable, or comma-separated. */
export function parseRowFilter(params: URLSearchParams): RowFilter {
  const topics = values(params, "topic").map(compileGlob);
  const users = new Set(values(params, "user"));
  const packages = new Set(values(params, "package"));
  const services = new Set(values(params, "service"));
  const empty = topics.length + users.size + packages.size + services.size === 0;
  return {
    empty,
    matches: (row) =>
      empty ||
      (anyGlob(topics, row.topic) &&
        (users.size === 0 || row.usernames.some((u) => users.has(u))) &&
        (packages.size === 0 || row.packages.some((p) => packages.has(p))) &&
        (services.size === 0 || services.has(row.service))),
  };
}

function anyGlob(globs: readonly TopicGlob[], topic: string): boolean {
  return globs.length === 0 || globs.some((g) => g.match(topic) !== undefined);
}

function values(params: URLSearchParams, key: string): string[] {
  const out = params
    .getAll(key)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (out.length > QUERY_VALUES_MAX) throw new QueryError(`at most ${QUERY_VALUES_MAX} values of ${key}`);
  for (const v of out)
    if (v.length > QUERY_VALUE_MAX_CHARS) throw new QueryError(`a ${key} value is longer than ${QUERY_VALUE_MAX_CHARS} characters`);
  return out;
}

/** An integer query parameter in [min, max], or `dflt` when absent. */
export function intParam(params: URLSearchParams, key: string, dflt: number, min: number, max: number): number {
  const v = params.get(key);
  if (v === null || v === "") return dflt;
  if (!/^\d{1,9}$/.test(v)) throw new QueryError(`${key} must be a whole number`);
  return Math.min(max, Math.max(min, Number(v)));
}
