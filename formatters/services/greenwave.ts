/**
 * Greenwave, the gating service (fedmsg era, `greenwave.*`), worded as
 * fedmsg.meta's Greenwave processor words it: a gating decision changed.
 */
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { nvrName, packageIconUrl } from "../util/fedora-package.js";

const RESULTSDB = "https://taskotron.fedoraproject.org/resultsdb/results";
/** Characters Python's `quote_plus` leaves alone besides ASCII letters and digits. */
const UNRESERVED = /[!'()*]/g;

/** Python's `urllib.parse.quote_plus` of a string. */
function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(UNRESERVED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Python's `str()` of a JSON value, as `urlencode` writes it. */
function pyStr(p: Payload): string {
  const v = p.value;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return p.text() ?? JSON.stringify(v);
}

/** The subject of the decision as [key, value] pairs: the old `subject` list's first entry, else the newer flat fields. */
function subjectPairs(b: Payload): [string, string][] {
  if (b.isArray("subject")) {
    const first = b.list("subject")[0];
    return first ? first.entries().map(([k, v]): [string, string] => [k, pyStr(v)]) : [];
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

function packagesOf(b: Payload): string[] {
  if (!b.isArray("subject")) {
    const item = b.str("subject_identifier");
    return item && b.str("subject_type") === "koji_build" ? [nvrName(item)] : [];
  }
  return b.list("subject").flatMap((e) => {
    const item = e.str("item");
    return item && e.str("type") === "koji_build" ? [nvrName(item)] : [];
  });
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
      const item =
        b.text("subject_identifier") ||
        b
          .list("subject")
          .map((e) => e.text("item"))
          .find((x) => !!x) ||
        '"something"';
      const pairs = subjectPairs(b).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      const packages = packagesOf(b);
      const first = [...packages].sort()[0];
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
