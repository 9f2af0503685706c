/**
 * The bot commands as an operator runs them: `fedmsg-echo irc` and `fedmsg-echo mastodon`
 * as processes with a config directory, fed by `fedmsg-echo replay` over ZeroMQ, talking to a
 * real ngircd and to the Mastodon API double; SIGTERM ends them with exit status 0.
 */
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RawClient, startNgircd } from "../helpers/irc/harness.js";
import { MastodonDouble } from "../mastodon/double.js";
import { spawnCli } from "../helpers/cli.js";
import { freePort, waitFor } from "../helpers/collect.js";

const MESSAGES = [
  { topic: "org.fedoraproject.prod.buildsys.tag", msg: { build_id: 1, name: "nano", version: "8.7", release: "1.fc45", tag: "f45-updates", tag_id: 3, owner: "tomas", user: "bodhi" } },
  { topic: "org.fedoraproject.prod.fas.user.create", msg: { agent: "newbie", user: "newbie" } },
];

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("close", (code) => resolve(code))));
}

describe("bot processes end to end @integration", function () {
  this.timeout(90_000);
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-e2e-"))));
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the bot's config directory and the messages to replay; returns the messages file. */
  function setup(configYaml: string): { file: string } {
    const file = join(dir, "messages.jsonl");
    writeFileSync(file, MESSAGES.map((m) => JSON.stringify(m)).join("\n"));
    writeFileSync(join(dir, "10-bot.yaml"), configYaml);
    return { file };
  }

  it("fedmsg-echo irc echoes the bus into the channel and QUITs on SIGTERM", async () => {
    const { server, port } = await startNgircd();
    const reader = await RawClient.connect(port, "reader");
    try {
      await reader.join("#fedora-fedmsg");
      const busPort = await freePort();
      const { file } = setup(
        [
          `endpoints:\n  test: ["tcp://127.0.0.1:${busPort}"]`,
          `stats_interval_s: 0`,
          `irc:\n  - network: 127.0.0.1\n    port: ${port}\n    tls: false\n    nickname: fedbot\n    channels:\n      - name: "#fedora-fedmsg"\n        colors: false\n        filters:\n          include: ["**.buildsys.**"]`,
        ].join("\n"),
      );
      const bot = spawnCli(["irc", "--config", dir]);
      children.push(bot);
      let stderr = "";
      bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      await reader.waitFor((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot!"), 30_000);
      const replay = spawnCli(["replay", file, "--bind", `tcp://127.0.0.1:${busPort}`, "--wait-subscribers", "1", "--delay", "300", "--rate", "5", "--loop"]);
      children.push(replay);
      const line = await reader.waitFor((l) => l.command === "PRIVMSG" && l.prefix.startsWith("fedbot!"), 30_000);
      assert.equal(line.params[0], "#fedora-fedmsg");
      assert.match(line.params[1] ?? "", /^buildsys\.tag -- tomas's nano-8\.7-1\.fc45 tagged into f45-updates by bodhi https?:\/\//);
      replay.kill("SIGTERM");
      await exitCode(replay);
      assert.ok(!reader.lines.some((l) => l.command === "PRIVMSG" && /fas\.user\.create/.test(l.params[1] ?? "")), "the channel filter holds");
      bot.kill("SIGTERM");
      assert.equal(await exitCode(bot), 0, stderr);
      await reader.waitFor((l) => l.command === "QUIT" && l.prefix.startsWith("fedbot!"), 15_000);
      assert.doesNotMatch(stderr, /"level":(50|60)/, "no error logged");
    } finally {
      reader.close();
      await server.stop();
    }
  });

  it("fedmsg-echo mastodon posts each message once, unlisted, and exits 0 on SIGTERM", async () => {
    const double = await new MastodonDouble().start();
    try {
      const busPort = await freePort();
      const metricsPort = await freePort();
      writeFileSync(join(dir, "token"), "good-token\n");
      const { file } = setup(
        [
          `endpoints:\n  test: ["tcp://127.0.0.1:${busPort}"]`,
          `stats_interval_s: 0`,
          `metrics_listen: "127.0.0.1:${metricsPort}"`,
          `mastodon:\n  - instance: ${double.url}\n    access_token_file: ${join(dir, "token")}`,
        ].join("\n"),
      );
      const bot = spawnCli(["mastodon", "--config", dir]);
      children.push(bot);
      let stderr = "";
      bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      const replay = spawnCli(["replay", file, "--bind", `tcp://127.0.0.1:${busPort}`, "--wait-subscribers", "1", "--delay", "300"]);
      children.push(replay);
      assert.equal(await exitCode(replay), 0);
      await waitFor(() => double.statuses.length >= 2, "two statuses", 30_000, 50);
      // What an operator's Prometheus scrapes while the bot runs.
      const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(scraped, /^fedmsg_echo_received_total\{origin="zmq"\} 2$/m);
      assert.match(scraped, /^fedmsg_echo_lines_sent_total\{sink="mastodon:127\.0\.0\.1:\d+"\} 2$/m);
      bot.kill("SIGTERM");
      assert.equal(await exitCode(bot), 0, stderr);
      assert.equal(double.statuses.length, 2);
      const tag = double.statuses.find((s) => s.text.includes("nano-8.7-1.fc45"));
      assert.ok(tag, JSON.stringify(double.statuses));
      assert.equal(tag.visibility, "unlisted");
      assert.equal(tag.language, "en");
      assert.doesNotMatch(stderr, /good-token/, "the token never reaches the log");
    } finally {
      await double.close();
    }
  });
});
