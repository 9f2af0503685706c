/**
 * The bot commands as an operator runs them: `fedmsg-echo irc` and `fedmsg-echo mastodon`
 * as processes with a config directory, fed by `fedmsg-echo replay` over ZeroMQ, talking to a
 * real ngircd and to the Mastodon API double; SIGTERM ends them with exit status 0.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RawClient, startNgircd } from "../helpers/irc/harness.js";
import { MastodonDouble } from "./mastodon/double.js";
import { exitCode, spawnCli, startReplay, withProcessDir } from "../helpers/cli.js";
import { waitFor } from "../helpers/collect.js";

const MESSAGES = [
  {
    topic: "org.fedoraproject.prod.buildsys.tag",
    msg: { build_id: 1, name: "nano", version: "8.7", release: "1.fc45", tag: "f45-updates", tag_id: 3, owner: "tomas", user: "bodhi" },
  },
  { topic: "org.fedoraproject.prod.fas.user.create", msg: { agent: "newbie", user: "newbie" } },
];

describe("bot processes end to end @integration", function () {
  this.timeout(90_000);
  const proc = withProcessDir("fedmsg-echo-e2e-");

  /** Writes the messages to replay; returns the file. */
  function setup(): { file: string } {
    const file = join(proc.dir, "messages.jsonl");
    writeFileSync(file, MESSAGES.map((m) => JSON.stringify(m)).join("\n"));
    return { file };
  }

  it("fedmsg-echo irc echoes the bus into the channel and QUITs on SIGTERM", async () => {
    const { server, port } = await startNgircd();
    const reader = await RawClient.connect(port, "reader");
    try {
      await reader.join("#fedora-fedmsg");
      await reader.join("#all");
      const { file } = setup();
      const { child: replay, endpoint } = await startReplay(file, ["--wait-subscribers", "1", "--delay", "300", "--rate", "5", "--loop"]);
      proc.children.push(replay);
      writeFileSync(
        join(proc.dir, "10-bot.yaml"),
        [
          `endpoints:\n  test: ["${endpoint}"]`,
          `stats_interval_s: 0`,
          // Paced well above the replay's 5 messages/s, so every message keeps its own line (digests are tested in test/bots/flow/).
          `irc:\n  - network: 127.0.0.1\n    port: ${port}\n    tls: false\n    nickname: fedbot\n    limit: {burst: 20, rate: 50}\n    channels:`,
          `      - name: "#fedora-fedmsg"\n        colors: false\n        filters:\n          include: ["**.buildsys.**"]`,
          `      - name: "#all"\n        colors: false`,
        ].join("\n"),
      );
      const bot = spawnCli(["irc", "--config", proc.dir]);
      proc.children.push(bot);
      let stderr = "";
      bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      const privmsg = (chan: string, text: RegExp) => (l: { command: string; prefix: string; params: readonly string[] }) =>
        l.command === "PRIVMSG" && l.prefix.startsWith("fedbot!") && l.params[0] === chan && text.test(l.params[1] ?? "");
      const line = await reader.waitFor(privmsg("#fedora-fedmsg", /./), 30_000);
      assert.match(line.params[1] ?? "", /^buildsys\.tag -- tomas's nano-8\.7-1\.fc45 tagged into f45-updates by bodhi https?:\/\//);
      // The filtered message reached the bot: #all (no filter) shows it, and then the next message, which
      // the connection's one queue sends after anything queued for fas.user.create on either channel.
      const fas = /^fas\.user\.create/;
      await waitFor(() => reader.lines.some(privmsg("#all", fas)), "fas.user.create on #all", 30_000);
      const afterFas = () => reader.lines.slice(reader.lines.findIndex(privmsg("#all", fas)) + 1);
      await waitFor(() => afterFas().some(privmsg("#all", /^buildsys\.tag/)), "the message after it on #all", 30_000);
      assert.ok(!reader.lines.some(privmsg("#fedora-fedmsg", fas)), "the channel filter holds");
      replay.kill("SIGTERM");
      await exitCode(replay);
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
      writeFileSync(join(proc.dir, "token"), "good-token\n");
      const { file } = setup();
      const { child: replay, endpoint } = await startReplay(file, ["--wait-subscribers", "1", "--delay", "300"]);
      proc.children.push(replay);
      writeFileSync(
        join(proc.dir, "10-bot.yaml"),
        [
          `endpoints:\n  test: ["${endpoint}"]`,
          `stats_interval_s: 0`,
          // Port 0: the OS picks it; the bot logs the address it serves on.
          `metrics_listen: "127.0.0.1:0"`,
          `mastodon:\n  - instance: ${double.url}\n    access_token_file: ${join(proc.dir, "token")}`,
        ].join("\n"),
      );
      const bot = spawnCli(["mastodon", "--config", proc.dir]);
      proc.children.push(bot);
      let stderr = "";
      bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      assert.equal(await exitCode(replay), 0);
      await waitFor(() => double.statuses.length >= 2, "two statuses", 30_000, 50);
      const metricsAddress = /"address":"(127\.0\.0\.1:\d+)","msg":"serving \/metrics/.exec(stderr)?.[1];
      assert.ok(metricsAddress, stderr);
      // What an operator's Prometheus scrapes while the bot runs.
      const scraped = await (await fetch(`http://${metricsAddress}/metrics`)).text();
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
