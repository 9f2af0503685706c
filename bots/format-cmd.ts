/**
 * `fedmsg-echo format`: JSON Lines in, JSON Lines out, exactly one output line per
 * input line, in order: the summary (DESIGN.md's contract) or `{"error": "..."}`.
 */
import { readFileSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { DecodeError, decodeJson, formatTrace, isObject, type FormatOptions } from "../formatters/index.js";

/** Format one input line into one output line (without newline). Never throws. */
export function formatLine(line: string, options: FormatOptions): string {
  if (line.trim() === "") return JSON.stringify({ error: "empty line" });
  try {
    return JSON.stringify(formatTrace(decodeJson(line), options).summary);
  } catch (err) {
    return JSON.stringify({ error: err instanceof DecodeError ? err.reason : `internal error: ${String(err)}` });
  }
}

/** Read a `--user-map` file: a JSON object of e-mail/nick -> account name. */
export function readUserMap(file: string): Record<string, string> {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`--user-map ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === "string")) {
    throw new Error(`--user-map ${file}: must be a JSON object mapping e-mail addresses and nicks to account names`);
  }
  return v as Record<string, string>;
}

/** A longer input line is answered with an error instead of being held in memory whole (UTF-16 units). */
export const FORMAT_MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * The lines of a stream, split on `\n` only: JSON Lines ends a line with LF (or CR LF), and a
 * bare CR inside a line (readline would split there) must not make two lines of one. A line over
 * `maxChars` is given as `null` once, its rest skipped.
 */
export async function* jsonLines(input: AsyncIterable<Buffer | string>, maxChars = FORMAT_MAX_LINE_CHARS): AsyncGenerator<string | null> {
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

export async function runFormat(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: FormatOptions): Promise<number> {
  let n = 0;
  let buf: string[] = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const chunk = `${buf.join("\n")}\n`;
    buf = [];
    if (!output.write(chunk)) await new Promise<void>((r) => output.once("drain", () => r()));
  };
  for await (const line of jsonLines(input as AsyncIterable<Buffer | string>)) {
    buf.push(line === null ? JSON.stringify({ error: `line longer than ${FORMAT_MAX_LINE_CHARS} characters` }) : formatLine(line, options));
    n++;
    if (buf.length >= 256) await flush();
  }
  await flush();
  return n;
}
