/**
 * Autocloud, the automated Fedora Cloud image tests: `autocloud.image.<status>`
 * per image and `autocloud.compose.<status>` per compose. Messages from before
 * composes existed (no `compose_id`, no `compose_job_id`) name only the image.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import { wordTable } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/img/icons/fedimg.png";
const JOBS_URL = "https://apps.fedoraproject.org/autocloud/jobs/";
const HOME_URL = "https://apps.fedoraproject.org/autocloud/";

/** Image test status -> line; `{image}` is the image (with its release and compose). */
const IMAGE_LINES: Readonly<Record<string, (image: string, status: string) => string>> = wordTable({
  queued: (image, status) => `${image} is ${status} for testing`,
  running: (image, status) => `The tests for the ${image} have started ${status}`,
  aborted: (image, status) => `The tests for the ${image} have been ${status}`,
  failed: (image, status) => `The tests for the ${image} ${status}`,
  success: (image, status) => `The tests for ${image} were a ${status}`,
});

const COMPOSE_LINES: Readonly<Record<string, (compose: string, status: string) => string>> = wordTable({
  queued: (compose, status) => `${compose} is ${status} for testing`,
  running: (compose, status) => `${compose} tests have started ${status}`,
  completed: (compose, status) => `${compose} tests have ${status}`,
});

function image(ctx: Ctx): Result {
  const { body } = ctx;
  const status = body.text("status") ?? "";
  const release = body.text("release");
  let name = body.text("image_name") ?? "An image";
  if (release) name += ` (${release})`;
  // Messages of the compose era also name the compose, right after the image.
  if (body.has("compose_id") || body.has("compose_job_id")) name += `(${body.text("compose_id") ?? "unknown compose"})`;
  const line = IMAGE_LINES[status];
  const jobId = body.text("job_id");
  return {
    text: line ? line(name, status) : `The tests for ${name} are ${status || "in an unknown state"}`,
    link: jobId && jobId !== "0" ? `${JOBS_URL}${jobId}/output` : (body.str("image_url") ?? null),
    objects: [`autocloud/image/${status}`],
    avatar: ICON,
  };
}

function compose(ctx: Ctx): Result {
  const { body } = ctx;
  const status = body.text("status") ?? "";
  const id = body.text("id") ?? body.text("compose_id") ?? "A compose";
  const line = COMPOSE_LINES[status];
  const jobId = body.text("compose_job_id");
  return {
    text: line ? line(id, status) : `${id} tests are ${status || "in an unknown state"}`,
    link: jobId !== undefined ? `${JOBS_URL}${jobId}` : HOME_URL,
    objects: [`autocloud/compose/${status}`],
    avatar: ICON,
  };
}

export default defineService({
  name: "autocloud",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "autocloud.image.**": image,
    "autocloud.compose.**": compose,
  },
});
