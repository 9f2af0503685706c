/**
 * A reader of the Python that fedmsg.d files hold, without executing any of it: assignments of
 * literals (dicts, lists, tuples, strings with implicit concatenation, numbers, True/False/None),
 * `dict(key=value, ...)`, names bound earlier in the file, and arithmetic on numbers (`60 * 60`)
 * and strings (`"a" + "b"`). Anything else (a call, an attribute, `os.getcwd()`) becomes an
 * `unsupported` node carrying its line and source text, so the caller reports it instead of guessing.
 * Every node knows its line.
 */

export type PyNode =
  | { readonly kind: "dict"; readonly line: number; readonly entries: readonly { readonly key: PyNode; readonly value: PyNode }[] }
  | { readonly kind: "list"; readonly line: number; readonly items: readonly PyNode[] }
  | { readonly kind: "str"; readonly line: number; readonly value: string }
  | { readonly kind: "num"; readonly line: number; readonly value: number }
  | { readonly kind: "bool"; readonly line: number; readonly value: boolean }
  | { readonly kind: "none"; readonly line: number }
  | { readonly kind: "unsupported"; readonly line: number; readonly source: string };

import { PythonSyntaxError, tokenize, type Tok } from "./tokens.js";

export { PythonSyntaxError } from "./tokens.js";

export interface PyAssignment {
  readonly name: string;
  readonly line: number;
  readonly value: PyNode;
}

/** Reads a file's top-level assignments in order. Other statements (import, if, def, ...) are skipped and listed. */
export function parsePythonAssignments(src: string): { assignments: PyAssignment[]; skipped: { line: number; source: string }[] } {
  const p = new Parser(src, tokenize(src));
  return p.file();
}

class Parser {
  private i = 0;
  private readonly names = new Map<string, PyNode>();

  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  file(): { assignments: PyAssignment[]; skipped: { line: number; source: string }[] } {
    const assignments: PyAssignment[] = [];
    const skipped: { line: number; source: string }[] = [];
    while (this.peek().t !== "eof") {
      if (this.peek().t === "nl" || this.isOp(";")) {
        this.i++;
        continue;
      }
      const start = this.peek();
      const next = this.toks[this.i + 1];
      if (start.t === "name" && next?.t === "op" && next.v === "=" && !["import", "from", "if", "def", "class"].includes(start.v)) {
        this.i += 2;
        const value = this.expr();
        this.expectEnd();
        this.names.set(start.v, value);
        assignments.push({ name: start.v, line: start.line, value });
      } else {
        if (!["import", "from"].includes(start.v)) skipped.push({ line: start.line, source: this.restOfStatement(start) });
        this.skipStatement();
      }
    }
    return { assignments, skipped };
  }

  private expr(): PyNode {
    const start = this.peek();
    try {
      const value = this.additive();
      // `x if c else y`, comparisons, calls on a literal...: more than this reader evaluates.
      const t = this.peek();
      // Two values side by side (`1 'b'`) is no Python: most likely a missing comma.
      if (t.t === "str" || t.t === "num" || (t.t === "name" && !EXPRESSION_KEYWORDS.has(t.v)))
        throw new PythonSyntaxError(t.line, `unexpected ${JSON.stringify(t.v)} (a missing comma?)`);
      if (!(t.t === "nl" || t.t === "eof" || (t.t === "op" && [",", ")", "]", "}", ":", ";"].includes(t.v)))) throw new Unsupported();
      return value;
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      this.i = this.toks.indexOf(start);
      this.skipExpression();
      return { kind: "unsupported", line: start.line, source: this.src.slice(start.start, this.toks[this.i - 1]?.end ?? start.end).trim() };
    }
  }

