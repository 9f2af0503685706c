/**
 * waiverdb-messages: a new waiver in WaiverDB (a failed test result declared
 * acceptable).
 *
 * The class's body is a whole message (`id`, `topic`, `headers`, and the
 * waiver under `body`), and it is registered under the schema name
 * `org.fedoraproject.dev.waiverdb.waiver.new`. WaiverDB itself publishes the
 * waiver as a plain body with the library's base schema; that form is the
 * fedmsg-era wording's (formatters/services/waiverdb.ts), so a message that
 * reaches this handler by its topic alone is taken only in the nested form.
 * The class names no user (not even the agent), no link and no package.
 */
import { defineService, type Ctx, type Result } from "../define.js";

const SCHEMA = "org.fedoraproject.dev.waiverdb.waiver.new";

function waiverNew(ctx: Ctx): Result | undefined {
  const b = ctx.body;
  const waiver = b.get("body");
  if (ctx.msg.schema !== SCHEMA && !(waiver.isObject() && waiver.has("username") && waiver.has("testcase") && b.has("id")))
    return undefined;
  const who = waiver.text("username") ?? "someone";
  return {
    text: `${who} created a waived message "${b.text("id") ?? ""}"`,
    long: `WaiverDB message: Test case ${waiver.text("testcase") ?? "(unknown)"} is waived\nBy: ${who}\n`,
    link: null,
    usernames: [],
    packages: [],
    agent: null,
  };
}

export default defineService({
  name: "waiverdb",
  era: "fedora-messaging",
  app: "waiverdb",
  icon: "https://github.com/release-engineering/waiverdb/logo.png",
  schemas: {
    [SCHEMA]: { topics: ["waiverdb.waiver.new"], handler: waiverNew },
  },
});
