/**
 * summershum, which hashes the files in the lookaside cache (fedmsg era):
 * one message when it starts, finishes or fails on a tarball.
 * Wording from fedmsg.meta's summershum processor.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

const LOOKASIDE = "http://pkgs.fedoraproject.org/lookaside/pkgs";

function ingest(verb: (file: string, pkg: string) => string): Handler {
  return (ctx: Ctx): Result => {
    const o = ctx.body.get("original");
    const name = o.text("name");
    const filename = o.text("filename");
    const md5 = o.text("md5sum");
    const agent = o.text("agent");
    const path = o.text("path") ?? (name && filename && md5 ? `${name}/${filename}/${md5}/${filename}` : undefined);
    return {
      text: verb(filename ?? "a file", name ?? "(unknown)"),
      link: path ? `${LOOKASIDE}/${path}` : null,
      usernames: [agent],
      agent: agent ?? null,
      packages: [name],
      objects: name && filename && md5 ? [`digests/${name}/${filename}/${md5}`] : [],
      avatar: agent ? fedmsgAvatarUrl(agent) : null,
    };
  };
}

export default defineService({
  name: "summershum",
  era: "fedmsg",
  app: "summershum",
  icon: "https://raw.githubusercontent.com/fedora-infra/summershum/develop/summershum.png",
  topics: {
    "summershum.ingest.start": ingest((f, p) => `summershum started working on ${f} for ${p}`),
    "summershum.ingest.complete": ingest((f, p) => `summershum ingested ${f} for ${p}`),
    "summershum.ingest.fail": ingest((f, p) => `yikes!  summershum failed to process ${f} for ${p}`),
  },
});
