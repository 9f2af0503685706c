/**
 * The deployment files, checked without a container engine: docker-compose.yml, the Dockerfile
 * and the systemd units name only CLI commands that exist and only files that the repository has;
 * the configs they mount pass check-config; the demo's ngircd.conf passes ngircd's own check.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadConfig } from "../../config/load.js";
import { runCli } from "../helpers/cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const compose = parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as Compose;

interface Service {
  build?: string | { context: string; target?: string };
  image?: string;
  user?: string;
  command?: string[];
  profiles?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  configs?: { source: string; target: string }[];
  secrets?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}
interface Compose {
  services: Record<string, Service>;
  configs: Record<string, { file: string }>;
  secrets: Record<string, { file?: string; environment?: string }>;
}

/** `${VAR:-default}` as compose reads it when VAR is unset. */
function interpolate(s: string): string {
  return s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");
}

const ours = (s: Service) => s.build !== undefined && (typeof s.build === "string" || s.build.target === undefined);

let cliCommands: Set<string>;

describe("deployment files", function () {
  this.timeout(60_000);

  before(async () => {
    const help = await runCli(["help"]);
    cliCommands = new Set([...help.stdout.matchAll(/^ {2}([a-z][a-z-]*)\s/gm)].map((m) => m[1] ?? ""));
    assert.ok(cliCommands.has("irc") && cliCommands.has("healthcheck"), `CLI commands parsed: ${[...cliCommands].join(" ")}`);
  });

  it("compose: every service has a healthcheck, and runs as a non-root user", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      assert.ok(s.healthcheck?.test.length, `${name} has a healthcheck`);
      if (ours(s) || typeof s.build === "object")
        assert.ok(s.user && !/^(root|0)(:|$)/.test(s.user), `${name} runs as ${s.user ?? "(image default)"}`);
    }
  });

  it("compose: every command of the image, and every healthcheck, is a command the CLI has", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (!ours(s)) continue;
      const cmd = s.command?.[0];
      assert.ok(cmd && cliCommands.has(cmd), `${name}: command ${cmd} is a CLI command`);
      for (const arg of s.command ?? [])
        if (/^config\//.test(arg)) assert.ok(existsSync(join(ROOT, arg)), `${name}: ${arg} is in the repository (and so in the image)`);
      const test = s.healthcheck?.test ?? [];
      if (test[1] === "node") {
        assert.equal(test[2], "dist/bots/cli.js", `${name}: the healthcheck runs the CLI`);
        assert.ok(cliCommands.has(test[3] ?? ""), `${name}: healthcheck command ${test[3]} is a CLI command`);
      }
    }
  });

  it("compose: every mounted path, config and secret file exists in the repository", () => {
    const mounted: string[] = [];
    for (const s of Object.values(compose.services)) {
      for (const v of s.volumes ?? []) mounted.push(interpolate(v.split(":")[0] ?? ""));
      for (const c of s.configs ?? []) assert.ok(compose.configs[c.source], `config ${c.source} is defined`);
      for (const sec of s.secrets ?? []) assert.ok(compose.secrets[sec], `secret ${sec} is defined`);
      if (typeof s.build === "object") assert.equal(s.build.context, ".");
      for (const dep of Object.keys(s.depends_on ?? {}))
        assert.ok(compose.services[dep]?.healthcheck, `dependency ${dep} exists and has a healthcheck`);
    }
    for (const c of Object.values(compose.configs)) mounted.push(interpolate(c.file));
    for (const sec of Object.values(compose.secrets)) if (sec.file) mounted.push(interpolate(sec.file));
    assert.ok(mounted.length >= 4);
    for (const path of mounted) {
      assert.ok(path.startsWith("./"), `${path} is relative to the repository`);
      assert.ok(existsSync(join(ROOT, path)), `${path} exists in the repository`);
    }
  });

  it("compose: the demo and scale profiles have what they promise", () => {
    const inProfile = (p: string) =>
      Object.entries(compose.services)
        .filter(([, s]) => s.profiles?.includes(p))
        .map(([n]) => n);
    assert.deepEqual(inProfile("demo").sort(), ["irc-demo", "ngircd", "replay"]);
    assert.deepEqual(compose.services["irc-demo"]?.command, ["irc"]);
    assert.equal(compose.services.replay?.command?.[0], "replay");
    const scale = inProfile("scale");
    assert.ok(scale.includes("rabbitmq") && scale.includes("redis"));
    assert.ok(
      scale.some((n) => (compose.services[n]?.deploy?.replicas ?? 1) >= 2),
      "a service with two replicas",
    );
  });

  it("the configs the containers read pass check-config, layered as the container sees them", () => {
    const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-deploy-"));
    try {
      const token = join(dir, "token");
      writeFileSync(token, "secret-token\n");
      const layered = (files: [string, string][]) => {
        const d = mkdtempSync(join(dir, "etc-"));
        for (const [src, name] of files) copyFileSync(join(ROOT, src), join(d, name));
        return d;
      };
      const demo = loadConfig(
        layered([
          ["config/docker/container.yaml", "00-container.yaml"],
          ["config/demo/irc.yaml", "50-demo.yaml"],
        ]),
      ).config;
      assert.deepEqual(demo.endpoints, { demo: ["tcp://replay:9940"] });
      assert.equal(demo.irc[0]?.network, "ngircd");
      assert.equal(demo.metrics_listen, "0.0.0.0:9464");
      const scale = loadConfig(
        layered([
          ["config/docker/container.yaml", "00-container.yaml"],
          ["config/docker/scale.yaml", "50-scale.yaml"],
        ]),
        { MASTODON_TOKEN_FILE: token },
      ).config;
      assert.equal(scale.amqp?.queue, "fedmsg-echo-mastodon");
      assert.equal(scale.mastodon[0]?.access_token, "secret-token");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the demo's ngircd.conf passes ngircd --configtest", () => {
    const r = spawnSync("/usr/sbin/ngircd", ["--configtest", "-f", join(ROOT, "config/demo/ngircd.conf")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.doesNotMatch(out, /Unknown variable|Invalid|error/i);
    assert.match(out, /Ports = 6667/);
    assert.match(out, /Name = #fedora-fedmsg/);
  });

  it("Dockerfile: runs as a non-root user, copies only what exists, has the ngircd target compose builds", () => {
    const text = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const stages = text.split(/^FROM /m).slice(1);
    const last = stages.at(-1) ?? "";
    assert.match(last, /^USER (?!root|0\b)\S+/m, "the runtime stage sets a non-root USER");
    assert.match(text, /^FROM \S+ AS ngircd$/m);
    for (const m of text.matchAll(/^COPY (?!--from)(.+)$/gm)) {
      const parts = (m[1] ?? "").trim().split(/\s+/);
      for (const src of parts.slice(0, -1)) assert.ok(existsSync(join(ROOT, src)), `COPY ${src} exists`);
    }
    for (const m of text.matchAll(/"dist\/bots\/cli\.js", "([a-z-]+)"/g)) assert.ok(cliCommands.has(m[1] ?? ""), `Dockerfile runs ${m[1]}`);
  });

  it("systemd units: systemd-analyze verify is clean and they run CLI commands that exist", () => {
    const units = readdirSync(join(ROOT, "config/systemd")).filter((f) => f.endsWith(".service"));
    assert.ok(units.length > 0);
    const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-units-"));
    try {
      for (const unit of units) {
        const text = readFileSync(join(ROOT, "config/systemd", unit), "utf8");
        for (const instance of ["irc", "mastodon"]) {
          for (const m of text.matchAll(/^ExecStart(?:Pre)?=\/usr\/bin\/fedmsg-echo (\S+)/gm)) {
            const cmd = (m[1] ?? "").replace("%i", instance);
            assert.ok(cliCommands.has(cmd), `${unit}: ${cmd} is a CLI command`);
          }
          // verify wants the executable to exist: stand in /usr/bin/env for the installed CLI.
          const path = join(dir, unit.replace("@.", `@${instance}.`));
          writeFileSync(path, text.replaceAll("/usr/bin/fedmsg-echo", "/usr/bin/env"));
          const r = spawnSync("systemd-analyze", ["verify", path], { encoding: "utf8" });
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stderr.trim(), "", r.stderr);
        }
        assert.match(text, /^NoNewPrivileges=yes$/m);
        assert.match(text, /^ProtectSystem=strict$/m);
        assert.match(text, /^DynamicUser=yes$/m);
      }
      const score = execFileSync("systemd-analyze", ["security", "--offline=true", join(dir, "fedmsg-echo@irc.service")], {
        encoding: "utf8",
      });
      const level = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(score)?.[1]);
      assert.ok(level <= 2, `exposure ${level} (systemd's scale: 0 safe .. 10 unsafe)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
