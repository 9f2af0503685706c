/**
 * `fedmsg-echo matrix` as an operator runs it: a process with a config directory
 * (token in a file), fed by `fedmsg-echo replay` over ZeroMQ, posting to the API
 * double; SIGTERM ends it with exit status 0.
 */
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCli } from "../../helpers/cli.js";
import { freePort, waitFor } from "../../helpers/collect.js";
import { MatrixDouble } from "./double.js";
import { BOT, checkHtml } from "./helpers.js";

const MESSAGES = [
  {
    topic: "org.fedoraproject.prod.buildsys.tag",
    msg: { build_id: 1, name: "nano", version: "8.7", release: "1.fc45", tag: "f45-updates", tag_id: 3, owner: "tomas", user: "bodhi" },
  },
  { topic: "org.fedoraproject.prod.fas.user.create", msg: { agent: "newbie", user: "<script>@room</script>" } },
];

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("close", (code) => resolve(code))));
}

describe("fedmsg-echo matrix process @integration", function () {
  this.timeout(90_000);
  let dir: string;
  let double: MatrixDouble;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-matrix-"));
    double = await new MatrixDouble().start();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("posts each replayed message once as an m.notice, and exits 0 on SIGTERM", async () => {
    const room = double.createRoom({ alias: "#firehose:double.test" });
    const busPort = await freePort();
    const metricsPort = await freePort();
    writeFileSync(join(dir, "token"), "good-token\n");
    writeFileSync(join(dir, "messages.jsonl"), MESSAGES.map((m) => JSON.stringify(m)).join("\n"));
    writeFileSync(
      join(dir, "10-bot.yaml"),
      [
        `endpoints:\n  test: ["tcp://127.0.0.1:${busPort}"]`,
        `stats_interval_s: 0`,
        `metrics_listen: "127.0.0.1:${metricsPort}"`,
        `matrix:\n  - homeserver: ${double.url}\n    user_id: "${BOT}"\n    access_token_file: ${join(dir, "token")}\n    rooms: ["#firehose:double.test"]`,
      ].join("\n"),
    );
    const bot = spawnCli(["matrix", "--config", dir]);
    children.push(bot);
    let stderr = "";
    bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const replay = spawnCli([
      "replay",
      join(dir, "messages.jsonl"),
      "--bind",
      `tcp://127.0.0.1:${busPort}`,
      "--wait-subscribers",
      "1",
      "--delay",
      "300",
    ]);
    children.push(replay);
    assert.equal(await exitCode(replay), 0);
    await waitFor(() => double.events.length >= 2, "two events", 30_000, 50);
    const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(
      scraped,
      /^fedmsg_echo_sink_messages_total\{sink="matrix:@bot:double\.test",room="#firehose:double\.test",outcome="sent"\} 2$/m,
    );
    bot.kill("SIGTERM");
    assert.equal(await exitCode(bot), 0, stderr);
    assert.equal(double.events.length, 2);
    assert.ok(double.events.every((e) => e.room_id === room && e.content.msgtype === "m.notice"));
    const tag = double.events.find((e) => String(e.content.body).includes("nano-8.7-1.fc45"));
    assert.match(String(tag?.content.body), /^buildsys\.tag -- tomas's nano-8\.7-1\.fc45 tagged into f45-updates by bodhi https?:\/\//);
    for (const e of double.events) checkHtml(String(e.content.formatted_body));
    assert.doesNotMatch(JSON.stringify(double.events.map((e) => e.content.formatted_body)), /<script/, "payload markup is escaped");
    assert.doesNotMatch(JSON.stringify(double.events.map((e) => e.content)), /@room/, "no live @room");
    assert.doesNotMatch(stderr, /good-token/, "the token never reaches the log");
    assert.doesNotMatch(stderr, /"level":(50|60)/, "no error logged");
  });

  it("refuses to start on a bad token, saying why, with exit status 1", async () => {
    double.createRoom({ id: "!r:double.test" });
    writeFileSync(
      join(dir, "10-bot.yaml"),
      `endpoints:\n  test: ["tcp://127.0.0.1:1"]\nmatrix:\n  - homeserver: ${double.url}\n    user_id: "${BOT}"\n    access_token: nope\n    rooms: ["!r:double.test"]\n`,
    );
    const bot = spawnCli(["matrix", "--config", dir]);
    children.push(bot);
    let stderr = "";
    bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    assert.equal(await exitCode(bot), 1);
    assert.match(stderr, /access token is not valid/);
  });
});
