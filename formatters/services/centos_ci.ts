/**
 * The CentOS CI pipelines that tested Fedora packages and containers
 * (`org.centos.<env>.ci.pipeline.*`, and before that
 * `org.centos.<env>.allpackages.pipeline.*` and `container.pipeline.*`).
 * A topic is `<pipeline>[.<flavour>].<stage...>.<queued|running|complete|ignore>`,
 * the flavour naming which pipeline ran (Atomic CI when there is none).
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { avatarUrl } from "../util/avatar.js";

const HOME_URL = "http://ci.centos.org/";
const SHORT_COMMIT_CHARS = 8;

/** Pipeline flavour segment after `ci.pipeline` -> display name. */
const FLAVOURS: ReadonlyMap<string, string> = new Map([
  ["allpackages-build", "All Packages (Build) CI"],
  ["allpackages-pr", "All Packages (PR) CI"],
  ["allpackages", "All Packages CI"],
  ["container-pr", "Container CI"],
]);

/** Topic title prefix -> pipeline shown when the topic names no flavour. */
const PIPELINES: ReadonlyMap<string, string> = new Map([
  ["ci.pipeline", "Atomic CI"],
  ["allpackages.pipeline", "All Packages CI"],
  ["container.pipeline", "Container CI"],
]);

interface Subject {
  /** `Commit "0123abcd"`-style head without the quotes: kind and id. */
  readonly kind: string;
  readonly id: string;
  /** `rpms/vim` */
  readonly name: string;
  readonly branch: string;
  readonly status: string;
  readonly pipeline: string;
}

type Line = (s: Subject, unit: string) => string;

/** How a finished run went, as a verb phrase. */
function outcome(status: string): string {
  const s = status.toLowerCase();
  if (s === "success") return "passed";
  if (s === "aborted") return "was aborted on";
  if (s === "unstable") return "errored";
  return "failed";
}

const head = (s: Subject, unit: string): string => `${s.kind} ${s.id} of ${unit} ${s.name}`;
const tail = (s: Subject): string => `the ${s.pipeline} pipeline on branch ${s.branch}`;

/** Stage (topic after pipeline and flavour) -> line. */
const ignored: Line = (s) => `${s.kind} "${s.id}" of package ${s.name} is being ignored by ${tail(s)}`;
const STAGES: ReadonlyMap<string, Line> = new Map<string, Line>([
  ["package.ignore", ignored],
  // The newer pipelines publish `ignored`.
  ["package.ignored", ignored],
  ["complete", (s, unit) => `${s.kind} "${s.id}" of ${unit} ${s.name} ${outcome(s.status)} ${tail(s)}`],
  ["package.complete", (s) => `${head(s, "package")} ${outcome(s.status)} building in ${tail(s)}`],
  ["package.queued", (s) => `${head(s, "package")} is queued to be built in ${tail(s)}`],
  ["package.running", (s) => `${head(s, "package")} is being built in ${tail(s)}`],
  ["package.test.functional.complete", (s) => `${head(s, "package")} ${outcome(s.status)} its functional tests in ${tail(s)}`],
  ["package.test.functional.queued", (s) => `${head(s, "package")} is queued for functional testing in ${tail(s)}`],
  ["package.test.functional.running", (s) => `${head(s, "package")} is running its functional tests in ${tail(s)}`],
  ["container.test.functional.complete", (s) => `${head(s, "container")} ${outcome(s.status)} its functional tests in ${tail(s)}`],
  ["container.test.functional.queued", (s) => `${head(s, "container")} is queued for functional testing in ${tail(s)}`],
  ["container.test.functional.running", (s) => `${head(s, "container")} is running its functional tests in ${tail(s)}`],
  ["compose.complete", (s) => `${head(s, "package")} ${outcome(s.status)} a compose in ${tail(s)}`],
  ["compose.queued", (s) => `${head(s, "package")} is queued for a compose in ${tail(s)}`],
  ["compose.running", (s) => `${head(s, "package")} is being part of a compose in ${tail(s)}`],
  ["compose.test.integration.complete", (s) => `${head(s, "package")} ${outcome(s.status)} its tests as part of a compose in ${tail(s)}`],
  ["compose.test.integration.queued", (s) => `${head(s, "package")} is queued for tests as part of a compose in ${tail(s)}`],
  ["compose.test.integration.running", (s) => `${head(s, "package")} is being tested as part of a compose in ${tail(s)}`],
  ["image.complete", (s) => `${head(s, "package")} ${outcome(s.status)} being built in an image in ${tail(s)}`],
  ["image.queued", (s) => `${head(s, "package")} is queued to be built in an image in ${tail(s)}`],
  ["image.running", (s) => `${head(s, "package")} is being built in an image in ${tail(s)}`],
  ["image.test.smoke.complete", (s) => `${head(s, "package")} ${outcome(s.status)} its tests in an image in ${tail(s)}`],
  ["image.test.smoke.queued", (s) => `${head(s, "package")} is queued to be tested in an image in ${tail(s)}`],
  ["image.test.smoke.running", (s) => `${head(s, "package")} is being tested in an image in ${tail(s)}`],
]);

