/**
 * The formatter library as its own package (fedmsg-echo-formatters, formatters/package.json): packed,
 * installed from the tarball into an empty project with no registry, and used from a plain ESM script
 * and from TypeScript, it formats messages as the in-tree library does; it packs under 1 MB and
 * brings no dependencies.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, renderIrc, renderMastodon, renderTerminal } from "../../formatters/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LIB = join(ROOT, "formatters");
const NAME = "fedmsg-echo-formatters";
const MAX_PACKED_BYTES = 1024 * 1024;

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}

const ENVELOPE = {
  topic: "org.fedoraproject.prod.buildsys.build.state.change",
  msg: {
    build_id: 2900101,
    old: 0,
    new: 1,
    owner: "marta",
    name: "python-tomli",
    version: "2.2.1",
    release: "3.fc44",
    instance: "primary",
    task_id: 140220011,
  },
  msg_id: "2026-00000000-0000-0000-0000-000000000001",
  timestamp: 1795000000.0,
  username: "apache",
};
const AMQP = {
  topic: "org.fedoraproject.prod.bodhi.update.comment",
  id: "00000000-0000-0000-0000-00000000beef",
  headers: { fedora_messaging_schema: "bodhi.update.comment.v1", "sent-at": "2026-11-20T10:00:00+00:00" },
  body: {
    comment: { id: 1, karma: 1, text: "works for me", user: { name: "lena" }, update_alias: "FEDORA-2026-4b1d2c3e4f" },
    agent: "lena",
  },
};

/** What the probe prints for each message: the summary text and link, and the three renderings. */
function rendered(message: unknown): unknown {
  const s = format(message);
  if (s === undefined) return null;
  return {
    text: s.text,
    link: s.link,
    irc: renderIrc(s, { maxBytes: 400 }),
    mastodon: renderMastodon(s, { hashtags: ["fedora"] }),
    terminal: renderTerminal(s),
  };
}

const PROBE_JS = `import { format, renderIrc, renderMastodon, renderTerminal } from "${NAME}";
const rendered = (m) => {
  const s = format(m);
  if (s === undefined) return null;
  return { text: s.text, link: s.link, irc: renderIrc(s, { maxBytes: 400 }), mastodon: renderMastodon(s, { hashtags: ["fedora"] }), terminal: renderTerminal(s) };
};
const messages = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(messages.map(rendered)));
`;

// A strict TypeScript user (no @types/node): the package name resolves to typed declarations; were it
// untyped, the import would fail (TS7016) and so would the @ts-expect-error below.
const PROBE_TS = `import { decodeMessage, format, type Summary } from "${NAME}";
const s: Summary | undefined = format(decodeMessage({ topic: "org.fedoraproject.prod.x.y", msg: {} }));
export const text: string | undefined = s?.text;
// @ts-expect-error: the summary is read-only
if (s) s.text = "";
`;

/** Newest modification time (ms) of the library's sources, to tell a stale build. */
function newestSource(dir: string): { path: string; mtimeMs: number } {
  let newest = { path: dir, mtimeMs: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "dist" || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    const n = e.isDirectory() ? newestSource(p) : e.name.endsWith(".ts") ? { path: p, mtimeMs: statSync(p).mtimeMs } : newest;
    if (n.mtimeMs > newest.mtimeMs) newest = n;
  }
  return newest;
}

describe(`${NAME} package @integration`, function () {
  this.timeout(60_000);
  /** Unset when `before` failed ahead of making it: `after` still runs. */
  let dir: string | undefined;
  let packed: Packed;
  let project: string;

  before(function () {
    const built = join(LIB, "dist/index.js");
    assert.ok(existsSync(built), "formatters/dist is missing: run `npm run build` first (npm test does)");
    const src = newestSource(LIB);
    assert.ok(statSync(built).mtimeMs >= src.mtimeMs, `formatters/dist is older than ${src.path}: run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-formatters-"));
    // --ignore-scripts: `prepack` would rebuild; the build is npm test's first step (checked above).
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
      cwd: LIB,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    packed = (JSON.parse(out) as Packed[])[0] as Packed;
    project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "probe", version: "1.0.0", private: true, type: "module" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
    });
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("packs under 1 MB, compiled code, types, README and LICENSE only", () => {
    assert.ok(packed.size < MAX_PACKED_BYTES, `packed size ${packed.size} bytes`);
    const stray = packed.files.map((f) => f.path).filter((p) => !/^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts))$/.test(p));
    assert.deepEqual(stray, []);
    for (const p of ["README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"])
      assert.ok(
        packed.files.some((f) => f.path === p),
        `${p} is packed`,
      );
  });

  it("installs with no dependencies: the one package in the empty project", () => {
    const pkg = JSON.parse(readFileSync(join(project, "node_modules", NAME, "package.json"), "utf8")) as Record<string, unknown>;
    for (const k of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"])
      assert.equal(pkg[k], undefined, `${k} in the packed package.json`);
    assert.deepEqual(
      readdirSync(join(project, "node_modules")).filter((n) => !n.startsWith(".")),
      [NAME],
    );
  });

  it("formats a fedmsg envelope and a fedora-messaging message from a node ESM script, as the in-tree library does", () => {
    writeFileSync(join(project, "probe.mjs"), PROBE_JS);
    const messages = [ENVELOPE, AMQP, { not: "a message" }];
    const out = execFileSync(process.execPath, ["probe.mjs", JSON.stringify(messages)], { cwd: project, encoding: "utf8" });
    const got = JSON.parse(out) as ({ text: string; irc: string } | null)[];
    assert.deepEqual(got, messages.map(rendered));
    assert.equal(got[0]?.text, "marta's python-tomli-2.2.1-3.fc44 completed");
    assert.match(got[1]?.text ?? "", /lena/);
    assert.equal(got[2], null);
  });

  it("type-checks a TypeScript user against its declarations", () => {
    writeFileSync(join(project, "probe.ts"), PROBE_TS);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          strict: true,
          noEmit: true,
          types: [],
          skipLibCheck: true,
        },
        files: ["probe.ts"],
      }),
    );
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: project,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  });
});
