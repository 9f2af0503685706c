/**
 * The memory of a sent id follows the line in the same tick (issue 10): the IRC
 * sink tells a message's ticket `written` right behind the socket write of its
 * last channel's line, before the event loop runs anything else (a write
 * callback, a promise), so a SIGKILL can no longer fall between the line and
 * its memory for longer than the two syscalls.
 */
import assert from "node:assert/strict";
import type { Ticket } from "../../../bots/flow/outcome.js";
import { GuardedTransport } from "../../../bots/irc/transport.js";
import { busMessage, summary } from "../../helpers/builders.js";
import { makeBot, proveServer, type TestBot } from "../../helpers/irc/bot.js";
import { waitFor } from "../../helpers/collect.js";
import { RawClient, startNgircd, type IrcServer } from "../../helpers/irc/harness.js";

describe("IRC: written in the tick of the line @integration", function () {
  this.timeout(30_000);
  let server: IrcServer;
  let port: number;
  let reader: RawClient;
  let bot: TestBot | undefined;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the method itself, patched for the test and restored after it; always called with .call(this)
  const original = GuardedTransport.prototype.writeLine;

  beforeEach(async () => {
    ({ server, port } = await startNgircd());
    reader = await RawClient.connect(port, "reader");
    await reader.join("#a");
    await reader.join("#b");
  });
  afterEach(async () => {
    GuardedTransport.prototype.writeLine = original;
    await bot?.sink.stop(0);
    bot = undefined;
    reader.close();
    await server.stop();
  });

  it("tells the ticket once every channel's line is in the socket, before any callback or promise runs", async () => {
    const events: string[] = [];
    GuardedTransport.prototype.writeLine = function (this: GuardedTransport, line, cb) {
      const handed = original.call(this, line, cb);
      const m = /^PRIVMSG (#\w+) /.exec(line);
      if (m) {
        events.push(`line ${m[1]}`);
        // Whatever runs next once this tick is over: what a SIGKILL right after the write would cut off.
        queueMicrotask(() => events.push("next microtask"));
        process.nextTick(() => events.push("next tick"));
      }
      return handed;
    };
    bot = makeBot(port, { channels: ["#a", "#b"] });
    await bot.sink.start();
    await waitFor(() => (bot?.sink.connection?.isJoined("#a") ?? false) && (bot?.sink.connection?.isJoined("#b") ?? false), "joined");
    // A connection in use (a line proven within TRUST_MS): its lines are remembered at the write.
    await proveServer(bot);
    events.length = 0;
    const ticket: Ticket = {
      written: () => events.push("written"),
      settle: (o) => events.push(`settled ${o}`),
    };
    const msg = busMessage();
    bot.sink.offer(msg, summary({ title: msg.topic.title, text: "hello" }), ticket);
    await waitFor(() => events.includes("settled sent"), "settled");
    const second = events.indexOf("line #b") > events.indexOf("line #a") ? "line #b" : "line #a";
    const at = events.indexOf(second);
    assert.equal(events[at + 1], "written", `written right behind the last channel's line: ${events.join(", ")}`);
    assert.equal(events.filter((e) => e === "written").length, 1);
    assert.ok(events.indexOf("written") < events.indexOf("settled sent"));
  });
});
