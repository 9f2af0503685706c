/**
 * Hardening findings 4 (nick loop) and 12 (false ping timeouts), against a raw TCP server that
 * refuses every nick, and one that is healthy but quiet.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import type { IrcSink } from "../../../bots/irc/main.js";
import { createLogger } from "../../../bots/log.js";
import type { Metrics } from "../../../bots/metrics.js";
import { makeBot } from "../../helpers/irc/bot.js";
import { RawIrcServer, politeServer } from "../../helpers/irc-server.js";
import { NO_TICKET } from "../../../bots/flow/ticket.js";
import { busMessage, summary } from "../../helpers/builders.js";

interface Started {
  sink: IrcSink;
  metrics: Metrics;
  logs: { level: number; msg: string }[];
}

/** A bot that starts at once (start_wait_ms 0) and keeps its log lines. */
function startBot(port: number, over: Record<string, unknown>): Started {
  const logs: { level: number; msg: string }[] = [];
  const dest = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString("utf8").split("\n")) if (l) logs.push(JSON.parse(l) as { level: number; msg: string });
      done();
    },
  });
  const { sink, metrics } = makeBot(port, { start_wait_ms: 0, ...over }, createLogger("debug", dest));
  return { sink, metrics, logs };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WARN = 40;

describe("IRC bot against hostile servers (hardening findings 4 and 12)", function () {
  this.timeout(30_000);
  let server: RawIrcServer | undefined;
  let bot: Started | undefined;

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    await server?.close();
    server = undefined;
  });

  it("a server answering 433 to every NICK gets a few NICKs per connection, then a reconnect with backoff", async () => {
    server = new RawIrcServer((line, say) => {
      const nick = /^NICK :?(\S+)$/.exec(line)?.[1];
      if (nick !== undefined) say(`:irc.test 433 * ${nick} :Nickname is already in use`);
    });
    const port = await server.listen();
    bot = startBot(port, {});
    await bot.sink.start();
    await sleep(3000);
    const nicks = server.count((l) => l.startsWith("NICK "));
    assert.ok(server.connections >= 2, `reconnected: ${server.connections} connections`);
    assert.ok(nicks <= server.connections * 6, `${nicks} NICKs over ${server.connections} connections`);
    const warnings = bot.logs.filter((l) => l.level >= WARN).length;
    assert.ok(warnings <= server.connections * 4, `${warnings} warnings over ${server.connections} connections`);
    assert.ok(
      bot.logs.some((l) => /nick/i.test(l.msg) && /reconnect|giving up/i.test(l.msg)),
      "the cause is logged",
    );
  });

  it("a server answering 437 to every NICK is treated the same", async () => {
    server = new RawIrcServer((line, say) => {
      const nick = /^NICK :?(\S+)$/.exec(line)?.[1];
      if (nick !== undefined) say(`:irc.test 437 * ${nick} :Nick/channel is temporarily unavailable`);
    });
    const port = await server.listen();
    bot = startBot(port, {});
    await bot.sink.start();
    await sleep(2000);
    const nicks = server.count((l) => l.startsWith("NICK "));
    assert.ok(server.connections >= 2 && nicks <= server.connections * 6, `${nicks} NICKs over ${server.connections} connections`);
  });

  it("a server answering 432 to every NICK: a few tries and error lines per connection, not a loop", async () => {
    server = new RawIrcServer((line, say) => {
      const nick = /^NICK :?(\S+)$/.exec(line)?.[1];
      if (nick !== undefined) say(`:irc.test 432 * ${nick} :Erroneous nickname`);
    });
    const port = await server.listen();
    bot = startBot(port, {});
    await bot.sink.start();
    await sleep(2000);
    const nicks = server.count((l) => l.startsWith("NICK "));
    const errors = bot.logs.filter((l) => l.level >= 50).length;
    assert.ok(server.connections >= 2 && nicks <= server.connections * 6, `${nicks} NICKs over ${server.connections} connections`);
    assert.ok(errors <= server.connections * 2, `${errors} error lines over ${server.connections} connections`);
  });

  it("ping_timeout_s below the PING interval does not time out a quiet, healthy server", async () => {
    server = new RawIrcServer(politeServer);
    const port = await server.listen();
    bot = startBot(port, { ping_timeout_s: 5, start_wait_ms: 5000 });
    await bot.sink.start();
    for (let i = 0; i < 100 && !bot.sink.connection?.isJoined("#fedmsg"); i++) await sleep(20);
    assert.ok(bot.sink.connection?.isJoined("#fedmsg"), "joined");
    await sleep(8000);
    assert.equal(bot.metrics.total("irc_disconnects"), 0, "no false ping timeout");
    assert.equal(server.connections, 1);
    assert.ok(server.count((l) => l.startsWith("PING ")) >= 1, "the bot pinged the quiet server");
  });

  it("a server that answers everything but the bot's fence PINGs is dropped after ping_timeout_s; the unproven lines go again", async () => {
    server = new RawIrcServer((line, say, conn) => {
      if (/^PING :?fedmsg-echo-fence-/.test(line)) return;
      politeServer(line, say, conn);
    });
    const port = await server.listen();
    const chatter = setInterval(() => server?.send(":irc.test NOTICE * :still here"), 500);
    try {
      bot = startBot(port, { ping_timeout_s: 5 });
      await bot.sink.start();
      const b = bot;
      await server.waitFor((l) => l.startsWith("JOIN "));
      await sleep(200);
      b.sink.offer(busMessage(), summary({ text: "proof never comes" }), NO_TICKET);
      await server.waitFor((l) => l.includes("proof never comes"));
      const until = Date.now() + 15_000;
      while (server.count((l) => l.includes("proof never comes")) < 2 && Date.now() < until) await sleep(100);
      assert.ok(server.connections >= 2, `the connection was dropped and redialled (${server.connections} connections)`);
      assert.ok(server.count((l) => l.includes("proof never comes")) >= 2, "the unproven line was sent again");
      assert.ok(b.metrics.total("irc_lines_not_shown") >= 1);
    } finally {
      clearInterval(chatter);
    }
  });
});
