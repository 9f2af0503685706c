/** nuancier-messages: Nuancier (wallpaper voting); its one class announces a new "thing". */
import { defineService } from "../define.js";
import { shaped } from "../util/schema-guard.js";

export default defineService({
  name: "nuancier",
  era: "fedora-messaging",
  app: "nuancier",
  icon: "https://apps.fedoraproject.org/img/icons/nuancier.png",
  schemas: {
    "nuancier.new": {
      topics: ["nuancier.new"],
      handler: shaped(["agent_name", "thing"], (ctx) => {
        const b = ctx.body;
        const agent = b.str("agent_name");
        const name = b.text("thing.name") ?? "";
        const id = b.text("thing.id");
        return {
          text: `${agent ?? "Someone"} created thing "${name}"${id !== undefined ? ` (${id})` : ""}`,
          long: `New Thing: ${name}\nBy: ${agent ?? "unknown"}\n`,
          link: b.str("thing.url") ?? null,
          agent: agent ?? null,
          usernames: [agent],
        };
      }),
    },
  },
});
