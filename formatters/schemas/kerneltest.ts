/**
 * kerneltest-messages: kernel test results uploaded to kerneltest, and the
 * releases its admins manage. The classes list no users (not even the agent).
 */
import { defineService, type Ctx, type Result } from "../define.js";
import { shaped } from "../util/schema-guard.js";

/** The uploader / admin; the reference prints Python's `None` when it is missing. */
function agentOf(ctx: Ctx): string | undefined {
  return ctx.body.str("agent");
}

function result(ctx: Ctx, text: string): Result {
  return { text, agent: agentOf(ctx) ?? null, usernames: [], link: null };
}

/** "release 42 with status active", leaving out the parts the payload lacks. */
function releaseWords(ctx: Ctx): string {
  const num = ctx.body.text("release.releasenum");
  const support = ctx.body.text("release.support");
  return `release${num !== undefined ? ` ${num}` : ""}${support !== undefined ? ` with status ${support}` : ""}`;
}

export default defineService({
  name: "kerneltest",
  era: "fedora-messaging",
  app: "kerneltest",
  icon: "https://apps.fedoraproject.org/img/icons/kerneltest.png",
  schemas: {
    "kerneltest.upload.new.v1": {
      topics: ["kerneltest.upload.new"],
      handler: shaped(["test.kernel_version"], (ctx) => {
        const version = ctx.body.text("test.kernel_version");
        const who = agentOf(ctx) ?? "Someone";
        return result(ctx, `${who} uploaded new kernel test results${version !== undefined ? ` for ${version}` : ""}`);
      }),
    },
    "kerneltest.release.new.v1": {
      topics: ["kerneltest.release.new"],
      handler: shaped(["release"], (ctx) => result(ctx, `${agentOf(ctx) ?? "Someone"} created a new ${releaseWords(ctx)}`)),
    },
    "kerneltest.release.edit.v1": {
      topics: ["kerneltest.release.edit"],
      handler: shaped(["release"], (ctx) => result(ctx, `${agentOf(ctx) ?? "Someone"} edited ${releaseWords(ctx)}`)),
    },
  },
});
