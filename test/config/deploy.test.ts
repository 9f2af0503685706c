/**
 * The deployment files, checked without a container engine: docker-compose.yml, the Dockerfile
 * and the systemd units name only CLI commands that exist and only files that the repository has;
 * the configs they mount pass check-config; the demo's ngircd.conf passes ngircd's own check.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadConfig } from "../../config/load.js";
import { SECRET_KEYS } from "../../config/secrets.js";
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

  it("compose: every service has a profile, and each profile starts what it promises and no more", () => {
    // Compose starts the services without a profile under every profile: `--profile demo up`
    // would also start bots that need accounts (and the site's real networks).
    for (const [name, s] of Object.entries(compose.services)) assert.ok(s.profiles?.length, `${name} has a profile`);
    const inProfile = (p: string) =>
      Object.entries(compose.services)
        .filter(([, s]) => s.profiles?.includes(p))
        .map(([n]) => n)
        .sort();
    assert.deepEqual(inProfile("demo"), ["irc-demo", "ngircd", "replay", "web-demo"]);
    for (const n of inProfile("demo")) assert.deepEqual(compose.services[n]?.secrets ?? [], [], `demo service ${n} needs no account`);
    assert.deepEqual(compose.services["irc-demo"]?.command, ["irc"]);
    assert.equal(compose.services.replay?.command?.[0], "replay");
    assert.deepEqual(compose.services["web-demo"]?.command, ["web"]);
    assert.deepEqual(inProfile("live"), ["irc", "mastodon", "matrix", "web"]);
    for (const n of inProfile("live")) assert.equal(compose.services[n]?.command?.[0], n, `live service ${n} runs its bot`);
    const scale = inProfile("scale");
    assert.ok(scale.includes("rabbitmq") && scale.includes("redis"));
    assert.ok(
      scale.some((n) => (compose.services[n]?.deploy?.replicas ?? 1) >= 2),
      "a service with two replicas",
    );
  });

  it("compose: a service gets every secret file that the configs it mounts name", () => {
    const secretKeys = new Set(SECRET_KEYS.map((k) => `${k}_file`));
    /** Every `/run/secrets/NAME` a config file names for a secret key, at any depth. */
    const namedSecrets = (value: unknown, out: Set<string>): Set<string> => {
      if (Array.isArray(value)) for (const v of value) namedSecrets(v, out);
      else if (value !== null && typeof value === "object")
        for (const [k, v] of Object.entries(value)) {
          const m = typeof v === "string" && secretKeys.has(k) ? /^\/run\/secrets\/([^/]+)$/.exec(interpolate(v)) : null;
          if (m) out.add(m[1] ?? "");
          else namedSecrets(v, out);
        }
      return out;
    };
    let checked = 0;
    for (const [name, s] of Object.entries(compose.services)) {
      const files = [
        ...(s.configs ?? []).map((c) => interpolate(compose.configs[c.source]?.file ?? "")),
        ...(s.volumes ?? []).map((v) => interpolate(v.split(":")[0] ?? "")).filter((f) => /\.ya?ml$/.test(f)),
      ];
      for (const file of files) {
        for (const secret of namedSecrets(parse(readFileSync(join(ROOT, file), "utf8")), new Set())) {
          assert.ok(
            s.secrets?.includes(secret),
            `${name} mounts ${file}, which names /run/secrets/${secret}: the service must get that secret`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked >= 9, `secrets checked: ${checked}`);
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
      // The image's 90-container.yaml comes after the site's file (50-*.yaml), as in /etc/fedmsg-echo.d.
      const demo = loadConfig(
        layered([
          ["config/demo/irc.yaml", "50-demo.yaml"],
          ["config/docker/container.yaml", "90-container.yaml"],
        ]),
      ).config;
      assert.deepEqual(demo.endpoints, { demo: ["tcp://replay:9940"] });
      assert.equal(demo.irc[0]?.network, "ngircd");
      assert.equal(demo.metrics_listen, "0.0.0.0:9464");
      const webDemo = loadConfig(
        layered([
          ["config/demo/web.yaml", "50-demo.yaml"],
          ["config/docker/container.yaml", "90-container.yaml"],
        ]),
      ).config;
      assert.deepEqual(webDemo.endpoints, { demo: ["tcp://replay:9940"] });
      assert.equal(webDemo.web.listen, "0.0.0.0:8080", "the page listens where compose publishes it");
      const scale = loadConfig(
        layered([
          ["config/docker/scale.yaml", "50-scale.yaml"],
          ["config/docker/container.yaml", "90-container.yaml"],
        ]),
        { MASTODON_TOKEN_FILE: token },
      ).config;
      assert.equal(scale.amqp?.queue, "fedmsg-echo-mastodon");
      assert.equal(scale.amqp.queue_type, "quorum");
      assert.equal(scale.redis?.url, "redis://redis:6379", "the replicas share what was sent through the profile's Redis");
      assert.equal(scale.mastodon[0]?.access_token, "secret-token");
      assert.equal(scale.metrics_listen, "0.0.0.0:9464");
      // The default site file (the live profile), its /run/secrets/ files standing in a folder of ours:
      // the container's metrics listen on all interfaces although the site file says loopback.
      const secrets = join(dir, "secrets");
      mkdirSync(secrets);
      for (const f of ["irc-sasl-password", "mastodon-token", "matrix-token"]) writeFileSync(join(secrets, f), `${f}-value\n`);
      const site = layered([["config/docker/container.yaml", "90-container.yaml"]]);
      writeFileSync(
        join(site, "50-site.yaml"),
        readFileSync(join(ROOT, "config/example.yaml"), "utf8").replaceAll("/run/secrets/", `${secrets}/`),
      );
      const live = loadConfig(site).config;
      assert.equal(live.metrics_listen, "0.0.0.0:9464");
      assert.equal(live.mastodon[0]?.access_token, "mastodon-token-value");
      assert.equal(live.matrix[0]?.access_token, "matrix-token-value");
      assert.ok(live.irc.length > 0);
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
    // What the runtime stage takes from the build stage is built there, or is in the repository.
    const built = /^\/app\/(node_modules|dist|formatters\/dist)$/;
    for (const m of last.matchAll(/^COPY --from=build (\S+) /gm)) {
      const src = m[1] ?? "";
      if (!built.test(src)) assert.ok(existsSync(join(ROOT, src.replace(/^\/app\//, ""))), `COPY --from=build ${src} is in the repository`);
    }
    // The image's own HEALTHCHECK asks the metrics port: the image carries a config that opens it
    // on all interfaces, in the folder the image reads, after the site's files.
    const configDir = /^ENV .*FEDMSG_ECHO_CONFIG=(\S+)/m.exec(last)?.[1];
    assert.ok(configDir, "the runtime stage sets FEDMSG_ECHO_CONFIG");
    assert.match(last, new RegExp(`^COPY --from=build /app/config/docker/container\\.yaml ${configDir}/9\\d-container\\.yaml$`, "m"));
    const container = parse(readFileSync(join(ROOT, "config/docker/container.yaml"), "utf8")) as { metrics_listen?: unknown };
    assert.equal(container.metrics_listen, "0.0.0.0:9464");
    assert.match(text, /^RUN .*node config\/docker\/slim-zeromq\.mjs/m, "the build stage keeps only the zeromq addon it loads");
  });

  it("Dockerfile: slim-zeromq keeps the one zeromq addon this Node loads, and zeromq still works", function () {
    // On a copy of the installed zeromq (and the loader it needs), never on the checkout's own.
    const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-slim-"));
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "slim-test", private: true }));
      for (const pkg of ["zeromq", "cmake-ts"])
        cpSync(join(ROOT, "node_modules", pkg), join(dir, "node_modules", pkg), { recursive: true });
      const addons = (d: string): string[] => readdirSync(d, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("addon.node"));
      const build = join(dir, "node_modules/zeromq/build");
      assert.ok(addons(build).length > 1, "zeromq ships several prebuilt addons");
      const r = spawnSync(process.execPath, [join(ROOT, "config/docker/slim-zeromq.mjs"), dir], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /slim-zeromq: kept linux\/\S+, removed \d+ other addons/);
      assert.equal(addons(build).length, 1);
      // A fresh process on the slimmed copy binds a PUB socket and a SUB socket receives from it.
      const probe = `const z = require("zeromq");
        (async () => {
          const pub = new z.Publisher(); await pub.bind("tcp://127.0.0.1:*");
          const sub = new z.Subscriber(); sub.connect(pub.lastEndpoint); sub.subscribe("t");
          const got = sub.receive();
          const timer = setInterval(() => pub.send(["t", "hello"]), 20);
          const [, body] = await got; clearInterval(timer);
          console.log(String(body)); pub.close(); sub.close();
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const run = spawnSync(process.execPath, ["-e", probe], { cwd: dir, encoding: "utf8", timeout: 20_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), "hello");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
