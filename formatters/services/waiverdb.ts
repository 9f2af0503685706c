/**
 * WaiverDB (fedmsg era, `waiverdb.*`), worded as fedmsg.meta's WaiverDB
 * processor words it: someone waived a test result.
 */
import { defineService } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

export default defineService({
  name: "waiverdb",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/waiverdb.png",
  topics: {
    "waiverdb.waiver.new": (ctx) => {
      const b = ctx.body;
      const user = b.str("username");
      const id = b.text("id");
      // Later WaiverDB versions waive a test case for a subject instead of one result id.
      const what =
        b.text("result_id") !== undefined
          ? `result ${b.text("result_id") ?? ""}`
          : `${b.text("testcase") ?? "a result"} for ${b.text("subject_identifier") ?? b.text("subject.item") ?? "something"}`;
      return {
        text: `${user ?? "someone"} waived ${what} (${b.text("product_version") ?? "?"}): "${b.text("comment") ?? ""}"`,
        link: `https://waiverdb-web-waiverdb.app.os.fedoraproject.org/api/v1.0/waivers/${id ?? ""}`,
        usernames: [user],
        agent: user ?? null,
        avatar: user ? fedmsgAvatarUrl(user) : null,
      };
    },
  },
});
