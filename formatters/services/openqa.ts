/**
 * openQA, the distribution-level test system: job events (`openqa.job.*`) and
 * comments on jobs and job groups (`openqa.comment.*`). Old job messages had
 * `build` where newer ones have `BUILD` plus TEST/MACHINE/ISO/HDD_1.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { wordTable } from "../util/text.js";

const PROD_URL = "https://openqa.fedoraproject.org";
const STG_URL = "https://openqa.stg.fedoraproject.org";
const COMMENT_EXCERPT_CHARS = 30;

const COMMENT_ACTIONS: Readonly<Record<string, string>> = wordTable({
  create: "created",
  update: "updated",
  delete: "deleted",
});

function isStaging(ctx: Ctx): boolean {
  return ctx.topic.environment === "stg";
}

function baseUrl(ctx: Ctx): string {
  return isStaging(ctx) ? STG_URL : PROD_URL;
}

/** The build, then the ISO or else the disk image tested. */
function jobObjects(body: Payload): (string | undefined)[] {
  return [body.has("build") ? body.text("build") : body.text("BUILD"), body.has("ISO") ? body.text("ISO") : body.text("HDD_1")];
}

/** `auto` is "1" when openQA duplicated the job by itself, "0" when someone asked. */
function duplicatedHow(auto: unknown): string {
  if (auto === "1" || auto === 1 || auto === true) return "automatically ";
  if (auto === "0" || auto === 0 || auto === false) return "manually ";
  return "";
}

function job(ctx: Ctx): Result | undefined {
  const { body } = ctx;
  const event = ctx.captures[0] ?? "";
  const id = body.text("id");
  const build = body.text("BUILD") ?? body.text("build") ?? "an unknown build";
  const result = body.text("result");

  let head = `${isStaging(ctx) ? "staging " : ""}job ${id ?? "(unknown)"} `;
  const test = body.text("TEST");
  if (test) {
    const machine = body.text("MACHINE");
    const iso = body.text("ISO");
    const hdd = body.text("HDD_1");
    head += `(test ${test}${machine !== undefined ? ` on ${machine}` : ""}`;
    head += iso ? ` for iso ${iso}) ` : hdd ? ` for disk ${hdd}) ` : ") ";
  }

  let text: string;
  if (event === "duplicate") text = `${head}${duplicatedHow(body.get("auto").value)}duplicated as ${result ?? "a new job"} for ${build}`;
  else if (event === "restart") text = `${head}restarted as ${result ?? "a new job"} for ${build}`;
  else if (event === "done") {
    const remaining = body.text("remaining");
    text = `${head}completed ${result ? `with result ${result} ` : ""}for ${build}`;
    if (remaining !== undefined) text += `, ${remaining} remaining jobs`;
  } else if (event === "create") text = `${head}created for ${build}`;
  // fedmsg.meta has no wording for other job events: leave them to the generic line.
  else return undefined;

  return {
    text,
    link: id !== undefined ? `${baseUrl(ctx)}/tests/${id}` : baseUrl(ctx),
    objects: jobObjects(body),
  };
}

/** The comment's first 30 characters, "..." when there is more. */
function excerptOf(text: string): string {
  const cps = Array.from(text);
  return cps.length > COMMENT_EXCERPT_CHARS ? `${cps.slice(0, COMMENT_EXCERPT_CHARS).join("")}...` : text;
}

function comment(ctx: Ctx): Result {
  const { body } = ctx;
  const user = body.text("user") || "someone";
  const action = COMMENT_ACTIONS[ctx.captures[0] ?? ""] ?? "did something to";
  const jobId = body.text("job_id");
  const groupId = body.text("group_id");
  const excerpt = excerptOf(body.text("text") ?? "");

  let text = `${user} ${action} comment #${body.text("id") ?? "?"} on openQA`;
  if (jobId && jobId !== "0") text += ` job ${jobId}`;
  else if (groupId && groupId !== "0") text += ` group ${groupId}`;
  if (excerpt) text += `, text: ${excerpt}`;

  let link = baseUrl(ctx);
  if (jobId && jobId !== "0") link += `/tests/${jobId}#comments`;
  else if (groupId && groupId !== "0") link += `/group_overview/${groupId}`;

  const realUser = body.text("user");
  return {
    text,
    link,
    objects: [...jobObjects(body), jobId !== "0" ? jobId : undefined, groupId !== "0" ? groupId : undefined],
    usernames: [realUser],
    agent: realUser || null,
  };
}

export default defineService({
  name: "openqa",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/openqa.png",
  topics: {
    "openqa.job.*": job,
    "openqa.comment.*": comment,
  },
});
