import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, spawnCli, startReplay } from "../helpers/cli.js";
import { waitFor } from "../helpers/collect.js";

const CONTRACT_KEYS = [
  "title",
  "text",
  "link",
  "usernames",
  "packages",
  "objects",
  "groups",
  "agent",
  "app",
  "icon",
  "avatar",
  "severity",
  "long",
];

describe("fedmsg-echo format", function () {
  this.timeout(30_000);

  it("writes one JSON line per input line, in order, with the contract's keys or an error", async () => {
    const lines = [
      JSON.stringify({
        topic: "org.fedoraproject.prod.buildsys.tag",
        msg: { build_id: 7, name: "nano", version: "8.7", release: "1.fc45", tag: "f45", tag_id: 9, owner: "tomas", user: "bodhi" },
        msg_id: "2026-aa",
      }),
      "this is not json",
      "",
      JSON.stringify({
        id: "f0e1",
        topic: "org.fedoraproject.prod.fedocal.calendar.new",
        headers: { fedora_messaging_schema: "fedocal.calendar.new" },
        body: { agent: "planner", calendar: { calendar_name: "Design" } },
      }),
      JSON.stringify([1, 2]),
      JSON.stringify({ topic: "org.fedoraproject.prod.widget.gizmo.created", msg: { agent: "zoe", name: "thing-9" } }),
    ];
    const r = await runCli(["format"], `${lines.join("\n")}\n`);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, lines.length);
    for (const i of [0, 3, 5]) {
      assert.deepEqual(Object.keys(out[i] ?? {}), CONTRACT_KEYS);
      for (const k of ["usernames", "packages", "objects", "groups"]) {
        const list = (out[i]?.[k] ?? []) as string[];
        assert.deepEqual(list, [...list].sort(), `${k} sorted`);
      }
      assert.ok(typeof out[i]?.text === "string" && out[i].text.length > 0);
    }
    assert.equal(out[0]?.title, "buildsys.tag");
    assert.match(String(out[0].text), /nano-8\.7-1\.fc45/);
    assert.ok((out[0].packages as string[]).includes("nano"));
    assert.equal(out[3]?.title, "fedocal.calendar.new");
    assert.match(String(out[1]?.error), /^not JSON/);
    assert.equal(out[2]?.error, "empty line");
    assert.match(String(out[4]?.error), /expected a JSON object/);
    // The generic line for an unknown topic: what, to what, by whom; never empty.
    assert.equal(out[5]?.text, "zoe created widget gizmo thing-9");
    assert.deepEqual(out[5].usernames, ["zoe"]);
  });

  it("resolves e-mail addresses and nicks with --user-map", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-"));
    try {
      const map = join(dir, "users.json");
      writeFileSync(map, JSON.stringify({ "tomas@example.org": "tnovak" }));
      const msg = JSON.stringify({ topic: "org.fedoraproject.prod.widget.gizmo.created", msg: { agent: "tomas@example.org" } });
      const plain = JSON.parse((await runCli(["format"], msg)).stdout) as { usernames: string[] };
      assert.deepEqual(plain.usernames, []); // an e-mail address is not an account name
      const r = await runCli(["format", "--user-map", map], msg);
      assert.equal(r.code, 0, r.stderr);
      const mapped = JSON.parse(r.stdout) as { usernames: string[]; text: string };
      assert.deepEqual(mapped.usernames, ["tnovak"]);
      assert.equal(mapped.text, "tnovak created widget gizmo");
      const bad = await runCli(["format", "--user-map", join(dir, "missing.json")], "");
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--user-map .*missing\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("fedmsg-echo check-config", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the effective config with secrets redacted", async () => {
    writeFileSync(join(dir, "a.yaml"), "mastodon:\n  - instance: https://mastodon.example\n    access_token: ${TOKEN}\n");
    const r = await runCli(["check-config", "--config", dir], "", { TOKEN: "very-secret-token" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /access_token: <redacted>/);
    assert.doesNotMatch(r.stdout + r.stderr, /very-secret-token/);
    assert.match(r.stdout, /rcvhwm: 10000/);
  });

  it("prints file, key and reason and exits 1 on a bad config (FEDMSG_ECHO_CONFIG)", async () => {
    const f = join(dir, "bad.yaml");
    writeFileSync(f, "environment: production\nendpoints: {}\nbogus: 1\n");
    const r = await runCli(["check-config"], "", { FEDMSG_ECHO_CONFIG: f });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: environment: .*"dev"`));
    assert.match(r.stderr, /bad\.yaml: bogus: unknown key/);
  });

  it("a bot without a source or without a destination does not start (exit 1, the key named)", async () => {
    writeFileSync(join(dir, "a.yaml"), "irc:\n  - network: irc.example\n    nickname: bot\n    channels: ['#x']\n");
    const r = await runCli(["irc", "--config", dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /endpoints: no source: set `endpoints`/);
    const m = await runCli(["mastodon", "--config", dir]);
    assert.equal(m.code, 1);
    assert.match(m.stderr, /mastodon: no Mastodon account configured/);
  });

  it("a start error (the IRC CA file cannot be read) is a config problem: named, exit 1", async () => {
    const ca = join(dir, "missing-ca.pem");
    writeFileSync(
      join(dir, "a.yaml"),
      `endpoints:\n  local: ['tcp://127.0.0.1:9']\nirc:\n  - network: 127.0.0.1\n    nickname: bot\n    channels: ['#x']\n    ca_file: ${ca}\n`,
    );
    const r = await runCli(["irc", "--config", dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^fedmsg-echo: bad config:$/m);
    assert.ok(r.stderr.includes(`irc ca_file: ${ca}: cannot read: ENOENT\n`), r.stderr);
  });

  it("a broker that refuses the credentials stops the start: 'cannot start', the URL without its password, exit 1 @integration", async () => {
    writeFileSync(
      join(dir, "a.yaml"),
      "amqp:\n  url: amqp://guest:not-the-password@127.0.0.1:5672/%2F\nirc:\n  - network: 127.0.0.1\n    port: 9\n    nickname: bot\n    channels: ['#x']\n    start_wait_ms: 200\n",
    );
    const r = await runCli(["irc", "--config", dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^fedmsg-echo: cannot start:$/m);
    assert.match(r.stderr, /amqp amqp:\/\/guest:\S*@127\.0\.0\.1:5672\/%2F: the broker refused: .*ACCESS.REFUSED/);
    assert.doesNotMatch(r.stderr, /not-the-password/);
  });

  it("tail without any source says how to give one and exits 2", async () => {
    const r = await runCli(["tail"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /tail needs a source: --endpoint/);
  });

  it("exits 2 with the usage on an unknown command", async () => {
    const r = await runCli(["frobnicate"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.match(r.stderr, /usage: fedmsg-echo/);
  });
});

describe("fedmsg-echo replay and tail @integration", function () {
  this.timeout(60_000);

  it("tail prints the lines that replay publishes, filtered by --topic", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-"));
    const file = join(dir, "msgs.jsonl");
    writeFileSync(
      file,
      [
        {
          topic: "org.fedoraproject.prod.buildsys.tag",
          msg: { name: "nano", version: "8.7", release: "1.fc45", tag: "f45", tag_id: 1, owner: "tomas", user: "bodhi" },
        },
        { topic: "org.fedoraproject.prod.fas.user.create", msg: { agent: "newbie", user: "newbie" } },
        {
          id: "c0ffee00-0000-4000-8000-000000000001",
          topic: "org.fedoraproject.prod.buildsys.untag",
          headers: {},
          body: { name: "vim", version: "9.2", release: "1.fc45", tag: "f45", tag_id: 1, owner: "zdenek", user: "releng" },
        },
      ]
        .map((m) => JSON.stringify(m))
        .join("\n"),
    );
    const { child: replay, endpoint } = await startReplay(file, ["--wait-subscribers", "1", "--delay", "300", "--rate", "50", "--loop"]);
    const tail = spawnCli(["tail", "--endpoint", endpoint, "--topic", "org.fedoraproject.*.buildsys.**"]);
    let out = "";
    tail.stdout?.on("data", (d: Buffer) => (out += d.toString("utf8")));
    try {
      await waitFor(
        () => out.split("\n").filter((l) => l.includes("buildsys.untag")).length >= 1 && out.includes("buildsys.tag"),
        "tail to print both buildsys lines",
        30_000,
        50,
      );
      assert.doesNotMatch(out, /fas\.user\.create/);
      assert.match(out, /buildsys\.tag -- .*nano-8\.7-1\.fc45/);
    } finally {
      replay.kill("SIGTERM");
      tail.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
    const code = await new Promise<number | null>((r) => (tail.exitCode !== null ? r(tail.exitCode) : tail.on("close", r)));
    assert.equal(code, 0, "tail exits 0 on SIGTERM");
  });
});

describe("fedmsg-echo demo @integration", function () {
  this.timeout(60_000);

  it("replays the sample messages into IRC-shaped and Mastodon-shaped console sinks: a burst folds into digests, nothing is dropped", async () => {
    const r = await runCli(["demo", "--rate", "200"], "", {}, 50_000);
    assert.equal(r.code, 0, r.stderr);
    const irc = r.stdout.split("\n").filter((l) => l.startsWith("[irc #fedora-fedmsg]"));
    const masto = r.stdout.split("\n").filter((l) => l.startsWith("[mastodon @fedora-firehose]"));
    const summary =
      /demo: published (\d+), received (\d+), malformed 0, formatted (\d+); irc: (\d+) sent on their own line, (\d+) in (\d+) digests, 0 filtered, (\d+) dropped; mastodon: (\d+) sent on their own line, (\d+) in (\d+) digests, 0 filtered, (\d+) dropped; nothing was dropped/.exec(
        r.stdout,
      );
    assert.ok(summary, r.stdout);
    const [published, received, formatted, ircSent, ircDigested, ircDigests, ircDropped, mSent, mDigested, mDigests, mDropped] = summary
      .slice(1)
      .map(Number) as [number, number, number, number, number, number, number, number, number, number, number];
    assert.ok(received >= 24);
    assert.equal(received, published, "every published message was received");
    assert.equal(formatted, received);
    assert.equal(ircSent + ircDigests, irc.length, "one console line per single and per digest");
    assert.equal(mSent + mDigests, masto.length);
    assert.equal(ircSent + ircDigested, received, "every IRC message is sent on its own line or counted in a digest");
    assert.equal(mSent + mDigested, received);
    assert.equal(ircDropped + mDropped, 0);
    assert.ok(ircDigests > 0 && mDigests > 0, "the burst was folded into digests");
    assert.ok(irc.some((l) => l.includes("[digest]")) && masto.some((l) => l.includes("[digest]")));
  });
});
