/**
 * `fedmsg-echo web` as an operator runs it: a config directory, `--listen`, fed by
 * `fedmsg-echo replay`; the page, the stream and /healthz answer; SIGTERM ends it with 0.
 */
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exitCode, runCli, spawnCli, withProcessDir } from "../../helpers/cli.js";
import { freePort, waitFor } from "../../helpers/collect.js";
import { openSse } from "./sse.js";

describe("fedmsg-echo web @integration", function () {
  this.timeout(60_000);
  const proc = withProcessDir("fedmsg-echo-web-cli-");

  it("serves the bus on --listen, streams what replay publishes, and exits 0 on SIGTERM", async () => {
    const [busPort, webPort] = [await freePort(), await freePort()];
    writeFileSync(
      join(proc.dir, "10-web.yaml"),
      `endpoints:\n  test: ["tcp://127.0.0.1:${busPort}"]\nstats_interval_s: 0\nweb:\n  listen: 127.0.0.1:1\n  filters:\n    include: ["**.fas.**"]\n`,
    );
    writeFileSync(
      join(proc.dir, "m.jsonl"),
      [
        {
          topic: "org.fedoraproject.prod.buildsys.tag",
          msg: {
            build_id: 1,
            name: "nano",
            version: "8.7",
            release: "1.fc45",
            tag: "f45-updates",
            tag_id: 3,
            owner: "tomas",
            user: "bodhi",
          },
        },
        { topic: "org.fedoraproject.prod.fas.user.create", msg: { agent: "newbie", user: "newbie" } },
      ]
        .map((m) => JSON.stringify(m))
        .join("\n"),
    );
    const bot = spawnCli(["web", "--config", proc.dir, "--listen", `127.0.0.1:${webPort}`]);
    proc.children.push(bot);
    let stderr = "";
    bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => /serving the live bus page/.test(stderr), "the server to listen", 30_000);
    assert.match(stderr, new RegExp(`"url":"http://127\\.0\\.0\\.1:${webPort}/"`), "--listen wins over web.listen");
    const stream = await openSse(`http://127.0.0.1:${webPort}/events`);
    const replay = spawnCli([
      "replay",
      join(proc.dir, "m.jsonl"),
      "--bind",
      `tcp://127.0.0.1:${busPort}`,
      "--wait-subscribers",
      "1",
      "--rate",
      "5",
      "--loop",
    ]);
    proc.children.push(replay);
    await waitFor(() => stream.events.some((e) => e.event === "row"), "a row on the stream", 30_000);
    const row = JSON.parse(stream.events.find((e) => e.event === "row")?.data ?? "{}") as { topic: string; text: string };
    assert.equal(row.topic, "org.fedoraproject.prod.fas.user.create", "the web section's filters hold");
    assert.match(row.text, /newbie/);
    assert.equal(await (await fetch(`http://127.0.0.1:${webPort}/healthz`)).text(), "ok\n");
    assert.match(await (await fetch(`http://127.0.0.1:${webPort}/`)).text(), /<title>Fedora bus, live<\/title>/);
    replay.kill("SIGTERM");
    await exitCode(replay);
    bot.kill("SIGTERM");
    assert.equal(await exitCode(bot), 0, stderr);
    await waitFor(() => stream.ended, "the stream to end with the server");
    assert.doesNotMatch(stderr, /"level":(50|60)/, "no error logged");
  });

  it("refuses a malformed --listen as a usage error, and a bad web key as a config error", async () => {
    const usage = await runCli(["web", "--listen", "localhost"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--listen must be HOST:PORT/);
    writeFileSync(join(proc.dir, "web.yaml"), "web:\n  max_clients: 0\n  colour: blue\n");
    const bad = await runCli(["web", "--config", proc.dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /web\.max_clients/);
    assert.match(bad.stderr, /colour/);
  });
});
