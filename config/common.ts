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
 * A token bucket in front of a transport: `burst` lines at once, then `rate` lines
 * per second; at most `queue_max` lines wait, and on overflow the oldest are dropped
 * and counted (the source is never blocked).
 */
export const limitSchema = z.strictObject({
  burst: z.number().int().min(1).default(4),
  rate: z.number().positive().default(1),
  queue_max: z.number().int().min(1).default(100),
});
export type LimitConfig = z.infer<typeof limitSchema>;
