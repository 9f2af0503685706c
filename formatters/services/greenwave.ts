/**
 * Greenwave, the gating service (fedmsg era, `greenwave.*`), worded as
 * fedmsg.meta's Greenwave processor words it: a gating decision changed.
 */
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { nvrName, packageIconUrl } from "../util/fedora-package.js";
import { leastName } from "../util/text.js";

const RESULTSDB = "https://taskotron.fedoraproject.org/resultsdb/results";
/**
 * What `encodeURIComponent` leaves alone but Python's `quote_plus` escapes, by character code:
 * `!`, `'`, `(`, `)` and `*`.
 */
const PY_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x21, "%21"],
  [0x27, "%27"],
  [0x28, "%28"],
  [0x29, "%29"],
  [0x2a, "%2A"],
]);

/**
 * Python's `urllib.parse.quote_plus` of a string: `encodeURIComponent`, then `!'()*` escaped
 * and a space written `+`. One pass over the encoded string; every `%` there starts an escape
 * of two hex digits, so `%20` is always a space.
 */
function quotePlus(s: string): string {
  const e = encodeURIComponent(s);
  let out = "";
  let from = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e.charCodeAt(i);
    if (c === 0x25 /* % */) {
      if (e.charCodeAt(i + 1) === 0x32 && e.charCodeAt(i + 2) === 0x30) {
        out += `${e.slice(from, i)}+`;
        from = i + 3;
      }
      i += 2;
      continue;
    }
    const esc = PY_ESCAPES.get(c);
    if (esc !== undefined) {
      out += e.slice(from, i) + esc;
      from = i + 1;
    }
  }
  return from === 0 ? e : out + e.slice(from);
}

/** Python's `str()` of a JSON value, as `urlencode` writes it. */
function pyStr(p: Payload): string {
  const v = p.value;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return p.text() ?? JSON.stringify(v);
}

/**
 * The subject of the decision as [key, value] pairs: the old `subject` list's first entry, else
 * the newer flat fields. `subject` is that list (undefined when the message has none).
 */
function subjectPairs(b: Payload, subject: Payload[] | undefined): [string, string][] {
  if (subject !== undefined) {
    return (subject[0]?.entries() ?? []).map(([k, v]): [string, string] => [k, pyStr(v)]);
  }
  const item = b.text("subject_identifier");
  const type = b.text("subject_type");
  return item !== undefined && type !== undefined
    ? [
        ["item", item],
        ["type", type],
      ]
    : [];
}

function packagesOf(b: Payload, subject: Payload[] | undefined): string[] {
  if (subject === undefined) {
    const item = b.str("subject_identifier");
    return item && b.str("subject_type") === "koji_build" ? [nvrName(item)] : [];
  }
  const out: string[] = [];
  for (const e of subject) {
    const item = e.str("item");
    if (item && e.str("type") === "koji_build") out.push(nvrName(item));
  }
  return out;
}

/** The first truthy `item` of the subject list. */
function firstSubjectItem(subject: Payload[] | undefined): string | undefined {
  for (const e of subject ?? []) {
    const item = e.text("item");
    if (item) return item;
  }
  return undefined;
}

export default defineService({
  name: "greenwave",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/greenwave.png",
  topics: {
    "greenwave.decision.update": (ctx) => {
      const b = ctx.body;
      // Greenwave before 0.8 misspelt the key.
      const satisfied = b.bool("policies_satisfied") ?? b.bool("policies_satisified") ?? false;
      // The old messages' subject list, read once.
      const subject = b.isArray("subject") ? b.list("subject") : undefined;
      const item = b.text("subject_identifier") || firstSubjectItem(subject) || '"something"';
      const pairs = subjectPairs(b, subject).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      const packages = packagesOf(b, subject);
      const first = leastName(packages);
      return {
        text:
          `greenwave ${satisfied ? "is a GO" : "says NO-GO"} on ${item} for ` +
          `"${b.text("decision_context") ?? ""}" (${b.text("product_version") ?? "?"})`,
        link: pairs.length > 0 ? `${RESULTSDB}?${pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&")}` : null,
        packages,
        avatar: first ? packageIconUrl(first) : null,
      };
    },
  },
});
