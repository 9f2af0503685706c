/**
 * `npm run bench`: build, then every benchmark in turn, each in its own process.
 * Figures only (nothing here asserts a time). The corpus-based ones read ../shared.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCHES: readonly (readonly string[])[] = [
  ["bench/conformance.ts", "--quiet"],
  ["bench/format.ts"],
  ["bench/pipeline.ts", "10"],
  ["bench/memory.ts"],
  ["bench/irc-latency.ts", "1000"],
  ["bench/mastodon.ts", "24"],
  ["bench/matrix.ts", "500", "24"],
  ["bench/flow.ts", "100000"],
  ["bench/verify-vectors.ts"],
  ["bench/config-yaml.ts"],
  ["bench/web.ts", "20"],
  ["bench/amqp.ts", "20000"],
];

const build = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const [script, ...args] of BENCHES) {
  console.log(`\n=== ${script} ${args.join(" ")}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", script ?? "", ...args], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
