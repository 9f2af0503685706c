/**
 * The bytes a fedmsg signature covers: the envelope without `signature` and
 * `certificate`, as Python's `json.dumps(obj, sort_keys=True, separators=(',', ':'))`
 * writes it (ensure_ascii on). It is rebuilt from the JSON text, not from a parsed
 * JavaScript value, because JSON.parse forgets whether a number was `1.0` or `1`,
 * and Python writes a float back with repr() and an integer as it was.
 */

/** The JSON text is not something Python's json.loads would accept. */
export class CanonicalError extends Error {
  override readonly name = "CanonicalError";
}

/** A parsed JSON value that keeps number lexemes; `start`/`end` are offsets in the text. */
export type JsonNode = (
  | { readonly kind: "object"; readonly members: ReadonlyMap<string, JsonNode> }
  | { readonly kind: "array"; readonly items: readonly JsonNode[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly lexeme: string }
  /** true, false, null, and the NaN/Infinity/-Infinity that Python's json module reads and writes. */
  | { readonly kind: "literal"; readonly text: string }
) & { readonly start: number; readonly end: number };

/** Python's recursion limit is about 1000; deeper than this is nothing a publisher sends. */
const MAX_DEPTH = 500;
/** The fields fedmsg.crypto.strip_credentials removes before signing (`crypto` stays in). */
const CREDENTIAL_FIELDS = ["signature", "certificate"];

/** Characters a JSON string holds as they are (Python's strict mode refuses raw control characters). */
const PLAIN_RUN_RE = /[^"\\\x00-\x1f]+/y;
/** Characters Python's ensure_ascii output writes as they are. */
const ASCII_SAFE_RE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const LITERALS = ["true", "false", "null", "NaN", "Infinity", "-Infinity"];
const SHORT_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Parse JSON text the way Python's json.loads does (strict; duplicate keys: the last wins). */
export function parseJson(text: string): JsonNode {
  let pos = 0;
  const fail = (what: string): never => {
    throw new CanonicalError(`${what} at offset ${pos}`);
  };
  const skipWs = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
  };
  const parseString = (): string => {
    pos++; // opening quote
    let out = "";
    for (;;) {
      PLAIN_RUN_RE.lastIndex = pos;
      const run = PLAIN_RUN_RE.exec(text);
      if (run) {
        out += run[0];
        pos += run[0].length;
      }
      const c = text[pos];
      if (c === undefined) fail("unterminated string");
      if (c === '"') {
        pos++;
        return out;
      }
      if (c !== "\\") fail("control character in string");
      const e = text[pos + 1];
      const short = e === undefined ? undefined : SHORT_ESCAPES[e]; // e is one character: never a name on Object.prototype
      if (e === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape");
        // Code units as they are: a pair of escapes makes one astral character, as in Python.
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (short !== undefined) {
        out += short;
        pos += 2;
      } else fail("invalid escape");
    }
  };
  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail("nested too deeply");
    skipWs();
    const start = pos;
    const c = text[pos];
    if (c === "{") {
      pos++;
      const members = new Map<string, JsonNode>();
      skipWs();
      if (text[pos] === "}") {
        pos++;
        return { kind: "object", members, start, end: pos };
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail("expected a property name");
        const key = parseString();
        skipWs();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
        // Map.set keeps the first position but the last value, like a Python dict.
        members.set(key, parseValue(depth + 1));
        skipWs();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") {
          pos++;
          return { kind: "object", members, start, end: pos };
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      skipWs();
      if (text[pos] === "]") {
        pos++;
        return { kind: "array", items, start, end: pos };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipWs();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") {
          pos++;
          return { kind: "array", items, start, end: pos };
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') {
      const value = parseString();
      return { kind: "string", value, start, end: pos };
    }
    for (const lit of LITERALS) {
      if (text.startsWith(lit, pos)) {
        pos += lit.length;
        return { kind: "literal", text: lit, start, end: pos };
      }
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (m) {
      pos += m[0].length;
      return { kind: "number", lexeme: m[0], start, end: pos };
    }
    return fail("expected a JSON value");
  };
  const node = parseValue(0);
  skipWs();
  if (pos !== text.length) fail("extra data after the JSON value");
  return node;
}

/** Python's `json.dumps(value, sort_keys=True, separators=(',', ':'))` of a parsed node. */
export function pythonDumps(node: JsonNode): string {
  switch (node.kind) {
    case "object": {
      const keys = [...node.members.keys()].sort(compareCodePoints);
      return `{${keys.map((k) => `${pythonString(k)}:${pythonDumps(node.members.get(k) as JsonNode)}`).join(",")}}`;
    }
    case "array":
      return `[${node.items.map(pythonDumps).join(",")}]`;
    case "string":
      return pythonString(node.value);
    case "literal":
      return node.text;
    case "number":
      return pythonNumber(node.lexeme);
  }
}

/** The text fedmsg signs for an envelope: the envelope without its credentials. */
export function signedText(envelope: JsonNode): string {
  if (envelope.kind !== "object") throw new CanonicalError("the envelope is not a JSON object");
  const members = new Map(envelope.members);
  for (const f of CREDENTIAL_FIELDS) members.delete(f);
  return pythonDumps({ ...envelope, members });
}

/** An integer literal stays as written (Python ints are unbounded); a float literal becomes repr(float). */
export function pythonNumber(lexeme: string): string {
  if (!/[.eE]/.test(lexeme)) return lexeme === "-0" ? "0" : lexeme;
  return pythonFloatRepr(Number(lexeme));
}

/**
 * Python's repr() of a float: the shortest digits that round-trip (as JavaScript's),
 * laid out in positional form when the decimal exponent is in [-4, 16), else as
 * `d.ddde+XX`; positional floats always carry a fraction (`1.0`).
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa = "", expText = "0"] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  // Python's float_repr_style "short": exponent form when decpt <= -4 or decpt > 16 (decpt = exp + 1).
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A JSON string as Python writes it with ensure_ascii: everything outside ' '..'~' as lowercase \uXXXX. */
export function pythonString(s: string): string {
  if (ASCII_SAFE_RE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20 && c <= 0x7e) out += s.charAt(i);
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    // An astral character is two UTF-16 code units here, which is exactly Python's surrogate-pair output.
    else out += `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return `${out}"`;
}

/** Python sorts str keys by code point; JavaScript's default sort is by UTF-16 unit, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
