/**
 * Taskotron, automated task results (fedmsg era, `taskotron.*`), worded as
 * fedmsg.meta's Taskotron processor words it. For Bodhi-update results the
 * reference asks Bodhi for the update's packages; without the network we know
 * none, like it when Bodhi does not answer.
 */
import { defineService } from "../define.js";
import { nvrName, packageIconUrl } from "../util/fedora-package.js";

const ICON = "https://apps.fedoraproject.org/img/icons/taskotron.png";

export default defineService({
  name: "taskotron",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "taskotron.result.new": (ctx) => {
      const b = ctx.body;
      const task = b.text("task.name") ?? "";
      const outcome = b.text("result.outcome") ?? "";
      const item = b.text("task.item") ?? "";
      const packages = b.str("task.type") === "koji_build" && item ? [nvrName(item)] : [];
      const only = packages.length === 1 ? packages[0] : undefined;
      return {
        text: `${task} ${outcome} for ${item}`,
        link: b.str("result.log_url") || null,
        packages,
        objects: packages.map((p) => `${task}/${p}/${outcome}`),
        avatar: only ? packageIconUrl(only) : ICON,
      };
    },
  },
});
