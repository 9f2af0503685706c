/**
 * Safe, typed reading of untrusted JSON payloads. Bus payloads have no guaranteed
 * shape: any field may be missing, null or of another type. Formatters read them
 * through `Payload` so that a surprising payload yields `undefined`, never a throw.
 *
 *     const p = new Payload(body);
 *     p.str("update.title");           // string | undefined
 *     p.list("update.builds").map((b) => b.str("nvr"));
 *     p.get("comment").num("karma");   // number | undefined
 *
 * Paths are dot-separated keys; a numeric segment indexes an array
 * (`builds.0.nvr`). A key that itself contains a dot can be read with `at(key)`.
 * Only own properties are read, whatever object is given. The formatters expect what JSON
 * gives: an array with holes (which no bus message can hold) may read differently from one
 * release to the next.
 */
export class Payload {
  constructor(readonly value: unknown) {}

  /** The child at a single key or array index (no path splitting). */
  at(key: string | number): Payload {
    const v = step(this.value, key);
    return v === undefined ? MISSING : new Payload(v);
  }

  /** The value at a dotted path; an empty path is this payload. */
  get(path?: string): Payload {
    if (path === undefined || path === "") return this;
    const v = this.raw(path);
    return v === undefined ? MISSING : new Payload(v);
  }

  /** The plain value at a dotted path (undefined when missing), without wrapping it. */
  raw(path?: string): unknown {
    if (path === undefined || path === "") return this.value;
    // Most paths are one key: read it at once, without looking its split up in SEGMENTS.
    if (!path.includes(".")) return step(this.value, path);
    let v = this.value;
    for (const seg of segments(path)) {
      v = step(v, seg);
      if (v === undefined) return undefined;
    }
    return v;
  }

  /** True when the path exists (its value may be null). */
  has(path: string): boolean {
    return this.raw(path) !== undefined;
  }

  /** True when the value at the path is null or missing. */
  isNil(path?: string): boolean {
    const v = this.raw(path);
    return v === undefined || v === null;
  }

  /** A string value; numbers and booleans are not converted (use `text`). */
  str(path?: string): string | undefined {
    const v = this.raw(path);
    return typeof v === "string" ? v : undefined;
  }

  /** A string, number or boolean written as text; undefined for anything else. */
  text(path?: string): string | undefined {
    return textOf(this.raw(path));
  }

  /** A finite number, or a string that is one. */
  num(path?: string): number | undefined {
    const v = this.raw(path);
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
    return undefined;
  }

  bool(path?: string): boolean | undefined {
    const v = this.raw(path);
    return typeof v === "boolean" ? v : undefined;
  }

  /** The elements of an array, each as a Payload; [] for anything else. */
  list(path?: string): Payload[] {
    const v = this.raw(path);
    return Array.isArray(v) ? v.map((x) => new Payload(x)) : [];
  }

  /** The string elements of an array (non-strings skipped); [] for anything else. */
  strs(path?: string): string[] {
    const v = this.raw(path);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  }

  /** The keys of an object; [] for anything else. */
  keys(path?: string): string[] {
    const v = this.raw(path);
    return isObject(v) ? Object.keys(v) : [];
  }

  /** The entries of an object as [key, Payload]; [] for anything else. */
  entries(path?: string): [string, Payload][] {
    const v = this.raw(path);
    return isObject(v) ? Object.entries(v).map(([k, x]) => [k, new Payload(x)]) : [];
  }

  isObject(path?: string): boolean {
    return isObject(this.raw(path));
  }

  isArray(path?: string): boolean {
    return Array.isArray(this.raw(path));
  }
}

const MISSING = new Payload(undefined);

/** Split paths, cached: formatters read the same few hundred paths over and over. */
const SEGMENTS = new Map<string, readonly string[]>();
const SEGMENTS_MAX = 10_000;
function segments(path: string): readonly string[] {
  let s = SEGMENTS.get(path);
  if (s === undefined) {
    s = path.split(".");
    if (SEGMENTS.size < SEGMENTS_MAX) SEGMENTS.set(path, s);
  }
  return s;
}

/** One step down: an object key (own properties only) or an array index (negative counts from the end). */
function step(v: unknown, key: string | number): unknown {
  // One typeof test first: most steps are into a plain object, and scalars end the walk.
  if (typeof v !== "object" || v === null) return undefined;
  if (Array.isArray(v)) {
    const idx = typeof key === "number" ? key : /^-?\d+$/.test(key) ? Number(key) : NaN;
    return Number.isInteger(idx) ? v[idx < 0 ? v.length + idx : idx] : undefined;
  }
  return ownProperty(v as Record<string, unknown>, typeof key === "string" ? key : String(key));
}

/** An own property of an object (an inherited one, or a getter on the prototype, reads as missing). */
export function ownProperty(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** A string, finite number or boolean as text (what `Payload.text` reads); undefined for anything else. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "boolean") return String(v);
  return undefined;
}

/**
 * True for an object or array with at least one own enumerable key: `Object.keys(v).length > 0`
 * (Python's truth of a dict or list), without building the array of keys.
 */
export function hasOwnKey(v: object): boolean {
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
  return false;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
