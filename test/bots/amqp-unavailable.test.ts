/**
 * A sink that never becomes ready must not starve the others (issue 10): an IRC
 * bot on AMQP with a small prefetch and two channels, one of which refuses its
 * JOIN (a key set by an operator). The good channel gets every message; the
 * locked channel's messages end dropped "unavailable" once it has been
 * unavailable for `flow.unavailable_after_s`; the queue empties; /readyz names it.
 */
import { strict as assert } from "node:assert";
import { RawClient, startNgircd, type IrcServer } from "../helpers/irc/harness.js";
import { calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../helpers/amqp.js";
import { startBotProcess } from "../helpers/bot-process.js";
import { freePort, waitFor } from "../helpers/collect.js";

const N = 60;
const GOOD = "#good";
const LOCKED = "#locked";

describe("AMQP to IRC with a channel that refuses the bot @integration", function () {
  this.timeout(60_000);
  let broker: TestBroker;
  let irc: { server: IrcServer; port: number };
  let reader: RawClient;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    broker = await testBroker();
    await broker.declare();
    irc = await startNgircd();
    reader = await RawClient.connect(irc.port, "reader");
    await reader.join(GOOD);
    await reader.join(LOCKED);
    reader.send(`MODE ${LOCKED} +k sesame`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === LOCKED);
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    reader.close();
    await irc.server.stop();
    await broker.close();
  });

  /** The bot on the broker's queue and the IRC server, in both channels (no Redis: nothing here needs it). */
  function startBot(metricsPort: number, o: { prefetch: number; shutdownMs: number; flow?: Record<string, unknown> }) {
    return startBotProcess("irc", {
      stats_interval_s: 0,
      metrics_listen: `127.0.0.1:${metricsPort}`,
      log: { level: "warn" },
      shutdown_deadline_ms: o.shutdownMs,
      amqp: {
        url: "amqp://guest:guest@127.0.0.1:5672/%2F",
        routing_keys: [`${broker.prefix}.#`],
        queue: broker.queue,
        prefetch: o.prefetch,
      },
      irc: [
        {
          network: "127.0.0.1",
          port: irc.port,
          tls: false,
          nickname: "fedbot",
          channels: [
            { name: GOOD, colors: false },
            { name: LOCKED, colors: false },
          ],
          limit: { burst: 50, rate: 200, queue_max: 1000 },
          ...(o.flow ? { flow: o.flow } : {}),
          rejoin_blocked_ms: 1000,
        },
      ],
    });
  }

  it("the good channel gets every message, the locked one's end dropped 'unavailable', and the queue empties", async () => {
    const metricsPort = await freePort();
    const b = startBot(metricsPort, { prefetch: 5, shutdownMs: 2000, flow: { unavailable_after_s: 2 } });
    cleanups.push(() => b.cleanup());
    await reader.waitFor((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot!") && l.params[0] === GOOD, 30_000);
    for (let i = 0; i < N; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), { messageId: `m-${i}`, headers: FEDOCAL_HEADERS });
    const shown = () => new Set(reader.messages(GOOD).flatMap((l) => /Cal-(\d+)/.exec(l.params[1] ?? "")?.[1] ?? []));
    await waitFor(() => shown().size === N, `every message in ${GOOD} (have ${shown().size})`, 40_000, 50);
    assert.equal(reader.messages(LOCKED).length, 0);
    const scrape = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const dropped = (text: string) =>
      Number(/^fedmsg_echo_sink_dropped_total\{[^}]*channel="#locked"[^}]*reason="unavailable"[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);
    let text = "";
    for (let i = 0; i < 100 && dropped(text) !== N; i++) {
      text = await scrape();
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(dropped(text), N, `every message for ${LOCKED} dropped "unavailable"`);
    assert.equal(await broker.ready(), 0, "the queue is empty");
    const readyz = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
    assert.equal(readyz.status, 503);
    assert.match(await readyz.text(), /#locked unavailable/);
    assert.match(b.stderr(), /lane unavailable for too long/);
    b.child.kill("SIGTERM");
    assert.equal(await b.exited(), 0, b.stderr());
  });

  it("while the locked channel holds the prefetch (the default 600 s), /readyz is 503 and says which channel, since when, how many held, when given up", async () => {
    const metricsPort = await freePort();
    const PREFETCH = 10;
    const b = startBot(metricsPort, { prefetch: PREFETCH, shutdownMs: 1000 });
    cleanups.push(() => b.cleanup());
    await reader.waitFor((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot!") && l.params[0] === GOOD, 30_000);
    for (let i = 0; i < N; i++)
      await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(i), { messageId: `m-${i}`, headers: FEDOCAL_HEADERS });
    const shown = () => reader.messages(GOOD).length;
    // The starvation: the good channel shows the prefetch, then nothing, while the locked one holds it.
    await waitFor(() => shown() === PREFETCH, `${PREFETCH} lines in ${GOOD}`, 30_000, 50);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(shown(), PREFETCH, `${GOOD} starved: ${N - PREFETCH} messages wait behind the locked channel`);
    const readyz = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
    const body = await readyz.text();
    assert.equal(readyz.status, 503, body);
    assert.match(body, new RegExp(`#locked unavailable since \\S+Z: holding ${PREFETCH} messages`), body);
    assert.match(body, /given up at \S+Z \(in 5\d\d s\)/, body);
    assert.match(b.stderr(), /lane unavailable \(a JOIN refused\?/);
    b.child.kill("SIGTERM");
    assert.equal(await b.exited(), 0, b.stderr());
  });
});
