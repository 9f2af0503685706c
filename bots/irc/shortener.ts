/**
 * The optional link shortener: an HTTP GET to a service such as da.gd
 * (`https://da.gd/s?url={url}` answers with the short link as text). Any failure,
 * timeout or odd answer gives back the original link: a long link beats none. The answer is read
 * only up to SHORTENER_ANSWER_MAX_BYTES, and a short link loses any control or bidi character (it
 * goes into an IRC line, where either would garble or reverse the rest).
 */
import type { IrcShortenerConfig } from "../../config/irc.js";
import { cleanText } from "../../formatters/index.js";
import { readTextBounded } from "../http-guard.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";

/** Recently shortened links, so one busy update does not ask the service every time. */
export const SHORTENER_CACHE_SIZE = 1000;
/** Longer answers are not a short link. */
const MAX_SHORT_LINK_CHARS = 200;
/** More of an answer than this is not read at all. */
export const SHORTENER_ANSWER_MAX_BYTES = 4096;

export class LinkShortener {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly config: IrcShortenerConfig,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly sink: string,
  ) {}

  async shorten(link: string): Promise<string> {
    const hit = this.cache.get(link);
    if (hit !== undefined) return hit;
    const url = this.config.url.replace("{url}", encodeURIComponent(link));
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.config.timeout_ms), redirect: "manual" });
      const body = cleanText(await readTextBounded(res, url, SHORTENER_ANSWER_MAX_BYTES)).trim();
      if (!res.ok || body.length > MAX_SHORT_LINK_CHARS || !/^https?:\/\/\S+$/.test(body)) {
        throw new Error(`unexpected answer: HTTP ${res.status}, ${body.length} characters`);
      }
      if (this.cache.size >= SHORTENER_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(link, body);
      return body;
    } catch (err) {
      this.metrics.inc("irc_shortener_failures", { sink: this.sink });
      this.log.warn({ sink: this.sink, link, err: (err as Error).message }, "link shortener failed; sending the full link");
      return link;
    }
  }
}
