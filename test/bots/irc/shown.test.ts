/**
 * @integration A line is "sent" only once the server proved it handled it (bots/irc/fence.ts), on a
 * real ngircd read by a plain client: lines a +m channel refuses, and lines written into a hung
 * server, are neither counted sent nor lost.
 */
import assert from "node:assert/strict";
import { makeBot, type TestBot } from "../../helpers/irc/bot.js";
import { waitFor } from "../../helpers/collect.js";
import { RawClient, sleep, startNgircd, trailingBytes, type IrcServer } from "../../helpers/irc/harness.js";

const CHAN = "#fedmsg";
const OPEN = "#open";

describe("IRC lines counted sent only once the server showed them @integration", function () {
  this.timeout(40_000);
  let server: IrcServer;
  let port: number;
  let reader: RawClient;
  let bot: TestBot | undefined;

  beforeEach(async () => {
    ({ server, port } = await startNgircd());
    // The reader creates both channels: it is their operator.
    reader = await RawClient.connect(port, "reader");
    await reader.join(CHAN);
    await reader.join(OPEN);
  });

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    reader.close();
    await server.stop();
  });

  const texts = (channel: string): string[] => reader.messages(channel).map((l) => trailingBytes(l).toString().split(" -- ")[1] ?? "");

  it("a +m channel: refused lines are not sent, wait (the other channel goes on), and each is shown once after -m", async () => {
    bot = makeBot(port, { channels: [CHAN, OPEN], limit: { burst: 5, rate: 20, queue_max: 100 } });
    await bot.sink.start();
    const b = bot;
    await waitFor(() => (b.sink.connection?.isJoined(CHAN) ?? false) && (b.sink.connection?.isJoined(OPEN) ?? false), "joined");
    reader.send(`MODE ${CHAN} +m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN && l.params[1] === "+m");
    await sleep(100); // the bot has seen the mode too
    for (let i = 0; i < 20; i++) b.say({ text: `line ${i}` });
    await reader.waitForMessages(OPEN, 20);
    await sleep(1000);
    assert.equal(texts(CHAN).length, 0, "nothing shown in the moderated channel");
    // Each message's share for the open channel is out, the moderated one's is not: no message is done.
    assert.equal(b.tickets.outcomes.size, 0, "no message settled while its line for the +m channel was refused");
    assert.ok(b.metrics.total("irc_lines_refused_by_server") >= 1, "the server's refusal counted");
    assert.equal(b.sink.available(CHAN), false, "the refusing channel is unavailable");
    assert.equal(b.sink.available(OPEN), true);
    reader.send(`MODE ${CHAN} -m`);
    const shown = await reader.waitForMessages(CHAN, 20);
    assert.equal(shown.length, 20);
    await waitFor(() => b.tickets.outcomes.size === 20, "every message settled", 10_000);
    assert.equal(b.tickets.count("sent"), 20);
    const want = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    assert.deepEqual([...texts(CHAN)].sort(), [...want].sort(), "every line once in the channel that refused them for a while");
    assert.deepEqual(texts(OPEN), want, "the open channel, once each, in order");
    assert.equal(b.sink.available(CHAN), true);
  });

  it("lines written into a hung server are not sent until it handles them; none is lost", async () => {
    bot = makeBot(port, { limit: { burst: 5, rate: 20, queue_max: 100 } });
    await bot.sink.start();
    const b = bot;
    for (let i = 0; i < 5; i++) b.say({ text: `before ${i}` });
    await waitFor(() => b.tickets.count("sent") === 5, "the first lines proven shown");
    server.pause();
    for (let i = 0; i < 5; i++) b.say({ text: `during ${i}` });
    await sleep(1500);
    assert.equal(b.tickets.count("sent"), 5, "a line written into a hung server is not sent");
    assert.ok(b.sink.connection && b.sink.connection.unconfirmedLines > 0, "the lines wait for the server's proof");
    server.resume();
    await waitFor(() => b.tickets.count("sent") === 10, "every line proven shown after the server came back", 10_000);
    const seen = texts(CHAN);
    for (let i = 0; i < 5; i++) {
      assert.equal(seen.filter((t) => t === `before ${i}`).length, 1);
      assert.equal(seen.filter((t) => t === `during ${i}`).length, 1);
    }
  });

  it("a channel refusing lines for longer than unavailable_after_s is given up (dropped, counted), and comes back after -m", async () => {
    bot = makeBot(port, { rejoin_blocked_ms: 1000, flow: { unavailable_after_s: 2 }, limit: { burst: 5, rate: 20, queue_max: 100 } });
    await bot.sink.start();
    const b = bot;
    reader.send(`MODE ${CHAN} +m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN && l.params[1] === "+m");
    await sleep(100);
    for (let i = 0; i < 3; i++) b.say({ text: `muted ${i}` });
    await waitFor(() => b.tickets.count("dropped", "unavailable") === 3, "the muted channel given up", 15_000);
    reader.send(`MODE ${CHAN} -m`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === CHAN && l.params[1] === "-m");
    await sleep(100);
    for (let i = 0; i < 3; i++) b.say({ text: `back ${i}` });
    await waitFor(() => b.tickets.count("sent") === 3, "the lines after -m shown", 15_000);
    assert.deepEqual(texts(CHAN), ["back 0", "back 1", "back 2"]);
    assert.equal(b.tickets.outcomes.size, 6, "every message has one outcome");
  });
});
