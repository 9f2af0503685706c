/** The tokenizer of the fedmsg.d reader (./python-literal.ts): Python tokens with their lines. */

/** A file that is not Python this reader understands; names the line. */
export class PythonSyntaxError extends Error {
  override readonly name = "PythonSyntaxError";
  constructor(
    readonly line: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`line ${line}: ${message}`, options);
  }
}

export type Tok = {
  readonly t: "name" | "num" | "str" | "op" | "nl" | "eof";
  readonly v: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly raw?: boolean;
};

const OPS = [
  "**",
  "//",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  "=",
  "+",
  "-",
  "*",
  "/",
  "%",
  ".",
  ";",
  "@",
  "<",
  ">",
  "!",
  "|",
  "&",
  "^",
  "~",
];

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    if (c === "\n") {
      if (depth === 0) out.push({ t: "nl", v: "\n", line, start: i, end: i + 1 });
      line++;
      i++;
    } else if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      line++;
    } else if (/[ \t\r\f]/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c) || (/[rRuUbBfF]/.test(c) && /["']/.test(src[i + 1] ?? ""))) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))?.[0] ?? c;
      const next = src[i + m.length] ?? "";
      if (/^[rRuUbBfF]{1,2}$/.test(m) && (next === '"' || next === "'")) {
        const startLine = line;
        const { value, end, lines } = readString(src, i + m.length, /[rR]/.test(m), startLine);
        if (/[fF]/.test(m)) out.push({ t: "name", v: "<f-string>", line: startLine, start: i, end });
        else out.push({ t: "str", v: value, line: startLine, start: i, end });
        line += lines;
        i = end;
      } else {
        out.push({ t: "name", v: m, line, start: i, end: i + m.length });
        i += m.length;
      }
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m =
        /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?|\d[\d_]*\.)[jJlL]?/.exec(src.slice(i))?.[0] ??
        c;
      out.push({ t: "num", v: m, line, start: i, end: i + m.length });
      i += m.length;
    } else if (c === '"' || c === "'") {
      const startLine = line;
      const { value, end, lines } = readString(src, i, false, startLine);
      out.push({ t: "str", v: value, line: startLine, start: i, end });
      line += lines;
      i = end;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new PythonSyntaxError(line, `unexpected character ${JSON.stringify(c)}`);
      if ("([{".includes(op)) depth++;
      if (")]}".includes(op)) depth = Math.max(0, depth - 1);
      out.push({ t: "op", v: op, line, start: i, end: i + op.length });
      i += op.length;
    }
  }
  out.push({ t: "nl", v: "\n", line, start: i, end: i }, { t: "eof", v: "", line, start: i, end: i });
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};

function readString(src: string, at: number, raw: boolean, line: number): { value: string; end: number; lines: number } {
  const q = src[at] ?? "";
  const triple = src.startsWith(q.repeat(3), at);
  const close = triple ? q.repeat(3) : q;
  let i = at + close.length;
  let value = "";
  let lines = 0;
  for (;;) {
    if (i >= src.length) throw new PythonSyntaxError(line, "unterminated string");
    if (src.startsWith(close, i)) return { value, end: i + close.length, lines };
    const c = src[i] ?? "";
    if (c === "\n") {
      if (!triple) throw new PythonSyntaxError(line, "unterminated string");
      lines++;
    }
    if (c === "\\" && !raw) {
      const e = src[i + 1] ?? "";
      if (e === "\n") lines++;
      const simple = SIMPLE_ESCAPES[e]; // e is one character (or none): never a name on Object.prototype
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (/[xuU]/.test(e)) {
        const len = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new PythonSyntaxError(line + lines, `bad \\${e} escape`);
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + len;
      } else if (/[0-7]/.test(e)) {
        const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1))?.[0] ?? "0";
        value += String.fromCharCode(parseInt(oct, 8));
        i += 1 + oct.length;
      } else {
        value += c; // Python keeps an unknown escape as written.
        i++;
      }
      continue;
    }
    if (c === "\\" && raw) {
      value += src.slice(i, i + 2);
      if (src[i + 1] === "\n") lines++;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
}
