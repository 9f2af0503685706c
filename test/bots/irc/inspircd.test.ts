/** @integration The flood contract against InspIRCd's strict connect class (Excess Flood after ~7 fast lines). */
import assert from "node:assert/strict";
import { waitFor } from "../../helpers/collect.js";
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

  it("a burst of 200 messages never gets the bot disconnected for Excess Flood, and every message is sent or digested", async () => {
    bot = makeBot(port, { limit: { burst: 4, rate: 1, queue_max: 100 }, flow: { max_behind_s: 20 } });
    await bot.sink.start();
    for (let i = 0; i < 200; i++) bot.say({ text: `burst ${i}` });
    const b = bot;
    await waitFor(() => b.tickets.outcomes.size === 200, "every message settled", 30_000, 100);
    // A ticket settles once its line is written; the server relays it to the reader a moment later.
    const written = () => b.sink.flow.counts().singleLines + b.sink.flow.counts().digestLines;
    await waitFor(() => reader.messages(CHAN).length >= written(), "every written line relayed to the reader", 10_000, 50);
    const lines = reader.messages(CHAN);
    const texts = lines.map((l) => trailingBytes(l).toString().split(" -- ")[1] ?? "");
    // What the burst tokens allowed left at once, in order; the rest went out as digests.
    const first = texts.findIndex((t, i) => t !== `burst ${i}`);
    assert.ok(first >= 0 && first <= 4, `${first} lines left at once`);
    assert.equal(b.tickets.count("sent") + b.tickets.count("digested"), 200);
    assert.equal(b.tickets.count("dropped"), 0);
    const c = b.sink.flow.counts();
    assert.equal(lines.length, c.singleLines + c.digestLines, "every line written reached the channel");
    assert.ok(c.digestLines > 0);
    assert.ok(b.sink.connection?.isJoined(CHAN));
    assert.equal(b.metrics.total("irc_disconnects"), 0);
    assert.ok(!reader.lines.some((l) => l.command === "QUIT" && l.prefix.startsWith("fedbot!")), "the bot was not killed");
  });

  it("a burst of 5,000 messages: no Excess Flood, all accounted for, and a message after the burst arrives within the bound", async function () {
    this.timeout(90_000);
    const boundS = 20;
    bot = makeBot(port, { limit: { burst: 4, rate: 1, queue_max: 100 }, flow: { max_behind_s: boundS } });
    await bot.sink.start();
    for (let i = 0; i < 5000; i++)
      bot.say(
        { text: `burst ${i}`, packages: [`pkg-${i}`] },
        i % 3 ? "org.fedoraproject.prod.buildsys.build.state.change" : "org.fedoraproject.prod.copr.build.end",
      );
    await new Promise((r) => setTimeout(r, 3000));
    const b = bot;
    b.say({ text: "after the burst" }, "org.fedoraproject.prod.bodhi.update.comment");
    // The bound: max_behind_s, plus a few seconds for the line to cross the server.
    await reader.waitFor((l) => l.command === "PRIVMSG" && trailingBytes(l).toString().includes("after the burst"), (boundS + 5) * 1000);
    await waitFor(() => b.tickets.outcomes.size === 5001, "every message settled", 30_000, 100);
    assert.equal(b.tickets.count("sent") + b.tickets.count("digested"), 5001);
    assert.equal(b.tickets.count("dropped"), 0);
    assert.ok(
      reader.messages(CHAN).some((l) => /buildsys: [\d,]+ build state changes \(pkg-/.test(trailingBytes(l).toString())),
      "digests name the packages",
    );
    assert.equal(b.metrics.total("irc_disconnects"), 0);
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
      assert.ok(line);
      assert.match(trailingBytes(line).toString(), / -- waits for \+R to go$/);
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
    assert.ok(plain);
    assert.equal(trailingBytes(plain).toString(), "buildsys.build.state.change -- plain please https://x.org/1");
    reader.send(`MODE ${CHAN} -c`);
    const conn = bot.sink.connection;
    while (!conn?.colorsAllowed(CHAN)) await new Promise((resolve) => setTimeout(resolve, 10));
    bot.say({ text: "colours again", link: "https://x.org/2" });
    const [, coloured] = await reader.waitForMessages(CHAN, 2);
    assert.ok(coloured);
    assert.equal(trailingBytes(coloured).toString(), "\x0308buildsys.build.state.change\x0f -- colours again \x0310https://x.org/2\x0f");
  });
});
