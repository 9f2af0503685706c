import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { importFedmsgConfig, ImportError } from "../../../bots/import-fedmsg/index.js";
import { pythonRegexToJs } from "../../../bots/import-fedmsg/irc-entry.js";
import { runCli } from "../../helpers/cli.js";

/** A fedmsg.d directory as a Fedora host had it: base, endpoints, ssl and ircbot files. */
const FEDMSG_D: Record<string, string> = {
  "base.py": `import os

config = dict(
    topic_prefix="org.fedoraproject",
    environment="prod",
    high_water_mark=0,
    io_threads=1,
    zmq_enabled=True,
    # stomp_uri='localhost:59597',
    zmq_reconnect_ivl=100,
    zmq_reconnect_ivl_max=1000,
    zmq_tcp_keepalive=1,
    zmq_tcp_keepalive_idle=60,
    status_directory=os.getcwd() + "/status",
)
`,
  "endpoints.py": `config = dict(
    endpoints={
        "fedora-infrastructure": [
            "tcp://hub.fedoraproject.org:9940",
            # "tcp://stg.fedoraproject.org:9940",
        ],
    },
)
`,
  "ssl.py": `import os
SEP = os.path.sep
config = dict(
    validate_signatures=True,
    ssldir="/etc/pki/fedmsg",
    crl_location="https://fedoraproject.org/fedmsg/crl.pem",
    crl_cache_expiry=60 * 60,
    ca_cert_location="https://fedoraproject.org/fedmsg/ca.crt",
    routing_policy={
        "org.fedoraproject.prod.announce.announcement": [
            "announce-lockbox.iad2.fedoraproject.org",
        ],
    },
    routing_nitpicky=False,
)
`,
  "ircbot.py": `config = dict(
    irc=[
        dict(
            network='irc.libera.chat',
            port=6697,
            ssl=True,
            nickname='fedmsg-bot',
            channel='fedora-fedmsg',
            timeout=120,
            make_pretty=True,
            make_terse=True,
            make_short=True,
            line_rate=0.5,
            filters=dict(
                topic=['buildsys\\\\.repo', '(?P<env>stg)\\\\.', ''],
                body=['lub-dub'],
            ),
        ),
        dict(
            network='irc.libera.chat',
            nickname='fedmsg-releng',
            channel='#fedora-releng',
        ),
        dict(network='irc.libera.chat', nickname='nochan'),
    ],
    irc_color_lookup={
        "fas": "light blue",
        "bodhi": "green",
        "koji": "ultraviolet",
    },
    irc_default_color='light grey',
    irc_method='notice',
)
`,
  README: "not a python file\n",
};

