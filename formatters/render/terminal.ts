import type { Summary } from "../types.js";

/** ANSI SGR codes used by the terminal renderer. */
const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", cyan: "\x1b[36m", blue: "\x1b[34m" } as const;

export interface TerminalOptions {
  /** Emit ANSI colours (for a TTY). */
  readonly color?: boolean;
  /** Prefix each line with this time (ISO-8601) when given. */
  readonly time?: Date;
}

/** Strip terminal control characters from payload text so it cannot move the cursor or recolour. */
export function stripControl(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "").replace(/\n/g, " ");
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
