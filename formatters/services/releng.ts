/**
 * Fedora Release Engineering scripts (fedmsg era, `releng.*`), worded as
 * fedmsg.meta's releng processor words it: the two-week Atomic Host releases.
 */
import { defineService, type Ctx, type Result } from "../define.js";

const ICON = "https://apps.fedoraproject.org/img/icons/atomic.png";

function release(ctx: Ctx): string {
  const b = ctx.body;
  // Newer messages group the images by architecture; older ones had only x86_64 images at the top.
  return (b.has("x86_64") ? b.text("x86_64.atomic_raw.release") : b.text("atomic_raw.release")) ?? "";
}

function result(ctx: Ctx, text: string): Result {
  const b = ctx.body;
  const objects = b.has("x86_64")
    ? b.keys()
    : b
        .keys()
        .filter((k) => k.startsWith("atomic_"))
        .map((k) => `${b.at(k).text("release") ?? ""}/${k}`);
  return { text, link: "https://download.fedoraproject.org/pub/alt/atomic/stable/", avatar: ICON, objects };
}

export default defineService({
  name: "releng",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "releng.atomic.twoweek.begin": (ctx) =>
      result(ctx, `Release engineering scripts started evaluating a new set of builds for a Fedora ${release(ctx)} Atomic Host release`),
    "releng.atomic.twoweek.complete": (ctx) => result(ctx, `A new release of Fedora ${release(ctx)} Atomic Host is ready`),
  },
});
