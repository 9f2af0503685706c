/**
 * RATS, Run Another Test System (fedmsg era, `rats.test.*`), worded as
 * fedmsg.meta's RATS processor words it: someone asked for a test run.
 */
import { defineService, type Ctx, type Handler, type Result } from "../define.js";
import type { Payload } from "../payload.js";
import { fedmsgAvatarUrl } from "../util/avatar.js";

/** A dist-git project as pagure names it: `ns/name`, or `fork/user/ns/name` for a fork. */
function projectOf(pr: Payload): string {
  const p = pr.get("project");
  let name = p.text("name") ?? "";
  const ns = p.text("namespace");
  if (ns) name = `${ns}/${name}`;
  if (!p.isNil("parent")) name = `fork/${p.text("user.name") ?? ""}/${name}`;
  return name;
}

function base(ctx: Ctx, text: string, object: string): Result {
  const user = ctx.body.str("agent");
  return { text, usernames: [user], agent: user ?? null, avatar: user ? fedmsgAvatarUrl(user) : null, objects: [object] };
}

/** taskotron and atomic-ci runs: on a named target, or on a ResultsDB result. */
const onTarget =
  (label: (test: string) => string, objectRoot: (test: string) => string): Handler =>
  (ctx) => {
    const b = ctx.body;
    const who = b.str("agent") ?? "someone";
    const test = b.text("test") ?? "";
    const target = b.text("identifier");
    if (target) return base(ctx, `${who} requested a run of ${label(test)} on "${target}"`, `${objectRoot(test)}/${target}`);
    const rid = b.text("result_id") ?? "";
    return base(
      ctx,
      `${who} requested a run of ${label("")} on resultsdb's result id: "${rid}"`,
      `${objectRoot("").split("/")[0] ?? ""}/resultsdb/${rid}`,
    );
  };

export default defineService({
  name: "rats",
  era: "fedmsg",
  icon: "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png",
  topics: {
    "rats.test.simple-koji-ci": (ctx) => {
      const pr = ctx.body.get("pull_request");
      const project = projectOf(pr);
      const id = pr.text("id") ?? "";
      const web = ctx.topic.environment === "stg" ? "https://src.stg.fedoraproject.org" : "https://src.fedoraproject.org";
      return {
        ...base(
          ctx,
          `${ctx.body.str("agent") ?? "someone"} requested a run of simple-koji-ci on "${project}/pull-request/${id}"`,
          `simple-koji-ci/${project.trim()}/pull-request/${id}`,
        ),
        link: `${web}/${project}/pull-request/${id}`,
      };
    },
    "rats.test.taskotron": onTarget(
      (test) => (test ? `taskotron's ${test}` : "taskotron"),
      (test) => `taskotron/${test}`,
    ),
    "rats.test.atomic-ci": onTarget(
      () => "atomic-ci",
      () => "AtomicCI",
    ),
  },
});
