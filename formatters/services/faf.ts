/**
 * FAF, ABRT's crash analysis server (retrace.fedoraproject.org): a crash report
 * or a problem (reports grouped together) reached an occurrence threshold,
 * `faf.report.threshold<N>` / `faf.problem.threshold<N>`.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";

const PACKAGE_ICON_URL = "https://apps.fedoraproject.org/packages/images/icons/";

/** Long-form labels (padded as fedmsg.meta aligned them) -> payload field. */
const LONG_FIELDS: readonly (readonly [string, string])[] = [
  ["Function: ", "function"],
  ["First occurrence: ", "first_occurrence"],
  ["Type:     ", "type"],
  ["Count:    ", "count"],
  ["URL:      ", "url"],
];

function threshold(kind: "report" | "problem") {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const components = body.strs("components");
    const packages = components.join(", ");
    const count = body.text("count");
    const what = components.length > 0 ? `for package ${packages}` : "for an unknown package";
    const text = `ABRT ${kind} ${what} has reached ${count !== undefined ? `${count} occurrences` : "its occurrence threshold"}`;
    // A field the message lacks is left out rather than printed as "None".
    let long = `Packages: ${packages}\n`;
    for (const [label, key] of LONG_FIELDS) {
      const v = body.text(key);
      if (v !== undefined) long += `${label}${v}\n`;
    }
    const maintainers = body.strs("maintainers");
    const first = components[0];
    return {
      text,
      link: body.str("url") ?? null,
      packages: components,
      usernames: maintainers,
      agent: maintainers[0] ?? null,
      avatar: first !== undefined ? `${PACKAGE_ICON_URL}${first}.png` : null,
      long,
    };
  };
}

export default defineService({
  name: "faf",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/packages/images/icons/abrt.png",
  topics: {
    "faf.report.*": threshold("report"),
    "faf.problem.*": threshold("problem"),
  },
});
