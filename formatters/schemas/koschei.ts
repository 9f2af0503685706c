/** koschei-messages: Koschei's continuous rebuilds of packages and collection buildroots. */
import { defineService } from "../define.js";
import { shaped } from "../util/schema-guard.js";
import { wordTable } from "../util/text.js";

const BASE_URL = "https://koschei.fedoraproject.org";

const PACKAGE_STATES: Readonly<Record<string, string>> = wordTable({
  failing: "'s builds started to fail",
  ok: "'s builds are back to normal",
  ignored: " became retired or ignored",
  unresolved: "'s dependencies failed to resolve",
});
const COLLECTION_STATES: Readonly<Record<string, string>> = wordTable({
  ok: " buildroot was fixed",
  unresolved: " buildroot was broken",
});

/** Messages from a secondary Koji (e.g. staging) say which one. */
function instanceSuffix(instance: string | undefined): string {
  return instance !== undefined && instance !== "primary" ? ` (${instance})` : "";
}

export default defineService({
  name: "koschei",
  era: "fedora-messaging",
  app: "Koschei",
  icon: "https://apps.fedoraproject.org/img/icons/koschei.png",
  schemas: {
    "koschei.package.state.change": {
      topics: ["koschei.package.state.change"],
      handler: shaped(["name", "new", "collection"], (ctx) => {
        const b = ctx.body;
        const pkg = b.text("name");
        const name = pkg ?? "A package";
        const state = b.text("new") ?? "";
        const collection = b.text("collection");
        const event =
          state === "ok" && b.str("old") === "ignored"
            ? " added to Koschei"
            : ((Object.prototype.hasOwnProperty.call(PACKAGE_STATES, state) ? PACKAGE_STATES[state] : undefined) ??
              ` changed state to ${state || "unknown"}`);
        const text = `${name}${event}${collection !== undefined ? ` in ${collection}` : ""}${instanceSuffix(b.str("koji_instance"))}`;
        const link = b.has("name") ? `${BASE_URL}/package/${pkg ?? ""}?collection=${collection ?? ""}` : null;
        return { text, link, agent: null, usernames: [], packages: [pkg], groups: b.strs("groups") };
      }),
    },
    "koschei.collection.state.change": {
      topics: ["koschei.collection.state.change"],
      handler: shaped(["collection", "new"], (ctx) => {
        const b = ctx.body;
        const name = b.text("collection_name") ?? b.text("collection") ?? "A collection";
        const state = b.text("new") ?? "";
        const event =
          state === "ok" && b.str("old") === "unknown"
            ? " added to Koschei"
            : ((Object.prototype.hasOwnProperty.call(COLLECTION_STATES, state) ? COLLECTION_STATES[state] : undefined) ??
              ` buildroot changed state to ${state || "unknown"}`);
        const collection = b.text("collection");
        return {
          text: `${name}${event}${instanceSuffix(b.str("koji_instance"))}`,
          link: collection !== undefined ? `${BASE_URL}/collection/${collection}` : null,
          agent: null,
          usernames: [],
        };
      }),
    },
  },
});