/** The revision tested: a Koji task, a pull request or (by default) a commit. */
function revision(rev: string): { kind: string; id: string } {
  if (rev === "") return { kind: "Commit", id: "unknown_rev" };
  if (rev.startsWith("kojitask-")) return { kind: "Koji task", id: rev.slice("kojitask-".length) };
  if (rev.startsWith("PR-")) return { kind: "Pull request", id: rev.slice("PR-".length) };
  return { kind: "Commit", id: rev.slice(0, SHORT_COMMIT_CHARS) };
}

/** A non-empty string field, else the placeholder fedmsg.meta used. */
function field(body: Payload, key: string, placeholder: string): string {
  return body.text(key) || placeholder;
}

/** What a topic title says: the pipeline's name, the stage's line and the title's segments after the pipeline. */
interface Stage {
  readonly pipeline: string;
  readonly line: Line;
  /** The title's segments after the pipeline, each after a slash (`/package/complete`): the object path's tail. */
  readonly actionsPath: string;
}

/**
 * Titles already read, by title: a few dozen pipeline topics repeat all day, and splitting and
 * joining the title each time was a visible share of formatting. Bounded like the topic cache.
 */
const STAGE_OF = new Map<string, Stage | null>();
const STAGE_OF_MAX = 1_000;
/** Longer titles (real ones are under 100 characters) are read each time, so that hostile ones cannot fill the memory. */
const STAGE_OF_MAX_CHARS = 256;

function stageOf(title: string): Stage | null {
  let stage = STAGE_OF.get(title);
  if (stage === undefined) {
    stage = readStage(title);
    if (title.length > STAGE_OF_MAX_CHARS) return stage;
    if (STAGE_OF.size >= STAGE_OF_MAX) STAGE_OF.clear();
    STAGE_OF.set(title, stage);
  }
  return stage;
}

function readStage(title: string): Stage | null {
  const segs = title.split(".");
  const base = `${segs[0] ?? ""}.${segs[1] ?? ""}`;
  let pipeline = PIPELINES.get(base);
  if (pipeline === undefined) return null;
  let rest = segs.slice(2);
  const flavour = base === "ci.pipeline" ? FLAVOURS.get(rest[0] ?? "") : undefined;
  if (flavour !== undefined) {
    pipeline = flavour;
    rest = rest.slice(1);
  }
  const line = STAGES.get(rest.join("."));
  if (line === undefined) return null;
  let actionsPath = "";
  for (let i = 2; i < segs.length; i++) actionsPath += `/${segs[i] ?? ""}`;
  return { pipeline, line, actionsPath };
}

function pipelineMessage(ctx: Ctx): Result | undefined {
  const stage = stageOf(ctx.title);
  if (stage === null) return undefined;
  const { pipeline, line, actionsPath } = stage;

  const { body } = ctx;
  const rev = field(body, "rev", "");
  const namespace = field(body, "namespace", "unknown_namespace");
  const repo = body.text("repo");
  // Written out rather than spread from revision(): one object shape for every subject.
  const { kind, id } = revision(rev);
  const subject: Subject = {
    kind,
    id,
    name: `${namespace}/${repo || "unknown_repo"}`,
    branch: field(body, "branch", "unknown_branch"),
    status: field(body, "status", "unknown_status"),
    pipeline,
  };
  const user = body.text("username") || undefined;
  const buildUrl = body.raw("build_url");
  return {
    text: line(subject, pipeline === "Container CI" ? "container" : "package"),
    link: buildUrl === undefined ? HOME_URL : typeof buildUrl === "string" ? buildUrl : null,
    usernames: [user],
    agent: user ?? null,
    avatar: user !== undefined ? avatarUrl(user) : null,
    objects: [`${namespace}/${repo || "unknown_pkg"}/${rev || "unknown_rev"}/${subject.branch}${actionsPath}`],
  };
}

export default defineService({
  name: "centos_ci",
  era: "fedmsg",
  icon: "https://ci.centos.org/static/ec6de755/images/headshot.png",
  prefixes: ["org.centos"],
  topics: {
    "ci.pipeline.**": pipelineMessage,
    "allpackages.pipeline.**": pipelineMessage,
    "container.pipeline.**": pipelineMessage,
  },
});
