/**
 * Config pieces shared by every sink (IRC channel, Mastodon account, console):
 * filters and the rate limit. Part of the one config schema (config/schema.ts).
 */
import { z } from "zod";

const names = z.array(z.string().min(1)).default([]);
const regexes = z
  .array(
    z.string().refine((r) => {
      try {
        new RegExp(r);
        return true;
      } catch {
        return false;
      }
    }, "not a valid regular expression"),
  )
  .default([]);

/** Which messages a sink takes. Empty lists mean "no constraint". */
export const filtersSchema = z
  .strictObject({
    /** Topic globs to take (`*` one segment, `**` any number), matched against the full topic. Empty: all. */
    include: names,
    /** Topic globs to drop; wins over include. */
    exclude: names,
    /** Regular expressions (JavaScript syntax) on the full topic. */
    include_regex: regexes,
    exclude_regex: regexes,
    /** Fedora account names: take only messages involving one of `allow`, drop those involving one of `deny`. */
    users: z.strictObject({ allow: names, deny: names }).prefault({}),
    packages: z.strictObject({ allow: names, deny: names }).prefault({}),
  })
  .prefault({});
export type FiltersConfig = z.infer<typeof filtersSchema>;

/**
 * The pace of a sink (bots/flow/pacer.ts): `burst` lines at once, then `rate` lines
 * per second. At most `queue_max` messages wait as their own lines; older ones are
 * folded into digest lines (never dropped; see `flow`).
 */
export const limitSchema = z.strictObject({
  burst: z.number().int().min(1).default(4),
  rate: z.number().positive().default(1),
  queue_max: z.number().int().min(1).default(100),
});

/** Statistics lines at most a week apart: a timer past 2^31-1 ms (24.8 days) misbehaves, and nobody reads a monthly line in a channel. */
export const STATS_INTERVAL_MAX_S = 7 * 24 * 3600;

/** Flow control of a sink (bots/flow/): digests instead of drops, priorities, late marks, statistics. */
export const flowSchema = z
  .strictObject({
    /** The sink stays current within this: a backlog that would take longer to send is folded into digests. */
    max_behind_s: z.number().positive().default(60),
    /** A message waiting longer than this is folded into a digest (default: half of max_behind_s). */
    max_age_s: z.number().positive().optional(),
    /** Hard memory bound: messages held (waiting or counted in digests waiting); past it new ones are dropped and counted. */
    hold_max: z.number().int().min(1).default(200_000),
    /** Topic globs that jump the queue and are never digested (announcements, security updates). */
    priority: names,
    /** A line sent later than this after its message says how late it is, "(12 min ago)". */
    late_after_s: z.number().min(0).default(120),
    /** Seconds between statistics lines ("last hour: 4,211 messages — buildsys 2,900, …"); 0: none. */
    stats_interval_s: z.number().int().min(0).max(STATS_INTERVAL_MAX_S).default(0),
    /**
     * A lane (an IRC channel, a Matrix room) that cannot take lines for this long on end (a JOIN refused:
     * banned, invite-only, a bad key; a server down that long) is given up until it can again: what it
     * holds, and what it gets meanwhile, is dropped ("unavailable", counted and logged) and the sink says
     * not ready in /readyz. Held instead, it would fill AMQP's prefetch and stall every other sink.
     * A lane only waiting for its pace or budget is not unavailable. null: wait for ever.
     */
    unavailable_after_s: z.number().positive().nullable().default(600),
    /** datagrepper base URL for digest links; null: digests carry no link. */
    datagrepper_url: z
      .string()
      .regex(/^https?:\/\//, "an http(s) URL")
      .nullable()
      .default("https://apps.fedoraproject.org/datagrepper"),
  })
  .refine((f) => f.max_age_s === undefined || f.max_age_s < f.max_behind_s, {
    error: "max_age_s must be under max_behind_s",
    path: ["max_age_s"],
  })
  .prefault({});
export type FlowConfig = z.infer<typeof flowSchema>;
export type LimitConfig = z.infer<typeof limitSchema>;
