/**
 * MirrorManager 2, fedmsg era, topics `mirrormanager.*`: crawler runs and
 * netblock downloads. Neither involves a person.
 */
import type { Ctx, Handler } from "../define.js";
import { defineService } from "../define.js";

const LINK = "https://mirrors.fedoraproject.org";
const ICON = "https://apps.fedoraproject.org/img/icons/downloads.png";

/** `mirrors/<name>` for each crawled host (start lists hosts, complete lists results). */
function mirrorObjects(ctx: Ctx): string[] {
  const { body } = ctx;
  if (body.has("hosts")) return body.list("hosts").map((h) => `mirrors/${h.text("host") ?? h.text("name") ?? ""}`);
  return body.list("results").map((r) => `mirrors/${r.text("host.name") ?? ""}`);
}

function mm2(text: (ctx: Ctx) => string, objects: (ctx: Ctx) => string[]): Handler {
  return (ctx) => ({ text: text(ctx), link: LINK, objects: objects(ctx), avatar: ICON, agent: null });
}

// Always "mirrors" ("1 mirrors"): that is how Fedora's line reads.
const mirrors = (n: number): string => `${n} mirrors`;

export default defineService({
  name: "mm2",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "mirrormanager.crawler.complete": mm2((ctx) => {
      const results = ctx.body.list("results");
      const ok = results.filter((r) => r.num("rc") === 0).length;
      return `mirrormanager's crawler finished a crawl of ${mirrors(results.length)} (${ok} succeeded, ${results.length - ok} failed)`;
    }, mirrorObjects),
    "mirrormanager.crawler.start": mm2(
      (ctx) => `mirrormanager's crawler started a crawl of ${mirrors(ctx.body.list("hosts").length)}`,
      mirrorObjects,
    ),
    "mirrormanager.netblocks.get": mm2(
      (ctx) => {
        const status = ctx.body.get("success").value ? "successfully updated" : "failed to update";
        return `mirrormanager's backend ${status} its ${ctx.body.text("type") ?? ""} netblocks file`;
      },
      (ctx) => [`netblocks/${ctx.body.text("type") ?? ""}`],
    ),
  },
});
