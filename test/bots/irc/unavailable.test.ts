/**
 * Which IRC lanes the flow may give up (flow.unavailable_after_s): a channel that
 * refuses the bot while the connection is up is unavailable; a server that is down
 * is only waited for, since the messages are safe in the broker's queue until it
 * is back (test/bots/amqp-unavailable.test.ts covers the refused channel end to end).
 */
import assert from "node:assert/strict";
import { RawIrcServer, politeServer, type IrcAnswer } from "../../helpers/irc-server.js";
import { makeBot, type TestBot } from "../../helpers/irc/bot.js";
import { waitFor } from "../../helpers/collect.js";
import { captureLog } from "../../helpers/sink-tests.js";
import { sleep, startNgircd, type IrcServer } from "../../helpers/irc/harness.js";

describe("IRC: a server that is down is waited for, not given up @integration", function () {
  this.timeout(30_000);
  let server: IrcServer;
  let bot: TestBot | undefined;

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    await server.stop();
  });

  it("keeps what it gets while the server is gone for longer than unavailable_after_s", async () => {
    let port: number;
    ({ server, port } = await startNgircd());
    bot = makeBot(port, { channels: ["#a"], flow: { unavailable_after_s: 1 } });
    await bot.sink.start();
    await waitFor(() => bot?.sink.connection?.isJoined("#a") ?? false, "joined");
    assert.equal(bot.sink.available("#a"), true);
    await server.kill();
    await waitFor(() => !(bot?.sink.connection?.isRegistered() ?? true), "the connection noticed the server is gone");
    for (let i = 0; i < 5; i++) bot.say({ text: `while down ${i}` });
    // Twice the setting: a lane given up would have dropped them by now.
    await sleep(2500);
    assert.equal(bot.sink.available("#a"), true, "a lane whose server is down is not unavailable");
    assert.equal(bot.tickets.count("dropped"), 0, "nothing dropped while the server is down");
    assert.equal(bot.tickets.outcomes.size, 0, "all five still held");
  });
});

