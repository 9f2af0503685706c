/** Config schema of the Mastodon bot (owned by the Mastodon bot; see bots/mastodon/). */
import { z } from "zod";
import { filtersSchema, flowSchema } from "./common.js";

/** Mastodon's per-account limits (RateLimiter and rack-attack defaults). */
export const MASTODON_STATUSES_PER_WINDOW = 300;
export const MASTODON_STATUS_WINDOW_S = 3 * 60 * 60;
export const MASTODON_REQUESTS_PER_WINDOW = 300;
export const MASTODON_REQUEST_WINDOW_S = 5 * 60;

/** Placeholders a status template may use. */
export const MASTODON_TEMPLATE_FIELDS = ["text", "link", "title", "app", "hashtags"] as const;

const hashtag = z
  .string()
  .regex(/^[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*$/u, "a hashtag without '#': letters, digits and _, at least one letter");

const template = z
  .string()
  .min(1)
  .refine((t) => [...t.matchAll(/\{(\w*)\}/g)].every((m) => (MASTODON_TEMPLATE_FIELDS as readonly string[]).includes(m[1] ?? "")), {
    error: `unknown placeholder; use ${MASTODON_TEMPLATE_FIELDS.map((f) => `{${f}}`).join(", ")}`,
  })
  .refine((t) => t.includes("{text}") || t.includes("{title}"), { error: "the template needs {text} or {title}" });

/**
 * Our share of the account's limits. The status budget is a sliding window (so no fixed
 * window of the server ever sees more), smoothed by a token bucket of `burst`.
 */
const budgetSchema = z
  .strictObject({
    statuses: z.number().int().min(1).max(MASTODON_STATUSES_PER_WINDOW).default(250),
    window_s: z.number().int().min(1).default(MASTODON_STATUS_WINDOW_S),
    /** Statuses that may go out in a row after a quiet spell (still spaced by min_interval_ms). */
    burst: z.number().int().min(1).default(10),
    /** Never two statuses closer than this: followers' timelines are not flooded. */
    min_interval_ms: z.number().int().min(0).default(5000),
    /** Every HTTP request counts here (posts, retries, instance refreshes, start checks). */
    requests: z.number().int().min(1).max(MASTODON_REQUESTS_PER_WINDOW).default(250),
    requests_window_s: z.number().int().min(1).default(MASTODON_REQUEST_WINDOW_S),
  })
  // Mastodon's window can hold a part of one more of ours: count every window it touches, not the ratio.
  .refine((b) => b.statuses * Math.ceil(MASTODON_STATUS_WINDOW_S / b.window_s) <= MASTODON_STATUSES_PER_WINDOW, {
    error: `more than Mastodon's ${MASTODON_STATUSES_PER_WINDOW} statuses per 3 hours`,
  })
  .refine((b) => b.requests * Math.ceil(MASTODON_REQUEST_WINDOW_S / b.requests_window_s) <= MASTODON_REQUESTS_PER_WINDOW, {
    error: `more than Mastodon's ${MASTODON_REQUESTS_PER_WINDOW} requests per 5 minutes`,
  });

const retrySchema = z.strictObject({
  /** Attempts per status for 5xx, timeouts and network errors (429 waits are counted apart). */
  max_attempts: z.number().int().min(1).default(6),
  backoff_ms: z.number().int().min(0).default(1000),
  backoff_max_ms: z.number().int().min(0).default(60_000),
  /** A 429 asking to wait longer than this drops the status (it would be stale) and pauses the account. */
  max_wait_ms: z
    .number()
    .int()
    .min(0)
    .default(15 * 60 * 1000),
});

export const mastodonAccountSchema = z.strictObject({
  /** The instance's base URL, e.g. https://fosstodon.org. */
  instance: z.url().transform((u) => u.replace(/\/+$/, "")),
  access_token: z.string().min(1),
  /** Sink name in logs and metrics, and part of every Idempotency-Key; default `mastodon:<host>`. */
  name: z.string().min(1).optional(),
  filters: filtersSchema,
  visibility: z.enum(["public", "unlisted", "private", "direct"]).default("unlisted"),
  /** ISO 639 language of the statuses; null lets the server guess. */
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, "an ISO 639 code such as en")
    .nullable()
    .default("en"),
  /** Lines whose placeholders are all empty are left out (no link, no hashtags). */
  template: template.default("{text}\n{link}\n{hashtags}"),
  /** Service (the topic segment after the environment, e.g. `buildsys`) -> hashtags without '#'. */
  hashtags: z.record(z.string(), z.array(hashtag)).default({}),
  /** The first entry whose topic glob matches gives the status a content warning. */
  content_warnings: z.array(z.strictObject({ topic: z.string().min(1), text: z.string().min(1).max(200) })).default([]),
  /** Mark the account as a bot (PATCH update_credentials, needs write:accounts) if it is not one. */
  set_bot_flag: z.boolean().default(false),
  /** The instance's limits (max_characters, URL weight) are read again this often. */
  instance_refresh_s: z.number().int().min(1).default(3600),
  request_timeout_ms: z.number().int().min(100).default(30_000),
  /** Messages waiting for the budget as their own statuses; older ones fold into digest statuses. */
  queue_max: z.number().int().min(1).default(20),
  /** Digests, priorities, late marks and statistics statuses (see bots/flow/); the pace is `budget`. */
  flow: flowSchema,
  budget: budgetSchema.prefault({}),
  retry: retrySchema.prefault({}),
});
export type MastodonAccountConfig = z.infer<typeof mastodonAccountSchema>;
export type MastodonBudgetConfig = z.infer<typeof budgetSchema>;
export type MastodonRetryConfig = z.infer<typeof retrySchema>;
