/**
 * Which IRC lanes the flow may give up (flow.unavailable_after_s): a channel that
 * refuses the bot while the connection is up is unavailable; a server that is down
 * is only waited for, since the messages are safe in the broker's queue until it
 * is back (test/bots/amqp-unavailable.test.ts covers the refused channel end to end).
 */
import assert from "node:assert/strict";
import { makeBot, type TestBot } from "../../helpers/irc/bot.js";
import { waitFor } from "../../helpers/collect.js";
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
