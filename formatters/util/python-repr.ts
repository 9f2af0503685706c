/**
 * Python's `repr()` of a string, for schema packages whose summaries quote a
 * value with `repr(...)` (e.g. `'My post'`, or `"Don't panic"` when the text
 * holds a single quote and no double quote).
 */

// C0 controls, DEL and C1 controls: what Python writes as escapes, not as-is.
const NEEDS_ESCAPE = /[\\\x00-\x1f\x7f-\x9f]/;

export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  if (!NEEDS_ESCAPE.test(s) && !s.includes(quote)) return quote + s + quote;
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + quote;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}
