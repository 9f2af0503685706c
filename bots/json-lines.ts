/** Reading JSON Lines input (`format`'s stdin, `replay`'s file) as a stream, a line at a time. */
import { StringDecoder } from "node:string_decoder";

/** A longer input line is answered with an error instead of being held in memory whole (UTF-16 units). */
export const JSON_LINE_MAX_CHARS = 64 * 1024 * 1024;

/**
 * The lines of a stream, split on `\n` only: JSON Lines ends a line with LF (or CR LF), and a
 * bare CR inside a line (readline would split there) must not make two lines of one. A line over
 * `maxChars` is given as `null` once, its rest skipped.
 */
export async function* jsonLines(input: AsyncIterable<Buffer | string>, maxChars = JSON_LINE_MAX_CHARS): AsyncGenerator<string | null> {
  const decoder = new StringDecoder("utf8");
  const withoutCr = (l: string): string => (l.endsWith("\r") ? l.slice(0, -1) : l);
  let pending = "";
  let skipping = false;
  for await (const chunk of input) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    let at = 0;
    for (;;) {
      const nl = text.indexOf("\n", at);
      if (!skipping) {
        pending += text.slice(at, nl === -1 ? undefined : nl);
        if (pending.length > maxChars) {
          pending = "";
          skipping = true;
          yield null;
        }
      }
      if (nl === -1) break;
      at = nl + 1;
      if (skipping) skipping = false;
      else yield withoutCr(pending);
      pending = "";
    }
  }
  pending += decoder.end();
  if (!skipping && pending !== "") yield withoutCr(pending);
}
