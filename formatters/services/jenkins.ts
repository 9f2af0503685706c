/**
 * Fedora's old Jenkins (jenkins.cloud.fedoraproject.org): one topic per build
 * outcome, `jenkins.build.<outcome>`.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import { wordTable } from "../util/text.js";

const JOB_URL = "http://jenkins.cloud.fedoraproject.org/job/";

const OUTCOMES: Readonly<Record<string, string>> = wordTable({
  failed: "failed to build",
  passed: "built successfully",
  unstable: "built with warnings",
  notbuilt: "did not build",
  aborted: "build aborted",
  start: "started building",
  unknown: "entered an unknown state",
});

function build(ctx: Ctx): Result | undefined {
  const outcome = ctx.captures[0] ?? "";
  const words = OUTCOMES[outcome];
  if (words === undefined) return undefined;
  const project = ctx.body.text("project");
  const id = ctx.body.text("build");
  return {
    text: `Jenkins project '${project ?? "(unknown)"}' ${words}`,
    link: project !== undefined && id !== undefined ? `${JOB_URL}${project}/${id}/` : null,
    objects: project !== undefined ? [`jenkins/${project}/build.${outcome}`] : [],
    // fedmsg.meta gives Jenkins an empty secondary icon rather than none.
    avatar: "",
  };
}

export default defineService({
  name: "jenkins",
  era: "fedmsg",
  icon: "https://wiki.jenkins-ci.org/download/attachments/2916393/logo.png?version=1",
  topics: {
    "jenkins.build.*": build,
  },
});
