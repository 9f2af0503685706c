/** @integration The flood contract against InspIRCd's strict connect class (Excess Flood after ~7 fast lines). */
import assert from "node:assert/strict";
import { makeBot, type TestBot } from "../../helpers/irc/bot.js";
import { RawClient, startInspircd, trailingBytes, type IrcServer } from "../../helpers/irc/harness.js";

const CHAN = "#fedmsg";
/** Lines to see arrive at the default rate (burst 4, then 1/s): well past the ~7 that flood an unpaced client. */
const LINES_TO_SEE = 10;

describe("IRC bot on InspIRCd (strict flood class) @integration", function () {
  this.timeout(40_000);
  let server: IrcServer;
  let port: number;
  let reader: RawClient;
  let bot: TestBot | undefined;

  beforeEach(async () => {
    ({ server, port } = await startInspircd());
    reader = await RawClient.connect(port, "reader");
    await reader.join(CHAN);
  });

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    reader.close();
    await server.stop();
  });

  it("the strict class does kill an unpaced client (the test below can fail)", async () => {
    const flooder = await RawClient.connect(port, "flooder");
    try {
      await flooder.join(CHAN);
      for (let i = 0; i < 30; i++) flooder.send(`PRIVMSG ${CHAN} :flood ${i}`);
      const err = await flooder.waitFor((l) => l.command === "ERROR");
      assert.match(err.params[0] ?? "", /Excess Flood/);
    } finally {
      flooder.close();
    }
  });

  it("a burst of 200 messages never gets the bot disconnected for Excess Flood", async () => {
    bot = makeBot(port, { limit: { burst: 4, rate: 1, queue_max: 100 } });
    await bot.sink.start();
    for (let i = 0; i < 200; i++) bot.say({ text: `burst ${i}` });
    const lines = await reader.waitForMessages(CHAN, LINES_TO_SEE, 30_000);
    const texts = lines.map((l) => trailingBytes(l).toString().split(" -- ")[1]);
    // What the burst tokens allowed left at once (registration, JOIN and MODE paid some, maybe all); the queue kept the newest 100, in order.
    const first = texts.findIndex((t, i) => t !== `burst ${i}`);
    assert.ok(first >= 0 && first <= 4, `${first} lines left at once`);
    assert.deepEqual(texts.slice(first), Array.from({ length: LINES_TO_SEE - first }, (_, i) => `burst ${100 + i}`));
    assert.equal(bot.metrics.total("lines_dropped"), 100 - first);
    assert.ok(bot.sink.connection?.isJoined(CHAN));
    assert.equal(bot.metrics.total("irc_disconnects"), 0);
    assert.ok(!reader.lines.some((l) => l.command === "QUIT" && l.prefix.startsWith("fedbot!")), "the bot was not killed");
  });

  it("joining several channels and sending right after does not flood either (InspIRCd counts a JOIN twice)", async () => {
    const quiet = { filters: { include: ["org.example.nothing.**"] } };
    const channels = [{ name: "#one", ...quiet }, { name: "#two", ...quiet }, { name: "#three", ...quiet }, CHAN];
    bot = makeBot(port, { limit: { burst: 4, rate: 1, queue_max: 100 }, channels });
    await bot.sink.start();
    for (let i = 0; i < 12; i++) bot.say({ text: `line ${i}` });
    await reader.waitForMessages(CHAN, LINES_TO_SEE, 30_000);
    assert.ok(!reader.lines.some((l) => l.command === "QUIT" && l.prefix.startsWith("fedbot!")), "the bot was not killed");
    assert.equal(bot.metrics.total("irc_disconnects"), 0);
  });

  it("retries a JOIN refused with 477 (+R, registered users only), and sends once the channel lets it in", async () => {
    // A second client owns the locked channel: the strict class would kill one client doing everything.
    const locked = "#regonly";
    const op = await RawClient.connect(port, "op");
    try {
      await op.join(locked);
      op.send(`MODE ${locked} +R`);
      await op.waitFor((l) => l.command === "MODE" && l.params[0] === locked && l.params[1] === "+R");
      bot = makeBot(port, { limit: { burst: 4, rate: 1, queue_max: 100 }, rejoin_blocked_ms: 3000, channels: [locked, CHAN] });
      await bot.sink.start();
      bot.say({ text: "waits for +R to go" });
      await reader.waitForMessages(CHAN, 1);
      assert.ok(bot.metrics.total("irc_join_refused") >= 1, "the 477 is seen as a refused JOIN");
      op.send(`MODE ${locked} -R`);
      const [line] = await op.waitForMessages(locked, 1);
      assert.match(trailingBytes(line!).toString(), / -- waits for \+R to go$/);
      assert.equal(bot.metrics.total("irc_disconnects"), 0, "the retried JOINs did not flood");
    } finally {
      op.close();
    }
  });

  it("sends without colours while the channel has mode +c, with them once it is gone", async () => {
    // InspIRCd's blockcolor refuses a coloured line in a +c channel: what arrives proves the bot followed the mode.
    reader.send(`MODE ${CHAN} +c`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[1] === "+c");
    bot = makeBot(port);
    // Offered before the JOIN: it must wait until the channel's modes are known.
    bot.say({ text: "plain please", link: "https://x.org/1" });
    await bot.sink.start();
    const [plain] = await reader.waitForMessages(CHAN, 1);
    assert.equal(trailingBytes(plain!).toString(), "buildsys.build.state.change -- plain please https://x.org/1");
    reader.send(`MODE ${CHAN} -c`);
    const conn = bot.sink.connection;
    while (!conn?.colorsAllowed(CHAN)) await new Promise((resolve) => setTimeout(resolve, 10));
    bot.say({ text: "colours again", link: "https://x.org/2" });
    const [, coloured] = await reader.waitForMessages(CHAN, 2);
    assert.equal(trailingBytes(coloured!).toString(), "\x0308buildsys.build.state.change\x0f -- colours again \x0310https://x.org/2\x0f");
  });
});
