/** maubot-fedora-messages: the Fedora Matrix bot's cookies. */
import { defineService } from "../define.js";
import { shaped } from "../util/schema-guard.js";

export default defineService({
  name: "maubot",
  era: "fedora-messaging",
  app: "Maubot Fedora",
  icon: "https://apps.fedoraproject.org/img/icons/maubot-fedora.png",
  schemas: {
    "maubot.cookie.give.v1": {
      // The class's topic carries the version suffix too.
      topics: ["maubot.cookie.give.v1"],
      handler: shaped(["sender", "recipient"], (ctx) => {
        const b = ctx.body;
        const sender = b.str("sender");
        const recipient = b.str("recipient");
        const text = `${sender ?? "Someone"} gave a cookie to ${recipient ?? "someone"}`;
        let long = text;
        const total = b.text("total");
        if (total !== undefined) {
          long += `. They now have ${total} cookie(s)`;
          const release = b.text("fedora_release");
          const inRelease = release !== undefined ? b.get("count_by_release").at(release).text() : undefined;
          if (release !== undefined && inRelease !== undefined) {
            long += `, ${inRelease} of which were obtained in the Fedora ${release} release cycle`;
          }
        }
        return { text, long, agent: sender ?? null, usernames: [sender, recipient], link: null };
      }),
    },
  },
});
