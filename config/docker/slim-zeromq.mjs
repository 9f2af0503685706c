// Run by the Dockerfile's build stage, from the app's folder, after `npm prune --omit=dev`:
//   node config/docker/slim-zeromq.mjs [APP_DIR]
//
// The zeromq package ships a prebuilt addon for every platform and Node ABI it supports (about
// 33 MB: Linux, macOS and Windows, x64, arm64 and ia32). An image runs one Node on one platform,
// so it needs exactly the addon that this Node loads. This loads zeromq, asks the process which
// addon it opened, deletes every other one, and then checks in a fresh process that zeromq
// still loads. Any surprise stops the build rather than leaving an image that cannot open a
// socket.
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";

const app = resolve(process.argv[2] ?? ".");
const require = createRequire(join(app, "package.json"));
const build = join(dirname(require.resolve("zeromq/package.json")), "build");

require("zeromq");
const loaded = process.report.getReport().sharedObjects.filter((p) => p.startsWith(build + sep) && p.endsWith(`${sep}addon.node`));
if (loaded.length !== 1) fail(`expected one zeromq addon loaded from ${build}, found ${loaded.length}`);
const keep = dirname(loaded[0]);

/** Every folder under `dir` that holds an addon.node, at any depth. */
function addonFolders(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = join(dir, e.name);
    if (readdirSync(sub).includes("addon.node")) out.push(sub);
    else out.push(...addonFolders(sub));
  }
  return out;
}

/** Deletes the folders under `dir` left empty (depth first); true when `dir` itself is empty then. */
function pruneEmpty(dir) {
  let empty = true;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const sub = join(dir, e.name);
    if (e.isDirectory() && pruneEmpty(sub)) rmSync(sub, { recursive: true });
    else empty = false;
  }
  return empty;
}

function size(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? size(p) : statSync(p).size;
  }
  return n;
}

const before = size(build);
const removed = addonFolders(build).filter((f) => f !== keep);
for (const f of removed) rmSync(f, { recursive: true });
pruneEmpty(build);

const check = spawnSync(process.execPath, ["-e", 'require("zeromq")'], { cwd: app, encoding: "utf8" });
if (check.status !== 0) fail(`zeromq no longer loads: ${check.stderr.trim()}`);

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
console.log(
  `slim-zeromq: kept ${keep.slice(build.length + 1)}, removed ${removed.length} other addons: ${mb(before)} -> ${mb(size(build))}`,
);

function fail(why) {
  console.error(`slim-zeromq: ${why}`);
  process.exit(1);
}
