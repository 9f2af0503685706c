/**
 * `fedmsg-echo format`: JSON Lines in, JSON Lines out, exactly one output line per
 * input line, in order: the summary (DESIGN.md's contract) or `{"error": "..."}`.
 */
import { FileReadError, USER_MAP_FILE_MAX_BYTES, readBoundedText } from "../config/read-file.js";
import { JSON_LINE_MAX_CHARS, jsonLines } from "./json-lines.js";
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
    v = JSON.parse(readBoundedText(file, USER_MAP_FILE_MAX_BYTES));
  } catch (err) {
    // A FileReadError's message already starts with the file.
    throw new Error(`--user-map ${err instanceof FileReadError ? "" : `${file}: `}${(err as Error).message}`, { cause: err });
  }
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === "string")) {
    throw new Error(`--user-map ${file}: must be a JSON object mapping e-mail addresses and nicks to account names`);
  }
  return v as Record<string, string>;
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
    buf.push(line === null ? JSON.stringify({ error: `line longer than ${JSON_LINE_MAX_CHARS} characters` }) : formatLine(line, options));
    n++;
    if (buf.length >= 256) await flush();
  }
  await flush();
  return n;
}
