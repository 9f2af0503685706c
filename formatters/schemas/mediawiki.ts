/** mediawiki-messages: edits on the Fedora wiki. */
import { defineService } from "../define.js";
import { shaped } from "../util/schema-guard.js";

const USER_PAGE = "User:";

export default defineService({
  name: "mediawiki",
  era: "fedora-messaging",
  app: "Wiki",
  icon: "https://apps.fedoraproject.org/img/icons/mediawiki.png",
  schemas: {
    "wiki.article.edit.v1": {
      topics: ["wiki.article.edit"],
      handler: shaped(["title", "user"], (ctx) => {
        const b = ctx.body;
        const title = b.text("title") ?? "(untitled)";
        const user = b.str("user");
        const text = `Wiki page ${title} was edited by ${user ?? "someone"}`;
        const lines = [text, `Summary: ${b.text("summary") ?? ""}`];
        const page = b.str("page_url");
        const diff = b.str("diff_url");
        if (page !== undefined) lines.push(`Page: ${page}`);
        if (diff !== undefined) lines.push(`Diff: ${diff}`);
        // Editing someone's user page concerns that user too (wiki names are capitalised, accounts are not).
        const usernames = [user];
        if (title.startsWith(USER_PAGE)) usernames.push(title.slice(USER_PAGE.length).toLowerCase());
        return { text, long: `${lines.join("\n")}\n`, link: diff ?? null, agent: user ?? null, usernames };
      }),
    },
  },
});
