/**
 * Zanata, the translation platform (fedmsg era): document milestones per locale.
 * Wording from fedmsg.meta's zanata processor, which lower-cases the whole line.
 */
import { defineService, type Ctx, type Result } from "../define.js";

const ICON = "https://pbs.twimg.com/profile_images/378800000417679469/47eb45c6205aa9f2cdb8705e6d46745c_normal.png";

function milestone(ctx: Ctx): Result {
  const { body } = ctx;
  const doc = body.text("docId") ?? "a document";
  const project = body.text("project") ?? "(unknown)";
  const version = body.text("version");
  const locale = body.text("locale") ?? "(unknown)";
  const state = body.text("milestone") ?? "updated";
  const text = `${doc} from the ${project} project is now ${state} in the '${locale}' locale`.toLowerCase();
  const object = version !== undefined ? [project, version, "languages", locale].join("/") : undefined;
  return {
    text,
    link: object ? `https://fedora.zanata.org/iteration/view/${object}` : null,
    objects: [object],
    avatar: ICON,
  };
}

export default defineService({
  name: "zanata",
  era: "fedmsg",
  app: "Zanata",
  icon: ICON,
  topics: { "zanata.document.milestone.event": milestone },
});