  private additive(): PyNode {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().v;
      const right = this.multiplicative();
      left = arith(op, left, right);
    }
    return left;
  }

  private multiplicative(): PyNode {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const op = this.next().v;
      const right = this.unary();
      left = arith(op, left, right);
    }
    return left;
  }

  private unary(): PyNode {
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.next();
      const v = this.unary();
      if (v.kind !== "num") throw new Unsupported();
      return { kind: "num", line: op.line, value: op.v === "-" ? -v.value : v.value };
    }
    const base = this.atom();
    if (this.isOp("**")) {
      this.i++;
      return arith("**", base, this.unary());
    }
    return base;
  }

  private atom(): PyNode {
    const tok = this.next();
    const line = tok.line;
    if (tok.t === "str") {
      let value = tok.v;
      while (this.peek().t === "str") value += this.next().v; // implicit concatenation
      return { kind: "str", line, value };
    }
    if (tok.t === "num") {
      if (/[jJ]$/.test(tok.v)) throw new Unsupported();
      const clean = tok.v.replace(/_/g, "").replace(/[lL]$/, "");
      const value = /^0[xob]/i.test(clean) ? Number(clean.toLowerCase()) : Number(clean);
      if (!Number.isFinite(value)) throw new PythonSyntaxError(line, `bad number ${tok.v}`);
      return { kind: "num", line, value };
    }
    if (tok.t === "name") {
      if (tok.v === "True" || tok.v === "False") return { kind: "bool", line, value: tok.v === "True" };
      if (tok.v === "None") return { kind: "none", line };
      if (tok.v === "dict" && this.isOp("(")) return this.dictCall(line);
      const bound = this.names.get(tok.v);
      if (bound && !this.isOp("(") && !this.isOp(".") && !this.isOp("[")) {
        return bound.kind === "unsupported" ? { kind: "unsupported", line, source: `${tok.v} (= ${bound.source})` } : { ...bound, line };
      }
      throw new Unsupported();
    }
    if (tok.t === "op" && tok.v === "{") return this.dictLiteral(line);
    if (tok.t === "op" && (tok.v === "[" || tok.v === "(")) {
      const close = tok.v === "[" ? "]" : ")";
      const items: PyNode[] = [];
      let comma = false;
      while (!this.isOp(close)) {
        items.push(this.expr());
        if (this.isOp(",")) {
          this.i++;
          comma = true;
        } else break;
      }
      this.expectOp(close);
      // `(x)` is x; `(x,)` and `[x]` are sequences.
      if (tok.v === "(" && items.length === 1 && !comma) return items[0] as PyNode;
      return { kind: "list", line, items };
    }
    if (tok.t === "nl" || tok.t === "eof") throw new PythonSyntaxError(line, "expression expected");
    throw new Unsupported();
  }

  private dictLiteral(line: number): PyNode {
    const entries: { key: PyNode; value: PyNode }[] = [];
    while (!this.isOp("}")) {
      const key = this.expr();
      this.expectOp(":");
      entries.push({ key, value: this.expr() });
      if (this.isOp(",")) this.i++;
      else break;
    }
    this.expectOp("}");
    return { kind: "dict", line, entries };
  }

  private dictCall(line: number): PyNode {
    this.expectOp("(");
    const entries: { key: PyNode; value: PyNode }[] = [];
    while (!this.isOp(")")) {
      const name = this.next();
      if (name.t !== "name" || !this.isOp("=")) throw new Unsupported();
      this.i++;
      entries.push({ key: { kind: "str", line: name.line, value: name.v }, value: this.expr() });
      if (this.isOp(",")) this.i++;
      else break;
    }
    this.expectOp(")");
    return { kind: "dict", line, entries };
  }

  /** Skips to the `,` or closing bracket that ends the current expression (brackets balanced). */
  private skipExpression(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.t === "eof" || (depth === 0 && (t.t === "nl" || (t.t === "op" && [",", ")", "]", "}", ":"].includes(t.v))))) return;
      if (t.t === "op" && "([{".includes(t.v)) depth++;
      if (t.t === "op" && ")]}".includes(t.v)) depth--;
      this.i++;
    }
  }

  private skipStatement(): void {
    let indentedBlock = false;
    while (this.peek().t !== "eof") {
      const t = this.next();
      if (t.t === "op" && t.v === ":") indentedBlock = true;
      if (t.t === "nl") {
        // A compound statement's indented body belongs to it.
        if (!indentedBlock || !/^[ \t]/.test(this.src.slice(t.end, t.end + 1))) return;
      }
    }
  }

  private restOfStatement(start: Tok): string {
    const end = this.src.indexOf("\n", start.start);
    return this.src.slice(start.start, end < 0 ? undefined : end).trim();
  }

  private expectEnd(): void {
    const t = this.peek();
    if (t.t === "nl" || t.t === "eof" || (t.t === "op" && t.v === ";")) return;
    throw new PythonSyntaxError(t.line, `unexpected ${JSON.stringify(t.v)} after the assignment`);
  }

  private expectOp(op: string): void {
    const t = this.next();
    if (t.t !== "op" || t.v !== op) throw new PythonSyntaxError(t.line, `expected ${JSON.stringify(op)}, found ${JSON.stringify(t.v)}`);
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === op;
  }

  private peek(): Tok {
    return this.toks[this.i] ?? (this.toks.at(-1) as Tok);
  }

  private next(): Tok {
    const t = this.peek();
    if (t.t !== "eof") this.i++;
    return t;
  }
}

/** Words that continue an expression (`x if c else y`, `a in b`): beyond this reader, but Python. */
const EXPRESSION_KEYWORDS = new Set(["if", "else", "for", "in", "not", "and", "or", "is", "lambda", "async"]);

/** Thrown inside an expression the reader does not evaluate; caught at the expression's start. */
class Unsupported extends Error {}

function arith(op: string, a: PyNode, b: PyNode): PyNode {
  if (a.kind === "num" && b.kind === "num") {
    const x = a.value;
    const y = b.value;
    const value =
      op === "+"
        ? x + y
        : op === "-"
          ? x - y
          : op === "*"
            ? x * y
            : op === "/"
              ? x / y
              : op === "//"
                ? Math.floor(x / y)
                : op === "%"
                  ? x - y * Math.floor(x / y)
                  : x ** y;
    if (!Number.isFinite(value)) throw new Unsupported();
    return { kind: "num", line: a.line, value };
  }
  if (op === "+" && a.kind === "str" && b.kind === "str") return { kind: "str", line: a.line, value: a.value + b.value };
  if (op === "+" && a.kind === "list" && b.kind === "list") return { kind: "list", line: a.line, items: [...a.items, ...b.items] };
  throw new Unsupported();
}