describe("IRC: a channel's first JOIN, unanswered for a while, is waited for without a warning @integration", function () {
  this.timeout(30_000);
  let server: RawIrcServer;
  let bot: TestBot | undefined;

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    await server.close();
  });

  /** politeServer, except that each JOIN is answered `delayMs` later, or with `refusal` (a numeric line) at once. */
  const slowJoins =
    (delayMs: number, refusal?: string): IrcAnswer =>
    (line, say, conn) => {
      const join = /^JOIN (\S+)/.exec(line)?.[1];
      if (join === undefined) politeServer(line, say, conn);
      else if (refusal !== undefined) say(`:irc.test ${refusal.replace("NICK", conn.nick).replace("CHAN", join)}`);
      else setTimeout(() => say(`:${conn.nick}!~fedmsg@127.0.0.1 JOIN ${join}`), delayMs);
    };

  it("a JOIN answered after 2 s: the channel stays available, /readyz never names it, no warning, every line sent", async () => {
    server = new RawIrcServer(slowJoins(2000));
    const port = await server.listen();
    const logs = captureLog();
    bot = makeBot(port, { flow: { unavailable_after_s: 600 } }, logs.log);
    // start() waits for the channels: the messages come meanwhile, as on a busy bus.
    const started = bot.sink.start();
    await server.waitFor((l) => l.startsWith("JOIN #fedmsg"));
    for (let i = 0; i < 5; i++) bot.say({ text: `early ${i}` });
    // Well inside the wait: the lines are held for the channel being joined, not for one refusing.
    await sleep(1000);
    assert.equal(bot.sink.available("#fedmsg"), true, "a channel being joined is available");
    const names = bot.metrics.readiness.state().components.map((c) => `${c.name}: ${c.detail ?? ""}`);
    assert.ok(!names.some((n) => n.includes("unavailable")), names.join("\n"));
    assert.equal(bot.tickets.outcomes.size, 0, "all five held");
    await started;
    await waitFor(() => bot?.tickets.count("sent") === 5, "the five sent once joined", 10_000);
    assert.equal(
      server.count((l) => l.startsWith("PRIVMSG #fedmsg :")),
      5,
    );
    const warned = logs.find(/^lane unavailable|^no answer to the JOIN/);
    assert.equal(warned, undefined, JSON.stringify(warned));
  });

  it("a refused JOIN makes the channel unavailable at once, with the warning, as before", async () => {
    server = new RawIrcServer(slowJoins(0, "474 NICK CHAN :Cannot join channel (+b)"));
    const port = await server.listen();
    const logs = captureLog();
    bot = makeBot(port, { start_wait_ms: 1000, flow: { unavailable_after_s: 600 } }, logs.log);
    // start() waits for the channels: the messages come meanwhile, as on a busy bus.
    const started = bot.sink.start();
    await server.waitFor((l) => l.startsWith("JOIN #fedmsg"));
    await waitFor(() => !(bot?.sink.available("#fedmsg") ?? true), "unavailable once refused");
    bot.say({ text: "held" });
    await waitFor(() => logs.find(/^lane unavailable \(a JOIN refused\?/) !== undefined, "the holding warning");
    assert.match(
      bot.metrics.readiness
        .state()
        .components.map((c) => c.detail ?? "")
        .join("\n"),
      /#fedmsg unavailable since/,
    );
    await started;
  });

  it("a JOIN never answered counts as unavailable after first_join_wait_ms, with a warning, and is sent again until answered", async () => {
    server = new RawIrcServer(slowJoins(60_000));
    const port = await server.listen();
    const logs = captureLog();
    bot = makeBot(
      port,
      { first_join_wait_ms: 1500, rejoin_blocked_ms: 1000, start_wait_ms: 3000, flow: { unavailable_after_s: 600 } },
      logs.log,
    );
    // start() waits for the channels: the messages come meanwhile, as on a busy bus.
    const started = bot.sink.start();
    await server.waitFor((l) => l.startsWith("JOIN #fedmsg"));
    bot.say({ text: "held" });
    await sleep(500);
    assert.equal(bot.sink.available("#fedmsg"), true, "still within the wait");
    await waitFor(() => !(bot?.sink.available("#fedmsg") ?? true), "unavailable after the wait", 5000);
    await waitFor(() => logs.find(/^lane unavailable \(a JOIN refused\?/) !== undefined, "the holding warning");
    assert.ok(logs.find(/^no answer to the JOIN/));
    assert.equal(bot.tickets.outcomes.size, 0, "held, not dropped, until unavailable_after_s");
    // And the JOIN is tried again, every rejoin_blocked_ms for as long as none is answered; warned once.
    await waitFor(() => server.count((x) => x.startsWith("JOIN #fedmsg")) >= 3, "a third JOIN", 10_000);
    assert.equal(logs.lines.filter((l) => /^no answer to the JOIN/.test(String(l.msg))).length, 1);
    assert.ok(logs.find(/^still no answer to the JOIN/));
    await started;
  });

  for (const [numeric, what] of [
    ["403 NICK CHAN :No such channel", "403 (no such channel)"],
    ["479 NICK CHAN :Illegal channel name", "479 (illegal name)"],
    ["470 NICK CHAN ##overflow :Forwarding to another channel", "470 (sent to another channel)"],
  ] as const) {
    it(`a JOIN answered with ${what} is a refusal at once, tried again every rejoin_blocked_ms`, async () => {
      server = new RawIrcServer(slowJoins(0, numeric));
      const port = await server.listen();
      const logs = captureLog();
      bot = makeBot(port, { rejoin_blocked_ms: 1000, start_wait_ms: 500, flow: { unavailable_after_s: 600 } }, logs.log);
      const started = bot.sink.start();
      await server.waitFor((l) => l.startsWith("JOIN #fedmsg"));
      await waitFor(() => !(bot?.sink.available("#fedmsg") ?? true), "unavailable once refused", 1000);
      assert.equal(logs.find(/^no answer to the JOIN/), undefined);
      assert.ok(logs.find(/^cannot join channel/));
      await server.waitFor((l) => server.count((x) => x.startsWith("JOIN #fedmsg")) >= 2 && l.startsWith("JOIN #fedmsg"));
      if (numeric.startsWith("470")) await server.waitFor((l) => l === "PART ##overflow");
      await started;
    });
  }

  it("JOINs going out at the pace: each channel's wait starts when its JOIN is written, not at registration", async () => {
    server = new RawIrcServer(slowJoins(800));
    const port = await server.listen();
    const logs = captureLog();
    const channels = ["#c0", "#c1", "#c2", "#c3"];
    bot = makeBot(port, { channels, limit: { burst: 1, rate: 2, queue_max: 100 }, first_join_wait_ms: 1200, start_wait_ms: 500 }, logs.log);
    const started = bot.sink.start();
    await waitFor(() => channels.every((c) => bot?.sink.connection?.isJoined(c) ?? false), "every channel joined", 15_000);
    // The last JOIN left well after the wait would have run out from registration.
    const joins = server.got.filter((l) => l.startsWith("JOIN "));
    assert.deepEqual(
      joins.map((l) => l.split(" ")[1]),
      channels,
    );
    const warned = logs.find(/^lane unavailable|^no answer to the JOIN/);
    assert.equal(warned, undefined, JSON.stringify(warned));
    await started;
  });
});
