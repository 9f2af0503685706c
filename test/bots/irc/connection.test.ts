/**
 * IrcConnection.send, the one door of the bot's own lines to the socket: a line renders itself
 * as it leaves, against the live connection, and hears `written` in the tick its bytes are
 * handed to the socket (the memory of sent ids is written then).
 */
import assert from "node:assert/strict";
import { ManualClock } from "../../../bots/flow/clock.js";
import type { IrcLine, LineView } from "../../../bots/irc/line.js";
import { IrcSink } from "../../../bots/irc/sink.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { parseConfig } from "../../../config/load.js";
import { makeBot, proveServer, type TestBot } from "../../helpers/irc/bot.js";
import { RawIrcServer, politeServer } from "../../helpers/irc-server.js";

const CHAN = "#fedmsg";

describe("IRC connection: the door of the bot's lines", function () {
  this.timeout(20_000);
  let server: RawIrcServer;
  let bot: TestBot | undefined;

  beforeEach(() => {
    server = new RawIrcServer(politeServer);
  });

  afterEach(async () => {
    await bot?.sink.stop(0);
    bot = undefined;
    await server.close();
  });

  async function joined(): Promise<TestBot> {
    const port = await server.listen();
    const b = makeBot(port);
    await b.sink.start();
    assert.ok(b.sink.connection?.isJoined(CHAN));
    return b;
  }

  it("renders a line as it leaves, against the live nick!user@host and +c, and tells it in the same tick that it was written", async () => {
    bot = await joined();
    // A connection in use (a line proven within TRUST_MS): a channel line hears `written` in the tick of its write.
    await proveServer(bot);
    const conn = bot.sink.connection;
    assert.ok(conn);
    const seen: { view?: { prefix: string | null; colors: boolean }; written: number } = { written: 0 };
    const line: IrcLine = {
      channel: CHAN,
      render: (view: LineView) => {
        seen.view = { prefix: view.budgetPrefix, colors: view.colorsAllowed(CHAN) };
        return `PRIVMSG ${CHAN} :rendered late`;
      },
      written: () => seen.written++,
    };
    const sent = conn.send(line);
    assert.equal(seen.written, 1, "written() ran before send() returned, before the socket's callback");
    assert.deepEqual(seen.view, { prefix: "fedbot!~fedmsg@127.0.0.1", colors: true });
    assert.equal(await sent, "written");
    await server.waitFor((l) => l === `PRIVMSG ${CHAN} :rendered late`);
    assert.equal(seen.written, 1);
  });

  it("writes nothing for a channel not joined, nor for a line that renders to nothing", async () => {
    bot = await joined();
    const conn = bot.sink.connection;
    assert.ok(conn);
    let rendered = 0;
    let written = 0;
    const line = (channel: string | null, text: string | null): IrcLine => ({
      channel,
      render: () => (rendered++, text),
      written: () => written++,
    });
    assert.equal(await conn.send(line("#elsewhere", "PRIVMSG #elsewhere :no")), "not ready");
    assert.equal(rendered, 0, "not rendered: the budget of a channel not joined is not known");
    assert.equal(await conn.send(line(CHAN, null)), "empty");
    // A control line needs registration only; its text is fixed.
    assert.equal(await conn.send(line(null, "MODE #fedmsg")), "written");
    await server.waitFor((l) => l === "MODE #fedmsg" && server.count((g) => g === "MODE #fedmsg") >= 2);
    assert.equal(written, 1);
    assert.equal(
      server.count((l) => l.includes(":no")),
      0,
    );
  });

  it("charges irc-framework's own lines to the pace as they are written, and a paid line not again", async () => {
    const port = await server.listen();
    const [config] = parseConfig({
      irc: [{ network: "127.0.0.1", port, tls: false, nickname: "fedbot", channels: [CHAN], limit: { burst: 20, rate: 1 } }],
    }).irc;
    assert.ok(config);
    // A clock that does not move: the bucket is never refilled, so every token spent shows.
    const sink = new IrcSink("irc:test", config, {
      log: silentLogger(),
      metrics: new Metrics(),
      version: "test",
      clock: new ManualClock(),
    });
    try {
      await sink.start();
      const conn = sink.connection;
      assert.ok(conn);
      await server.waitFor((l) => l === `MODE ${CHAN}`);
      const tokens = (): number => sink.pacer.linesWithin(0);
      const before = tokens();
      // Registration (CAP, NICK, USER) was charged, JOIN (2) and MODE (1) paid.
      assert.ok(before <= 20 - 3 - 3, `${before} tokens left`);
      assert.equal(await conn.send({ channel: CHAN, render: () => `PRIVMSG ${CHAN} :paid` }), "written");
      assert.equal(tokens(), before, "a paid line costs nothing more");
      conn.client.raw("AWAY :irc-framework's own line");
      assert.equal(tokens(), before - 1, "charged in the tick it was written");
    } finally {
      await sink.stop(0);
    }
  });
});
