/**
 * Pungi 4 (`pungi.compose.*`): pungi-koji's notification script reports the
 * status and phases of each compose, ISO images and OSTree commits.
 */
import type { Ctx, Handler, Result } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { trimSlashes, wordTable } from "../util/text.js";

const STATUS_WORDS: Readonly<Record<string, string>> = wordTable({
  STARTED: "started",
  FINISHED: "just finished",
  DOOMED: "failed in a horrible fire",
  TERMINATED: "was terminated",
});

const COMPOSE_SUFFIX = "/compose";

/** The compose's top directory: `location` points at its `compose/` subdirectory. */
function linkOf(body: Payload): string | null {
  let loc = body.str("location");
  if (loc === undefined) return null;
  loc = trimSlashes(loc);
  if (loc.endsWith(COMPOSE_SUFFIX)) loc = trimSlashes(loc.slice(0, -COMPOSE_SUFFIX.length));
  return loc;
}

/** The path of an image below the compose directory. */
function imagePath(file: string): string {
  const i = file.lastIndexOf("compose/");
  return i < 0 ? file : file.slice(i + "compose/".length);
}

function objectsOf(body: Payload): string[] {
  if (body.has("deliverables")) return body.strs("deliverables").map(trimSlashes);
  const file = body.str("file");
  if (file !== undefined) return [trimSlashes(file)];
  const id = body.text("compose_id");
  // Like fedmsg.meta: the compose id's parts as a path under "rawhide".
  return id !== undefined ? [`rawhide/${id.split(".").join("/")}`] : [];
}

/** Runs `line` and adds the link and objects every pungi message shares. */
function pungi(line: (body: Payload, compose: string | undefined) => string): Handler {
  return (ctx: Ctx): Result => ({
    text: line(ctx.body, ctx.body.text("compose_id")),
    link: linkOf(ctx.body),
    objects: objectsOf(ctx.body),
  });
}

/** "the F-1 compose" / "the compose" when the message names none. */
function theCompose(compose: string | undefined): string {
  return compose !== undefined ? `the ${compose} compose` : "the compose";
}

function phase(verb: string): Handler {
  return pungi((body, compose) => `pungi-koji ${verb} the ${body.text("phase_name") ?? "unknown"} phase of ${theCompose(compose)}`);
}

export default defineService({
  name: "compose2",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/pungi.png",
  topics: {
    "pungi.compose.status.change": pungi((body, compose) => {
      const status = body.text("status");
      const what = status !== undefined ? (STATUS_WORDS[status] ?? status) : "changed status";
      return `pungi-koji compose${compose !== undefined ? ` of ${compose}` : ""} ${what}`;
    }),
    "pungi.compose.phase.start": phase("started"),
    "pungi.compose.phase.stop": phase("finished"),
    "pungi.compose.createiso.imagedone": pungi((body) => `pungi-koji finished createiso for ${imagePath(body.str("file") ?? "an image")}`),
    "pungi.compose.createiso.imagefail": pungi((body) => `pungi-koji createiso for ${imagePath(body.str("file") ?? "an image")} failed!`),
    "pungi.compose.createiso.targets": pungi((body) => `pungi-koji assigned ${body.list("deliverables").length} createiso targets`),
    "pungi.compose.ostree": pungi((body, compose) => {
      const commit = body.text("commitid") ?? "(unknown)";
      const target = [body.text("arch"), body.text("ref")].filter((x) => x !== undefined).join(" ");
      return `pungi-koji ostree compose${compose !== undefined ? ` ${compose}` : ""} produced ostree commit ${commit}${target ? ` for ${target}` : ""}`;
    }),
    "pungi.compose.fail.to.start": pungi((body) => {
      const config = body.text("config");
      const detail = body.text("detail");
      return `failed to compose${config !== undefined ? ` from ${config}` : ""}${detail !== undefined ? `: "${detail}"` : ""}`;
    }),
  },
});