describe("fedmsg-echo import-fedmsg-config", function () {
  this.timeout(60_000);
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "fedmsg-import-"));
    dir = join(root, "fedmsg.d");
    mkdirSync(dir);
    for (const [name, text] of Object.entries(FEDMSG_D)) writeFileSync(join(dir, name), text);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("maps endpoints, irc entries, colours, method and the ZeroMQ and signature keys", () => {
    const r = importFedmsgConfig(dir);
    const c = r.config;
    assert.deepEqual(c.endpoints, { "fedora-infrastructure": ["tcp://hub.fedoraproject.org:9940"] });
    assert.equal(c.environment, "prod");
    assert.deepEqual(c.zmq, { rcvhwm: 0, reconnect_ms: 100, reconnect_max_ms: 1000, tcp_keepalive: true, tcp_keepalive_idle_s: 60 });
    assert.deepEqual(c.verify, {
      routing_policy: { "org.fedoraproject.prod.announce.announcement": ["announce-lockbox.iad2.fedoraproject.org"] },
      routing_nitpicky: false,
    });
    assert.deepEqual(c.irc, [
      {
        network: "irc.libera.chat",
        port: 6697,
        tls: true,
        nickname: "fedmsg-bot",
        connect_timeout_ms: 120_000,
        limit: { burst: 1, rate: 2 },
        shortener: { url: "https://da.gd/s?url={url}" },
        channels: [
          { name: "#fedora-fedmsg", colors: true, notice: true, filters: { exclude_regex: ["buildsys\\.repo", "(?<env>stg)\\."] } },
        ],
        service_colors: { fas: "light blue", bodhi: "green" },
      },
      {
        // fedmsg's defaults written out where fedmsg-echo's differ.
        network: "irc.libera.chat",
        port: 6667,
        tls: false,
        nickname: "fedmsg-releng",
        limit: { burst: 1, rate: 1 },
        channels: [{ name: "#fedora-releng", colors: false, notice: true }],
        service_colors: { fas: "light blue", bodhi: "green" },
      },
    ]);
  });

  it("reports what it cannot map by file and line, and guesses nothing", () => {
    const r = importFedmsgConfig(dir);
    const got = r.unmapped.map((u) => `${u.file.slice(dir.length + 1)}:${u.line} ${u.key}`);
    assert.deepEqual(got, [
      "base.py:7 io_threads",
      "base.py:8 zmq_enabled",
      "base.py:14 status_directory",
      "ircbot.py:16 irc[0].filters.body",
      "ircbot.py:19 irc[1].make_terse",
      "ircbot.py:24 irc[2]",
      "ircbot.py:29 irc_color_lookup",
      "ssl.py:4 validate_signatures",
      "ssl.py:5 ssldir",
      "ssl.py:6 crl_location",
      "ssl.py:7 crl_cache_expiry",
      "ssl.py:8 ca_cert_location",
    ]);
    const reason = (key: string) => r.unmapped.find((u) => u.key === key)?.reason ?? "";
    assert.match(reason("irc[0].filters.body"), /lub-dub.*not the body/);
    assert.match(reason("irc[1].make_terse"), /raw message as JSON/);
    assert.match(reason("irc[2]"), /no channel/);
    assert.match(reason("ca_cert_location"), /a URL .*download it/);
    assert.match(reason("validate_signatures"), /local file/);
    assert.match(reason("status_directory"), /not a literal \(os\.getcwd\(\) \+ "\/status"\)/);
    // The report is in the YAML too.
    assert.match(r.yaml, /^# +.*ircbot\.py:29: irc_color_lookup: not a service -> colour name/m);
  });

  it("writes YAML that check-config accepts, through the CLI", async () => {
    const out = join(root, "fedmsg-echo.yaml");
    const r = await runCli(["import-fedmsg-config", dir, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^not carried over: .*base\.py:7: io_threads/m);
    assert.match(r.stderr, /read 4 files; 12 items not carried over/);
    const check = await runCli(["check-config", "--config", out]);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /nickname: fedmsg-bot/);
    assert.deepEqual((parse(readFileSync(out, "utf8")) as { endpoints: unknown }).endpoints, {
      "fedora-infrastructure": ["tcp://hub.fedoraproject.org:9940"],
    });
  });

  it("lets a later file replace an earlier file's key, as fedmsg's config.update does", () => {
    const d = mkdtempSync(join(root, "override-"));
    writeFileSync(join(d, "a.py"), 'config = dict(endpoints={"a": ["tcp://a:1"]}, environment="dev")\n');
    writeFileSync(join(d, "b.py"), 'config = {"endpoints": {"b": ["tcp://b:2"]}}\n');
    const c = importFedmsgConfig(d).config;
    assert.deepEqual(c.endpoints, { b: ["tcp://b:2"] });
    assert.equal(c.environment, "dev");
  });

  it("stops on a file that is not Python it can read, naming file and line, and on a missing directory", async () => {
    const d = mkdtempSync(join(root, "bad-"));
    writeFileSync(join(d, "x.py"), "config = dict(\n    a=1\n    b=2,\n)\n");
    assert.throws(
      () => importFedmsgConfig(d),
      (e: unknown) => e instanceof ImportError && e.message.startsWith(`${join(d, "x.py")}:3:`),
    );
    const r = await runCli(["import-fedmsg-config", join(root, "nope")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot read .*nope/);
  });

  it("runs nothing from the files", () => {
    const d = mkdtempSync(join(root, "evil-"));
    const marker = join(root, "ran");
    writeFileSync(
      join(d, "x.py"),
      `import os\nos.system("touch ${marker}")\nconfig = dict(environment=__import__("os").system("touch ${marker}"))\n`,
    );
    const r = importFedmsgConfig(d);
    assert.equal(existsSync(marker), false);
    assert.deepEqual(
      r.unmapped.map((u) => [u.line, u.key]),
      [
        [2, "(statement)"],
        [3, "environment"],
      ],
    );
  });

  it("translates only regular expressions that read the same in Python and JavaScript", () => {
    assert.equal(pythonRegexToJs("^org\\.fedoraproject\\.(stg|dev)\\."), "^org\\.fedoraproject\\.(stg|dev)\\.");
    assert.equal(pythonRegexToJs("(?P<svc>\\w+)\\.(?P=svc)"), "(?<svc>\\w+)\\.\\k<svc>");
    assert.equal(pythonRegexToJs("(?i)koji"), undefined);
    assert.equal(pythonRegexToJs("\\Abodhi\\Z"), undefined);
    assert.equal(pythonRegexToJs("(unclosed"), undefined);
  });
});
