/**
 * Koschei, continuous rebuilds of Fedora packages (fedmsg era, `koschei.*`),
 * worded as fedmsg.meta's Koschei processor words it.
 */
import { defineService, type Ctx } from "../define.js";
import type { Payload } from "../payload.js";
import { packageIconUrl } from "../util/fedora-package.js";
import { wordTable } from "../util/text.js";

const WEB = "https://apps.fedoraproject.org/koschei";

const PACKAGE_STATES: Readonly<Record<string, string>> = wordTable({
  failing: "'s builds started to fail",
  ok: "'s builds are back to normal",
  ignored: " became retired or ignored",
  unresolved: "'s dependencies failed to resolve",
});
const COLLECTION_STATES: Readonly<Record<string, string>> = wordTable({ ok: " buildroot was fixed", unresolved: " buildroot was broken" });

/** " (arm)" for the secondary-architecture Koji hubs, nothing for the primary one. */
function instanceSuffix(b: Payload): string {
  const inst = b.text("koji_instance");
  return inst && inst !== "primary" ? ` (${inst})` : "";
}

function stateChange(ctx: Ctx, states: Readonly<Record<string, string>>, subject: string, fresh: string): string {
  const b = ctx.body;
  const next = b.text("new") ?? "";
  if (next === "ok" && b.text("old") === fresh) return `${subject} added to Koschei`;
  return subject + (states[next] ?? ` changed state to ${next || "unknown"}`);
}

export default defineService({
  name: "koschei",
  era: "fedmsg",
  icon: "https://fedoraproject.org/w/uploads/e/e9/Koschei.png",
  topics: {
    "koschei.package.state.change": (ctx) => {
      const b = ctx.body;
      // The package as text for the wording; only a string name is a package (and has an icon).
      const pkg = b.str("name");
      const name = pkg ?? b.text("name");
      const collection = b.text("collection_name") ?? b.text("repo") ?? "?";
      const coll = b.text("collection");
      return {
        text: `${stateChange(ctx, PACKAGE_STATES, name ?? "a package", "ignored")} in ${collection}${instanceSuffix(b)}`,
        link: `${WEB}/package/${name ?? ""}${coll !== undefined ? `?collection=${coll}` : ""}`,
        packages: [pkg],
        avatar: pkg ? packageIconUrl(pkg) : null,
      };
    },
    "koschei.collection.state.change": (ctx) => {
      const b = ctx.body;
      const collection = b.text("collection_name") ?? b.text("collection") ?? "a collection";
      return {
        text: stateChange(ctx, COLLECTION_STATES, collection, "unknown") + instanceSuffix(b),
        link: `${WEB}/collection/${b.text("collection") ?? ""}`,
      };
    },
  },
});
