/**
 * Each channel of an IRC connection remembers what it was sent (sent-sinks.ts), on a real
 * ngircd: a channel that already has a message's line settles its share "sent" without a second
 * line, the others get theirs; a channel's mark is written in the tick of its line's write when the
 * socket took the bytes at once, else once the write is confirmed.
 */
import assert from "node:assert/strict";
import type { Ticket } from "../../../bots/flow/outcome.js";
import { GuardedTransport } from "../../../bots/irc/transport.js";
import { silentLogger } from "../../../bots/log.js";
import { destinationKey, SinkMemory } from "../../../bots/sent-sinks.js";
import { SentStore, sentMark } from "../../../bots/sent-store.js";
import type { Sink } from "../../../bots/sink.js";
import { busMessage, summary } from "../../helpers/builders.js";
import { waitFor } from "../../helpers/collect.js";
import { Tickets } from "../../helpers/flow.js";
import { makeBot, proveServer, type TestBot } from "../../helpers/irc/bot.js";
import { RawClient, sleep, startNgircd, type IrcServer } from "../../helpers/irc/harness.js";

describe("IRC: marks per channel @integration", function () {
  this.timeout(30_000);
  let server: IrcServer;
  let port: number;
  let reader: RawClient;
  let bot: TestBot | undefined;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the methods themselves, patched for a test and restored after it; always called with .call(this)
  const { writePaced, lastWriteInKernel } = GuardedTransport.prototype;

  beforeEach(async () => {
    ({ server, port } = await startNgircd());
    reader = await RawClient.connect(port, "reader");
    await reader.join("#a");
    await reader.join("#b");
  });
  afterEach(async () => {
    GuardedTransport.prototype.writePaced = writePaced;
    GuardedTransport.prototype.lastWriteInKernel = lastWriteInKernel;
    await bot?.sink.stop(0);
    bot = undefined;
    reader.close();
    await server.stop();
  });

  /** A bot on #a and #b, wrapped in a memory as the runner does; started and in both channels. */
  async function start(): Promise<{ sink: Sink; store: SentStore; key: (channel: string) => string; bot: TestBot }> {
    const b = makeBot(port, { channels: ["#a", "#b"] });
    bot = b;
    const store = new SentStore({ redis: null, keyPrefix: "", scope: "q", ttlS: 60, log: silentLogger(), metrics: b.metrics });
    const memory = new SinkMemory(store, b.metrics);
    const sink = memory.wrap(b.sink);
    assert.deepEqual(memory.destinations, [destinationKey(b.sink.name, "#a"), destinationKey(b.sink.name, "#b")]);
    await sink.start();
    await waitFor(() => (b.sink.connection?.isJoined("#a") ?? false) && (b.sink.connection?.isJoined("#b") ?? false), "joined");
    return { sink, store, key: (channel) => destinationKey(b.sink.name, channel), bot: b };
  }

  it("a channel that already has the line settles its share sent, counted with its name; the other channel gets the line", async () => {
    const { sink, store, key, bot: b } = await start();
    const msg = busMessage();
    const id = sentMark(msg.topic.full, msg.id) as string;
    store.markDone(id, key("#a"));
    const tickets = new Tickets();
    sink.offer(msg, summary({ title: msg.topic.title, text: "only in b" }), tickets.make());
    await reader.waitForMessages("#b", 1);
    await waitFor(() => tickets.count("sent") === 1, "settled");
    // A second line would follow the first at once: give it the time to show.
    await sleep(300);
    assert.equal(reader.messages("#a").length, 0, "no second line where it was already shown");
    assert.equal(reader.messages("#b").length, 1);
    assert.equal(b.metrics.get("sink_already_sent", { sink: b.sink.name, channel: "#a" }), 1);
    assert.equal(b.metrics.get("sink_already_sent", { sink: b.sink.name, channel: "#b" }), 0);
    assert.equal(store.isDone(id, key("#b")), true, "#b remembers it now");
    assert.equal(store.isDone(id, b.sink.name), false, "nothing under the network alone");
  });

  for (const inKernel of [true, false]) {
    it(
      inKernel
        ? "a line the socket took at once is remembered for its channel in the tick of its write"
        : "a line still waiting in the socket when it is written is remembered once the write is confirmed (its ticket settles)",
      async () => {
        const { sink, store, key, bot: b } = await start();
        // A connection in use (a line proven within TRUST_MS): its lines are remembered at the write.
        await proveServer(b);
        const msg = busMessage();
        const id = sentMark(msg.topic.full, msg.id) as string;
        const seen: string[] = [];
        if (!inKernel) GuardedTransport.prototype.lastWriteInKernel = () => false;
        GuardedTransport.prototype.writePaced = function (this: GuardedTransport, line, cb) {
          const handed = writePaced.call(this, line, cb);
          const channel = /^PRIVMSG (#\w+) /.exec(line)?.[1];
          // The first thing to run after this tick: what a SIGKILL right after the write would cut off.
          if (channel) queueMicrotask(() => seen.push(`${channel} ${store.isDone(id, key(channel)) ? "marked" : "not marked"}`));
          return handed;
        };
        const settled: string[] = [];
        const ticket: Ticket = { settle: (o) => settled.push(o) };
        sink.offer(msg, summary({ title: msg.topic.title, text: "hello" }), ticket);
        await waitFor(() => settled.length === 1, "settled");
        assert.deepEqual(settled, ["sent"]);
        assert.deepEqual(seen.sort(), inKernel ? ["#a marked", "#b marked"] : ["#a not marked", "#b not marked"]);
        assert.equal(store.isDone(id, key("#a")), true);
        assert.equal(store.isDone(id, key("#b")), true);
      },
    );
  }
});
