/**
 * Release engineering composes (`compose.*`), the pre-Pungi-4 "run-pungi" and
 * "make-updates" scripts and their Pungi 4 successors. Topics look like
 * `compose.<branch>[.<step>].<start|complete|done|stop>`, where branch is
 * `rawhide`, `branched`, `bikeshed`, `epelbeta` or a release number.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import { wordTable } from "../util/text.js";

const DEFAULT_LINK = "https://kojipkgs.fedoraproject.org/compose/";

/** Topic step -> the words after the action ("Started building boot.iso for ..."). */
interface Step {
  readonly words: string;
  /** Existed only before Pungi 4, so the compose is always plain "Fedora". */
  readonly legacy: boolean;
  /** A post-release Cloud/Atomic/Docker respin ("make-updates" family). */
  readonly respin: boolean;
}

// Looked up by topic segment; "mash-atomic" is also matched as a prefix of a
// segment because fedmsg.meta matched it without a trailing dot.
const STEPS: ReadonlyMap<string, Step> = new Map([
  ["mash", { words: " mashing", legacy: true, respin: false }],
  ["pungify", { words: " building boot.iso for", legacy: true, respin: false }],
  ["image", { words: " building other images for", legacy: true, respin: false }],
  ["make-updates", { words: "", legacy: true, respin: true }],
  ["cloudimg-build", { words: " building images for", legacy: true, respin: true }],
  ["mash-atomic", { words: " Atomic updates mash for", legacy: true, respin: true }],
  ["atomic-lorax", { words: " Atomic lorax run for", legacy: true, respin: true }],
  ["cloudimg-checksum", { words: " image checksum generation for", legacy: true, respin: true }],
  ["cloudimg-staging", { words: " master mirror publication for", legacy: true, respin: true }],
  ["rsync", { words: " master mirror publication for", legacy: false, respin: false }],
]);

const ACTIONS: Readonly<Record<string, string>> = wordTable({
  start: "Started",
  complete: "Completed",
  done: "Completed",
  stop: "Completed",
});

const TWO_DIGITS = /^\d\d$/;
const DIGITS = /^\d+$/;

/** The step named by the topic's segments after `compose` (`rest`), any but the last (the action). */
function findStep(rest: readonly string[]): Step | undefined {
  for (let i = 0; i < rest.length - 1; i++) {
    const seg = rest[i] ?? "";
    const step = STEPS.get(seg) ?? (seg.startsWith("mash-atomic") ? STEPS.get("mash-atomic") : undefined);
    if (step) return step;
  }
  return undefined;
}

/** Python's str.capitalize(): first character upper case, the rest lower case. */
function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/** The release: from `branch` ("rawhide", "28", "Modular-Bikeshed"), else from the topic's segments after `compose`. */
function releaseOf(branch: string | undefined, segments: readonly string[]): string {
  if (branch !== undefined) {
    const i = branch.lastIndexOf("Modular-");
    return capitalize(i < 0 ? branch : branch.slice(i + "Modular-".length));
  }
  // Old messages had no branch field.
  if (segments.includes("rawhide")) return "Rawhide";
  if (segments.includes("epelbeta")) return "EPEL Beta";
  return segments.find((s) => TWO_DIGITS.test(s)) ?? "(unknown release)";
}

function composeLine(ctx: Ctx): Result {
  const { body } = ctx;
  // The title's segments after `compose`, split once when the topic was parsed.
  const rest = ctx.topic.rest;
  const step = findStep(rest);
  const branch = body.str("branch");
  const release = releaseOf(branch, rest);
  const arch = body.str("arch") ?? "";
  const composeId = body.text("compose_id") ?? "";

  let short = body.str("short");
  if (short === undefined) {
    short = "Fedora";
    if ((branch ?? "").toLowerCase().includes("modular")) short = "Fedora-Modular";
    // Between Pungi 4 and the `short` field, a numbered-release message without a
    // compose id or arch could be any of these (later ones always carry the id).
    if (DIGITS.test(release) && !step?.legacy && !body.has("compose_id") && arch === "" && !ctx.topic.full.includes("branched")) {
      short = "Fedora, Fedora-Atomic, Fedora-Cloud or Fedora-Docker";
    }
  }

  const action = ACTIONS[rest[rest.length - 1] ?? ""] ?? "Did something to do with";
  let what = step?.respin ? "post-release Cloud/Atomic/Docker respin compose" : "compose";
  if (composeId !== "") what += ` ${composeId}`;
  const text = `${action}${step?.words ?? ""} ${short} ${release}${arch ? ` (${arch})` : ""} ${what}`;

  const location = body.str("location");
  const branchSegment = rest[0];
  return {
    text,
    link: location ?? (body.has("location") ? null : DEFAULT_LINK),
    objects: branchSegment !== undefined ? [`${branchSegment}/${arch || "primary"}`] : [],
  };
}

export default defineService({
  name: "compose",
  era: "fedmsg",
  topics: {
    "compose.**": composeLine,
  },
});
