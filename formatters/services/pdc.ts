/**
 * PDC, the Product Definition Center (fedmsg era, `pdc.*`), worded as
 * fedmsg.meta's PDC processor words it: a compose entry was created, or the
 * metadata of its RPMs or images was imported.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";

function base(ctx: Ctx, text: string): Result {
  const b = ctx.body;
  const id = b.text("compose_id") ?? "";
  const attr = ctx.title.split(".").pop() ?? "";
  return {
    text,
    link: `https://pdc.fedoraproject.org/rest_api/v1/composes/${id}/`,
    objects: [`${id}/${b.text("action") ?? ""}/${attr}`],
  };
}

const imported: Handler = (ctx) => {
  const b = ctx.body;
  const text =
    `PDC imported metadata for ${b.text("count") ?? "some"} ${b.text("attribute") ?? ctx.title.split(".").pop() ?? ""} ` +
    `for the ${b.text("compose_id") ?? "?"} ${b.text("compose_type") ?? ""} compose`;
  return base(ctx, text);
};

export default defineService({
  name: "pdc",
  era: "fedmsg",
  topics: {
    "pdc.rpms": imported,
    "pdc.images": imported,
    "pdc.compose": (ctx) =>
      base(
        ctx,
        `An entry for the ${ctx.body.text("compose_id") ?? "?"} ${ctx.body.text("compose_type") ?? ""} compose was created in the Product Definition Center`,
      ),
  },
});
