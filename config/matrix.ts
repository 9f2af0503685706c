/** Config schema of the Matrix bot (owned by the Matrix bot; see bots/matrix/). Units are in the key names. */
import { z } from "zod";
import { MATRIX_DEFAULT_TEMPLATE, MATRIX_TEMPLATE_FIELDS } from "../formatters/index.js";
import { filtersSchema, flowSchema, limitSchema } from "./common.js";

/** `!opaque:server` (a room id) or `#alias:server` (an alias, resolved at start). */
const roomRef = z.string().regex(/^[!#][^\s:]+:[^\s/?#]+$/, "a room id (!abc:example.org) or alias (#room:example.org)");

const template = z
  .string()
  .refine((t) => [...t.matchAll(/\{(\w*)\}/g)].every((m) => (MATRIX_TEMPLATE_FIELDS as readonly string[]).includes(m[1] ?? "")), {
    error: `unknown placeholder; use ${MATRIX_TEMPLATE_FIELDS.map((f) => `{${f}}`).join(", ")}`,
  })
  .refine((t) => t.includes("{text}"), "the template must contain {text}");

const roomDefaults = { filters: filtersSchema.parse(undefined), template: MATRIX_DEFAULT_TEMPLATE, thread_by: "none" as const };

export const matrixRoomSchema = z.strictObject({
  room: roomRef,
  filters: filtersSchema,
  template: template.default(MATRIX_DEFAULT_TEMPLATE),
  /**
   * `artifact`: messages about one Bodhi update, one Koji build (NVR) or one Pagure pull
   * request form one thread (`m.thread`), rooted at the first message about it.
   */
  thread_by: z.enum(["none", "artifact"]).default("none"),
});

const retrySchema = z.strictObject({
  /** Attempts per event on 5xx, timeouts and network errors (429 waits are counted apart). */
  max_attempts: z.number().int().min(1).default(6),
  backoff_ms: z.number().int().min(0).default(1000),
  backoff_max_ms: z.number().int().min(0).default(60_000),
  /** A 429 asking to wait longer than this gives the event up (the flow layer digests what waits). */
  max_wait_ms: z
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
});

export const matrixAccountSchema = z
  .strictObject({
    /** The client-server API base URL, e.g. https://matrix.example.org (no redirect is followed). */
    homeserver: z
      .url()
      .regex(/^https?:\/\//, "an http:// or https:// URL")
      .transform((u) => u.replace(/\/+$/, "")),
    /** The bot's user id; `whoami` must confirm that the token belongs to it. */
    user_id: z.string().regex(/^@[^\s:]+:[^\s/?#]+$/, "a Matrix user id such as @fedmsg-echo:example.org"),
    access_token: z.string().min(1),
    /** When set, `whoami` must report this device for the token. */
    device_id: z.string().min(1).optional(),
    /** Sink name in logs and metrics; default `matrix:<user_id>`. */
    name: z.string().min(1).optional(),
    rooms: z.array(z.union([roomRef.transform((room) => ({ room, ...roomDefaults })), matrixRoomSchema])).min(1),
    /** Bots send `m.notice` (clients do not notify for notices); `m.text` for rooms that want plain messages. */
    msgtype: z.enum(["m.notice", "m.text"]).default("m.notice"),
    /** Service -> title colour `#rrggbb`, over the built-in map. */
    service_colors: z.record(z.string(), z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour such as #3c6eb4")).default({}),
    /** The account's pace, shared by its rooms: Synapse's default per-user limit is a burst of 10, then one event every 5 s. */
    limit: limitSchema.default({ burst: 10, rate: 0.2, queue_max: 100 }),
    /** Digests, priorities, late marks, statistics lines (bots/flow/). */
    flow: flowSchema,
    /** Deadline of every request except /sync's long poll. */
    request_timeout_ms: z.number().int().min(100).default(30_000),
    /** How long one /sync waits on the server for news (invites, kicks). */
    sync_timeout_ms: z.number().int().min(0).default(30_000),
    /** After a kick, join again after this long. */
    rejoin_after_kick_ms: z.number().int().min(0).default(30_000),
    /** A room that answers 403 (banned, kicked, power levels) is paused and tried again this often. */
    forbidden_retry_ms: z
      .number()
      .int()
      .min(1000)
      .default(5 * 60_000),
    /** How long the thread root of an artifact is remembered (thread_by: artifact). */
    thread_ttl_s: z
      .number()
      .int()
      .min(1)
      .default(7 * 24 * 3600),
    retry: retrySchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.rooms.forEach((r, i) => {
      if (seen.has(r.room)) ctx.addIssue({ code: "custom", path: ["rooms", i, "room"], message: `${r.room} is listed twice` });
      seen.add(r.room);
    });
    if (c.retry.backoff_max_ms < c.retry.backoff_ms)
      ctx.addIssue({ code: "custom", path: ["retry", "backoff_max_ms"], message: "must be at least backoff_ms" });
  });
export type MatrixAccountConfig = z.infer<typeof matrixAccountSchema>;
export type MatrixRoomConfig = MatrixAccountConfig["rooms"][number];
export type MatrixRetryConfig = z.infer<typeof retrySchema>;
