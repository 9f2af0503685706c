import type { Summary } from "../types.js";
import { cleanText } from "../util/text.js";

/** ANSI SGR codes used by the terminal renderer. */
const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", cyan: "\x1b[36m", blue: "\x1b[34m" } as const;

export interface TerminalOptions {
  /** Emit ANSI colours (for a TTY). */
  readonly color?: boolean;
  /** Prefix each line with this time (ISO-8601) when given. */
  readonly time?: Date;
}

/** Strip terminal and bidi control characters from payload text so it cannot move the cursor, recolour or reverse. */
export function stripControl(s: string): string {
  return cleanText(s);
}

/** `<title> -- <text> <link>` as plain text, or with ANSI colours. */
export function renderTerminal(s: Summary, opts: TerminalOptions = {}): string {
  const title = stripControl(s.title);
  const text = stripControl(s.text);
  const link = s.link ? stripControl(s.link) : "";
  const time = opts.time ? `${opts.time.toISOString().slice(11, 19)} ` : "";
  if (!opts.color) return `${time}${title} -- ${text}${link ? ` ${link}` : ""}`;
  return (
    `${ANSI.dim}${time}${ANSI.reset}${ANSI.bold}${ANSI.cyan}${title}${ANSI.reset} -- ${text}` +
    (link ? ` ${ANSI.blue}${link}${ANSI.reset}` : "")
  );
}

/** mIRC colour number -> ANSI SGR foreground, to show an IRC line on a terminal as a client would. */
const MIRC_TO_ANSI: readonly string[] = ["97", "30", "34", "32", "31", "33", "35", "33", "93", "92", "36", "96", "94", "95", "90", "37"];

/** Shows an IRC line on a terminal: mIRC colours become ANSI ones (`color`), or are removed. */
export function ircLineToTerminal(line: string, color: boolean): string {
  return line.replace(/\x03(\d{1,2})(?:,\d{1,2})?|[\x02\x0f\x1d\x1f\x16\x03]/g, (m, fg: string | undefined) => {
    if (!color) return "";
    if (fg !== undefined) return `\x1b[${MIRC_TO_ANSI[Number(fg) % 16] ?? "39"}m`;
    if (m === "\x02") return "\x1b[1m";
    if (m === "\x1d") return "\x1b[3m";
    if (m === "\x1f") return "\x1b[4m";
    return "\x1b[0m";
  });
}
