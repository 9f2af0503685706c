/**
 * A scripted server (no real IRC server sends malformed lines on purpose): lines
 * that irc-framework or the bot's handlers do not expect must not crash the process.
 */
import assert from "node:assert/strict";
import { makeBot, type TestBot } from "../../helpers/irc/bot.js";
import { RawIrcServer, holding, politeServer } from "../../helpers/irc-server.js";

const CHAN = "#fedmsg";

describe("IRC bot and odd server input", function () {
  this.timeout(20_000);
  let server: RawIrcServer;
  let bot: TestBot | undefined;
  /** Nicks and channels the server answers with 437. */
  let held: Set<string>;

  beforeEach(() => {
    held = new Set();
    server = new RawIrcServer(holding(held, politeServer));
  });

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    await server.close();
  });

  it("survives truncated and malformed lines, and keeps sending", async () => {
    const port = await server.listen();
    bot = makeBot(port);
    await bot.sink.start();
    for (const odd of [
      ":op!u@h KICK #fedmsg", // no victim
      ":x!u@h JOIN", // no channel
      ":x!u@h NICK", // no new nick
      ":x!u@h PART", // no channel
      ":irc.test 396 fedbot", // displayed host without a host
      ":irc.test 307 fedbot", // RPL_WHOISREGNICK without its nick
      ":irc.test MODE",
      ":irc.test 324 fedbot",
    ])
      server.send(odd);
    // The bot's answer to a PING sent after them proves it has read them all (lines may now leave before that).
    server.send("PING :after-the-odd-lines");
    await server.waitFor((l) => l.startsWith("PONG") && l.includes("after-the-odd-lines"));
    bot.say({ text: "still here" });
    await server.waitFor((l) => l.startsWith(`PRIVMSG ${CHAN} :`) && l.endsWith(" -- still here"));
    assert.ok(bot.sink.connection?.isJoined(CHAN));
    assert.equal(bot.sink.connection?.prefix, "fedbot!~fedmsg@127.0.0.1", "the byte budget still counts the real host");
    assert.ok(bot.metrics.total("irc_bad_lines") >= 1, "counted");
    assert.equal(bot.metrics.total("irc_disconnects"), 0);
  });

  it("drops a server that sends endless data without a line end, instead of buffering it all", async () => {
    const port = await server.listen();
    bot = makeBot(port, { reconnect_min_ms: 10_000, reconnect_max_ms: 10_000 });
    await bot.sink.start();
    const chunk = "x".repeat(64 * 1024);
    for (let i = 0; i < 64; i++) server.sendRaw(chunk); // 4 MiB, no LF
    while (bot.metrics.total("irc_disconnects") === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it("registers with an alternate nick when the server holds its nick (437), instead of waiting for connect_timeout_ms", async () => {
    held.add("fedbot");
    const port = await server.listen();
    bot = makeBot(port, { connect_timeout_ms: 60_000, start_wait_ms: 60_000 });
    await bot.sink.start();
    assert.equal(bot.sink.connection?.nick, "fedbot_");
    bot.say({ text: "as the alternate" });
    await server.waitFor((l) => l.startsWith(`PRIVMSG ${CHAN} :`));
  });

  it("retries a JOIN answered with 437 (channel held after a split)", async () => {
    held.add("#held");
    const port = await server.listen();
    bot = makeBot(port, { rejoin_blocked_ms: 1000, channels: ["#held", CHAN] });
    await bot.sink.start();
    await server.waitFor((l) => l === "JOIN #held" && server.got.filter((g) => g === "JOIN #held").length >= 2);
    assert.ok(bot.metrics.total("irc_join_refused") >= 1);
  });

  it("answers a PING flood with one PONG per interval to the newest token, so channel lines keep their share", async () => {
    const port = await server.listen();
    bot = makeBot(port, { limit: { burst: 2, rate: 2, queue_max: 100 } });
    await bot.sink.start();
    let n = 0;
    const flood = setInterval(() => server.send(`PING :token-${++n}`), 20);
    try {
      const t0 = performance.now();
      for (let i = 0; i < 6; i++) bot.say({ text: `line ${i}` });
      await server.waitFor((l) => l.endsWith(" -- line 5"));
      const elapsedMs = performance.now() - t0;
      const pongs = server.got.filter((l) => l.startsWith("PONG"));
      // One per PONG_MIN_INTERVAL_MS (2 s) at most, where a PONG per PING would have been dozens.
      assert.ok(pongs.length <= Math.ceil(elapsedMs / 2000) + 1, `${pongs.length} PONGs in ${elapsedMs.toFixed(0)} ms for ${n} PINGs`);
      assert.ok(n > 20, "the flood was on while the lines went out");
    } finally {
      clearInterval(flood);
    }
    // The held PONG answers the newest PING once the interval is over.
    const last = n;
    await server.waitFor((l) => l.startsWith("PONG") && l.includes(`token-${last}`));
  });
});
