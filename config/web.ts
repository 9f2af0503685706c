/** Config schema of the live bus page (`fedmsg-echo web`; see bots/web/). Units are in the key names. */
import { z } from "zod";
import { filtersSchema } from "./common.js";

/** An https origin such as `https://seccdn.libravatar.org`: scheme, host and optional port, nothing else. */
const httpsOrigin = z
  .string()
  .regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, "an https origin such as https://seccdn.libravatar.org (no path, lower case)");

export const webSchema = z.strictObject({
  /** `host:port` of the page and its API; loopback unless the operator says otherwise. `--listen` overrides it. */
  listen: z
    .string()
    .regex(/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/, "host:port, e.g. 127.0.0.1:8080")
    .default("127.0.0.1:8080"),
  /** Which messages the page gets at all; each browser narrows further with its URL's filters. */
  filters: filtersSchema,
  /** Concurrent Server-Sent Events clients; one more gets 503. */
  max_clients: z.number().int().min(1).max(10_000).default(100),
  /** Rows kept for `GET /api/recent` and for a new or reconnecting page (a ring buffer). */
  recent_max: z.number().int().min(10).max(100_000).default(1000),
  /** Rows a new page gets at once, before live ones. */
  backlog: z.number().int().min(0).max(1000).default(50),
  /** Bytes queued for one slow browser; past it, rows are skipped and the browser gets a "N skipped" row. */
  client_buffer_bytes: z
    .number()
    .int()
    .min(4096)
    .default(256 * 1024),
  /** A browser that has not read anything for this long while rows wait is disconnected. */
  client_stall_max_ms: z.number().int().min(100).default(30_000),
  /** A comment line on idle streams, so that proxies keep them and dead peers are noticed. */
  heartbeat_ms: z.number().int().min(100).default(15_000),
  /**
   * Icons and avatars are remote URLs from the payload. None is shown unless its origin is listed
   * here (it is then also allowed by the Content-Security-Policy); Fedora's are
   * `https://apps.fedoraproject.org` and `https://seccdn.libravatar.org`.
   */
  image_origins: z.array(httpsOrigin).default([]),
});
export type WebConfig = z.infer<typeof webSchema>;
