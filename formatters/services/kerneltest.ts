/**
 * The Kernel Testing Initiative: someone uploaded a kernel test result
 * (`kerneltest.upload.new`) or added or edited a release the tests are run
 * against (`kerneltest.release.new`, `kerneltest.release.edit`).
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import { avatarUrl } from "../util/avatar.js";

const KERNEL_URL = "https://apps.fedoraproject.org/kerneltest/kernel/";
const STATS_URL = "https://apps.fedoraproject.org/kerneltest/stats";

/** Fields every kerneltest message shares: the uploader and the kernel package. */
function common(ctx: Ctx): Pick<Result, "usernames" | "agent" | "avatar" | "packages"> {
  const agent = ctx.body.text("agent");
  return {
    usernames: [agent],
    agent: agent ?? null,
    avatar: agent !== undefined ? avatarUrl(agent) : null,
    packages: ["kernel"],
  };
}

function who(ctx: Ctx): string {
  return ctx.body.text("agent") ?? "someone";
}

function upload(ctx: Ctx): Result {
  const version = ctx.body.text("test.kernel_version");
  const result = ctx.body.text("test.result");
  return {
    ...common(ctx),
    text: `${who(ctx)} ran a test of ${version ?? "a kernel"}${result !== undefined ? ` (${result})` : ""}`,
    link: version !== undefined ? KERNEL_URL + version : STATS_URL,
    objects: version !== undefined ? [`kernel/${version}`] : [],
  };
}

function release(line: (user: string, release: string, support: string) => string) {
  return (ctx: Ctx): Result => {
    const num = ctx.body.text("release.releasenum") ?? "unknown";
    const support = ctx.body.text("release.support") ?? "unknown";
    return {
      ...common(ctx),
      text: line(who(ctx), num, support),
      link: STATS_URL,
      objects: ctx.body.has("release") ? [`release/${num}/${support}`] : [],
    };
  };
}

export default defineService({
  name: "kerneltest",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/tux.png",
  topics: {
    "kerneltest.upload.new": upload,
    "kerneltest.release.new": release((user, num, support) => `${user} added a new release for kerneltest: ${num} ${support}`),
    "kerneltest.release.edit": release((user, num, support) => `${user} edited the ${num}-${support} release for kerneltest`),
  },
});
