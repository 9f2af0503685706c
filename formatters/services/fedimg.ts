/**
 * fedimg, the cloud image uploader: uploads to, tests on, publishes in and
 * copies between cloud regions (`fedimg.image.<upload|test|publish|copy>`).
 */
import type { Ctx, Handler, Result } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";

/** " (ami-1, hvm, gp2)": the image id, virtualisation and volume types that are known. */
function details(body: Payload): string {
  const parts = ["extra.id", "extra.virt_type", "extra.vol_type"].map((k) => body.text(k)).filter((x) => x !== undefined);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

interface Names {
  readonly image: string;
  readonly dest: string;
  readonly status: string;
}

function names(body: Payload): Names {
  return {
    image: body.text("image_name") ?? "An image",
    dest: body.text("destination") ?? "an unknown destination",
    status: body.text("status") ?? "",
  };
}

/** Upload and test messages have a status and name it in their objects. */
function withStatus(kind: "upload" | "test", line: (n: Names, body: Payload) => string): Handler {
  return (ctx: Ctx): Result => {
    const n = names(ctx.body);
    return { text: line(n, ctx.body), objects: n.status ? [`image/${kind}/${n.status}`] : [] };
  };
}

export default defineService({
  name: "fedimg",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/img/icons/fedimg.png",
  topics: {
    "fedimg.image.upload": withStatus("upload", (n, body) => {
      if (n.status === "started") return `${n.image} started uploading to ${n.dest}`;
      if (n.status === "completed") return `${n.image} finished uploading to ${n.dest}${details(body)}`;
      if (n.status === "failed") return `${n.image} failed to upload to ${n.dest}`;
      return `${n.image} upload to ${n.dest}: ${n.status || "unknown status"}`;
    }),
    "fedimg.image.test": withStatus("test", (n, body) => {
      if (n.status === "started") return `${n.image} started testing on ${n.dest}${details(body)}`;
      if (n.status === "completed") return `${n.image} finished testing on ${n.dest}${details(body)}`;
      if (n.status === "failed") return `${n.image} failed testing on ${n.dest}${details(body)}`;
      return `${n.image} test on ${n.dest}: ${n.status || "unknown status"}${details(body)}`;
    }),
    "fedimg.image.publish": (ctx) => {
      const n = names(ctx.body);
      return { text: `${n.image} published in region, ${n.dest}${details(ctx.body)}` };
    },
    "fedimg.image.copy": (ctx) => {
      const n = names(ctx.body);
      const source = ctx.body.text("extra.source_image_id");
      return {
        text: `${n.image} copied to ${n.dest}${source !== undefined ? ` using source image, ${source}` : ""}${details(ctx.body)}`,
      };
    },
  },
});
