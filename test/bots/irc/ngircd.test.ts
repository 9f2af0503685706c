/** @integration The IRC bot against a real ngircd, read by a second, plain IRC client. */
import assert from "node:assert/strict";
import { IrcAuthError, IrcTlsError } from "../../../bots/irc/main.js";
import { IRC_ELLIPSIS, ircTextBudget, renderIrc } from "../../../formatters/render/irc.js";
import { summary } from "../../helpers/builders.js";
import { makeBot, type TestBot } from "../../helpers/irc/bot.js";
import { waitFor } from "../../helpers/collect.js";
import { RawClient, sleep, startNgircd, trailingBytes, type IrcServer } from "../../helpers/irc/harness.js";

const CHAN = "#fedmsg";
const LINK = "https://bodhi.fedoraproject.org/updates/FEDORA-2026-abcdef0123";
const utf8 = new TextDecoder("utf-8", { fatal: true });

describe("IRC bot on ngircd @integration", function () {
  this.timeout(40_000);
  let server: IrcServer;
  let port: number;
  let reader: RawClient;
  const bots: TestBot[] = [];
  const readers: RawClient[] = [];

  async function bot(over: Record<string, unknown> = {}): Promise<TestBot> {
    const b = makeBot(port, over);
    bots.push(b);
    await b.sink.start();
    return b;
  }

  async function newReader(nick = "reader", channels = [CHAN]): Promise<RawClient> {
    const r = await RawClient.connect(port, nick);
    readers.push(r);
    for (const c of channels) await r.join(c);
    return r;
  }

  /**
   * Restarts the server just after a failed attempt, so the reader is in the
   * channel long before the bot's next try (reconnect_min_ms away).
   */
  async function restartBetweenRetries(b: TestBot): Promise<void> {
    const failed = b.metrics.total("irc_disconnects");
    await waitFor(() => b.metrics.total("irc_disconnects") > failed, "a failed reconnect attempt");
    await server.start();
  }

  beforeEach(async () => {
    ({ server, port } = await startNgircd());
    reader = await newReader();
  });

  afterEach(async () => {
    for (const b of bots.splice(0)) await b.sink.stop(0);
    for (const r of readers.splice(0)) r.close();
    await server.stop();
  });

  it("delivers lines exactly as rendered, per channel options and filters", async () => {
    const other = "#bodhi";
    await reader.join(other);
    const b = await bot({
      channels: [
        CHAN,
        {
          name: other,
          colors: false,
          notice: true,
          template: "[{app}] {text} {link}",
          filters: { include: ["org.fedoraproject.prod.bodhi.**"] },
        },
      ],
    });
    const prefix = b.sink.connection?.prefix ?? null;
    assert.match(prefix ?? "", /^fedbot!~?fedmsg@127\.0\.0\.1$/);
    const koji = { text: "ralph's pkg-1.0-1.fc40 completed", link: "https://koji.fedoraproject.org/koji/taskinfo?taskID=1", app: "koji" };
    const bodhi = { text: "bodhi update FEDORA-2026-1 pushed to stable", link: LINK, app: "bodhi" };
    b.say(koji);
    b.say(bodhi, "org.fedoraproject.prod.bodhi.update.complete.stable");
    const main = await reader.waitForMessages(CHAN, 2);
    const side = await reader.waitForMessages(other, 1);
    const expect = (over: object, title: string, opts: object, command: "PRIVMSG" | "NOTICE", chan: string): string =>
      renderIrc(summary({ title, ...over }), { maxBytes: ircTextBudget(prefix, command, chan), ...opts });
    assert.deepEqual(
      main.map((l) => trailingBytes(l).toString("utf8")),
      [
        expect(koji, "buildsys.build.state.change", {}, "PRIVMSG", CHAN),
        expect(bodhi, "bodhi.update.complete.stable", {}, "PRIVMSG", CHAN),
      ],
    );
    assert.equal(side.length, 1);
    assert.equal(side[0]?.command, "NOTICE");
    assert.equal(trailingBytes(side[0]).toString("utf8"), "[bodhi] bodhi update FEDORA-2026-1 pushed to stable " + LINK);
    assert.equal(main[0]?.prefix, prefix);
  });

  it("keeps multibyte text near the byte budget whole, valid UTF-8 and in one line", async () => {
    const b = await bot();
    const units = ["😀", "漢字", "👩🏽‍💻", "é", "a"];
    for (const u of units) b.say({ text: u.repeat(500), link: LINK });
    const lines = await reader.waitForMessages(CHAN, units.length);
    assert.equal(lines.length, units.length, "irc-framework must not split a line");
    for (const [i, l] of lines.entries()) {
      assert.ok(l.raw.length <= 510, `line of ${l.raw.length} bytes`);
      assert.ok(l.raw.length > 480, "filled up to the budget, far past irc-framework's 350-byte split");
      const text = utf8.decode(trailingBytes(l));
      assert.ok(text.endsWith(`\x0310${LINK}\x0f`), "the link is whole");
      const body = text.slice(text.indexOf(" -- ") + 4, text.lastIndexOf(` \x0310${LINK}`));
      assert.ok(body.endsWith(IRC_ELLIPSIS));
      const kept = body.slice(0, -IRC_ELLIPSIS.length);
      const unit = units[i];
      assert.ok(unit);
      assert.equal(kept, unit.repeat(kept.length / unit.length), "cut between whole characters");
    }
  });

  it("lets no payload inject a command or a CTCP", async () => {
    const b = await bot();
    b.say({ text: "evil\r\nQUIT :x", link: "https://x.org/\r\nJOIN #owned" });
    b.say({ title: "x\r\nPRIVMSG #fedmsg :\x01ACTION", text: "\x01ACTION dances\x01" });
    b.say({ text: "after" });
    const lines = await reader.waitForMessages(CHAN, 3);
    assert.equal(lines.length, 3);
    for (const l of lines) assert.doesNotMatch(trailingBytes(l).toString("latin1"), /[\r\n\0\x01]/);
    const [, , last] = lines;
    assert.ok(last);
    assert.match(trailingBytes(last).toString(), / -- after$/);
    assert.ok(!reader.lines.some((l) => l.command === "QUIT" || (l.command === "JOIN" && l.params[0] === "#owned")));
    assert.ok(b.sink.connection?.isJoined(CHAN));
    assert.equal(b.metrics.total("irc_lines_refused"), 0);
  });

  it("takes an alternate nick on collision and reclaims its own", async () => {
    const squatter = await newReader("fedbot");
    const b = await bot({ nick_reclaim_ms: 1000 });
    assert.equal(b.sink.connection?.nick, "fedbot_");
    b.say({ text: "as the alternate" });
    const [first] = await reader.waitForMessages(CHAN, 1);
    assert.ok(first);
    assert.match(first.prefix, /^fedbot_!/);
    squatter.send("QUIT :bye");
    await reader.waitFor((l) => l.command === "NICK" && l.prefix.startsWith("fedbot_!") && l.params[0] === "fedbot");
    b.say({ text: "with its own nick" });
    const lines = await reader.waitForMessages(CHAN, 2);
    const [, second] = lines;
    assert.ok(second);
    assert.match(second.prefix, /^fedbot!/);
  });

  it("budgets a line sent while reclaiming a longer nick for the nick the server relays it under", async () => {
    const wanted = "fedbotwithalongernick";
    const squatter = await newReader(wanted);
    const b = await bot({ nickname: wanted, alt_nicknames: ["fb"], nick_reclaim_ms: 1000 });
    assert.equal(b.sink.connection?.nick, "fb");
    // A bus message arriving just after the NICK went out, before the server confirmed it.
    b.sink.connection.on("written", (line) => {
      if (line === `NICK ${wanted}`) b.say({ text: "x".repeat(600), link: LINK });
    });
    squatter.send("QUIT :bye");
    const [line] = await reader.waitForMessages(CHAN, 1);
    assert.ok(line);
    assert.ok(line.prefix.startsWith(`${wanted}!`), "relayed under the reclaimed nick");
    assert.ok(trailingBytes(line).toString().endsWith(`\x0310${LINK}\x0f`), `cut by the server: ${line.raw.length} bytes`);
  });

  it("reconnects after the server dies, rejoins, and sends what was queued meanwhile", async () => {
    const b = await bot({ reconnect_min_ms: 1000, reconnect_max_ms: 1000 });
    b.say({ text: "before" });
    await reader.waitForMessages(CHAN, 1);
    // Sent once the server proved it handled the line (a PING behind it came back); a line not yet
    // proven when the server dies is sent again after the reconnect (shown twice rather than lost).
    await waitFor(() => b.tickets.count("sent") === 1, "the line proven shown");
    await server.kill();
    await waitFor(() => !b.sink.connection?.isRegistered(), "the bot to notice");
    for (const n of [1, 2, 3]) b.say({ text: `queued ${n}` });
    await restartBetweenRetries(b);
    const again = await newReader("reader2");
    const lines = await again.waitForMessages(CHAN, 3);
    assert.deepEqual(
      lines.map((l) => trailingBytes(l).toString().split(" -- ")[1]),
      ["queued 1", "queued 2", "queued 3"],
    );
    assert.ok(b.metrics.total("irc_disconnects") >= 1);
    assert.ok(b.metrics.total("irc_registrations") >= 2);
  });

  it("joins with a channel key; on a refused JOIN logs, retries slowly, and keeps other channels flowing", async () => {
    const locked = "#locked";
    const keyed = "#keyed";
    await reader.join(locked);
    await reader.join(keyed);
    reader.send(`MODE ${locked} +k sesame`);
    reader.send(`MODE ${keyed} +k opensesame`);
    await reader.waitFor((l) => l.command === "MODE" && l.params[0] === keyed);
    const b = await bot({ rejoin_blocked_ms: 1000, channels: [locked, { name: keyed, key: "opensesame" }, CHAN] });
    b.say({ text: "for everyone" });
    await reader.waitForMessages(CHAN, 1);
    await reader.waitForMessages(keyed, 1);
    assert.equal(reader.messages(locked).length, 0);
    assert.ok(b.metrics.total("irc_join_refused") >= 1);
    assert.ok(!b.sink.connection?.isJoined(locked));
    reader.send(`MODE ${locked} -k sesame`);
    const [line] = await reader.waitForMessages(locked, 1);
    assert.ok(line);
    assert.match(trailingBytes(line).toString(), / -- for everyone$/, "the line waited in the queue for its channel");
  });

  it("joins every channel of a long list, even when more JOINs wait than control lines may", async () => {
    // More channels than CONTROL_QUEUE_MAX: their JOINs (and MODE queries) all queue behind the registration's debt.
    const channels = Array.from({ length: 30 }, (_, i) => `#many${i}`);
    const b = await bot({ limit: { burst: 1, rate: 50, queue_max: 500 }, channels });
    await waitFor(() => channels.every((c) => b.sink.connection?.isJoined(c) ?? false), "every channel joined", 10_000);
  });

  it("identifies to NickServ when there is no SASL", async () => {
    const nickserv = await newReader("NickServ", []);
    await bot({ nickserv_password: "hunter2" });
    const identify = await nickserv.waitFor((l) => l.command === "PRIVMSG" && l.params[0] === "NickServ");
    assert.equal(identify.params[1], "IDENTIFY fedbot hunter2");
  });

  it("drops a server that stops answering (ping timeout) and comes back when it does", async () => {
    const b = await bot({ ping_timeout_s: 5, connect_timeout_ms: 1000, reconnect_min_ms: 200, reconnect_max_ms: 400 });
    server.pause();
    await waitFor(() => b.metrics.total("irc_disconnects") >= 1, "the ping timeout", 15_000);
    b.say({ text: "after the hang" });
    server.resume();
    const [line] = await reader.waitForMessages(CHAN, 1);
    assert.ok(line);
    assert.match(trailingBytes(line).toString(), / -- after the hang$/);
    assert.ok(b.metrics.total("irc_registrations") >= 2);
  });

  it("start() gives up waiting for a server that is down, and the bot keeps retrying", async () => {
    await server.kill();
    const b = await bot({ start_wait_ms: 300, reconnect_min_ms: 1000, reconnect_max_ms: 1000 });
    b.say({ text: "waits for the server" });
    await restartBetweenRetries(b);
    const again = await newReader("reader2");
    const [line] = await again.waitForMessages(CHAN, 1);
    assert.ok(line);
    assert.match(trailingBytes(line).toString(), / -- waits for the server$/);
  });

  it("refuses to start when SASL is configured and the server cannot do it", async () => {
    const b = makeBot(port, { sasl_mechanism: "PLAIN", sasl_password: "hunter2" });
    bots.push(b);
    await assert.rejects(
      b.sink.start(),
      (err: unknown) => err instanceof IrcAuthError && /SASL PLAIN failed.*capability_missing/.test(err.message),
    );
    assert.ok(!reader.lines.some((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot!")), "never in the channel unauthenticated");
  });

  it("sends the shortened link, keeping the bus order while links are being shortened", async () => {
    const http = await import("node:http");
    const svc = http.createServer((req, res) => {
      const target = new URL(req.url ?? "/", "http://x").searchParams.get("url") ?? "";
      // The first link answers last: order must still be kept.
      setTimeout(() => res.end(`https://da.gd/${target.slice(-1)}`), target.endsWith("1") ? 200 : 0);
    });
    await new Promise<void>((resolve) => svc.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(svc.address() as { port: number }).port}/s?url={url}`;
      const b = await bot({ shortener: { url, timeout_ms: 2000 } });
      b.say({ text: "one", link: "https://bodhi.fedoraproject.org/updates/1" });
      b.say({ text: "two", link: "https://bodhi.fedoraproject.org/updates/2" });
      const lines = await reader.waitForMessages(CHAN, 2);
      assert.deepEqual(
        lines.map((l) => trailingBytes(l).toString().split(" -- ")[1]),
        ["one \x0310https://da.gd/1\x0f", "two \x0310https://da.gd/2\x0f"],
      );
    } finally {
      svc.closeAllConnections();
      await new Promise((resolve) => svc.close(resolve));
    }
  });

  it("rejoins after a KICK", async () => {
    const b = await bot();
    await reader.waitFor((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot!"));
    reader.send(`KICK ${CHAN} fedbot :testing`);
    await reader.waitFor((l) => l.command === "KICK");
    const joins = (): number => reader.lines.filter((l) => l.command === "JOIN" && l.prefix.startsWith("fedbot!")).length;
    await waitFor(() => joins() === 2, "the rejoin");
    b.say({ text: "back" });
    const [line] = await reader.waitForMessages(CHAN, 1);
    assert.ok(line);
    assert.match(trailingBytes(line).toString(), / -- back$/);
    assert.equal(b.metrics.total("irc_kicks"), 1);
  });

  it("never answers the channel; answers CTCP VERSION and SOURCE", async () => {
    await bot();
    reader.send(`PRIVMSG ${CHAN} :fedbot: hello?`);
    reader.send("PRIVMSG fedbot :hi there");
    reader.send("PRIVMSG fedbot :\x01VERSION\x01");
    const version = await reader.waitFor((l) => l.command === "NOTICE" && l.prefix.startsWith("fedbot!"));
    assert.match(version.params[1] ?? "", /^\x01VERSION fedmsg-echo \S+ .*\x01$/);
    const fromBot = reader.lines.filter((l) => l.prefix.startsWith("fedbot!") && (l.command === "PRIVMSG" || l.command === "NOTICE"));
    assert.equal(fromBot.length, 1, "nothing before the CTCP reply");
    await sleep(2100); // CTCP replies are spaced by CTCP_REPLY_MIN_INTERVAL_MS
    reader.send("PRIVMSG fedbot :\x01SOURCE\x01");
    const source = await reader.waitFor((l) => l.command === "NOTICE" && (l.params[1] ?? "").startsWith("\x01SOURCE "));
    assert.match(source.params[1] ?? "", /^\x01SOURCE https:\/\/\S+\x01$/);
  });

  it("on stop sends what is queued, then QUITs with its message", async () => {
    const b = await bot({ limit: { burst: 1, rate: 10, queue_max: 100 } });
    for (const n of [1, 2, 3, 4, 5]) b.say({ text: `line ${n}` });
    await b.sink.stop(10_000);
    const quit = await reader.waitFor((l) => l.command === "QUIT" && l.prefix.startsWith("fedbot!"));
    assert.match(quit.params[0] ?? "", /fedmsg-echo: shutting down/);
    const lines = reader.messages(CHAN);
    assert.deepEqual(
      lines.map((l) => trailingBytes(l).toString().split(" -- ")[1]),
      ["line 1", "line 2", "line 3", "line 4", "line 5"],
    );
    b.say({ text: "after stop" });
    assert.equal(b.sink.flow.counts().queued, 0, "no line taken after stop");
    assert.equal(b.tickets.count("sent"), 5);
    assert.equal(b.tickets.count("dropped", "shutdown"), 1, "the message after stop is dropped, and says why");
  });

  it("keeps what it is offered before and during registration, and sends it once the channel is joined", async () => {
    const b = makeBot(port);
    bots.push(b);
    for (const n of [1, 2, 3]) b.say({ text: `early ${n}` });
    const starting = b.sink.start();
    b.say({ text: "early 4" });
    await starting;
    const lines = await reader.waitForMessages(CHAN, 4);
    assert.deepEqual(
      lines.map((l) => trailingBytes(l).toString().split(" -- ")[1]),
      ["early 1", "early 2", "early 3", "early 4"],
    );
    // "sent" once a PING behind the lines came back.
    await waitFor(() => b.tickets.outcomes.size === 4, "every line proven shown");
    assert.equal(b.tickets.count("sent"), 4);
  });

  it("on stop mid-burst folds the backlog into digests and sends them before the deadline; nothing is silently lost", async () => {
    const b = await bot({ limit: { burst: 2, rate: 5, queue_max: 50 } });
    for (let i = 0; i < 300; i++)
      b.say(
        { text: `burst ${i}`, packages: [`pkg-${i}`] },
        i % 2 ? "org.fedoraproject.prod.buildsys.build.state.change" : "org.fedoraproject.prod.copr.build.end",
      );
    await new Promise((r) => setTimeout(r, 500));
    await b.sink.stop(4000);
    await reader.waitFor((l) => l.command === "QUIT" && l.prefix.startsWith("fedbot!"));
    assert.equal(b.tickets.outcomes.size, 300, "every message has its outcome");
    assert.equal(b.tickets.count("sent") + b.tickets.count("digested"), 300);
    const texts = reader.messages(CHAN).map((l) => trailingBytes(l).toString());
    assert.ok(
      texts.some((t) => /(buildsys|copr): [\d,]+ /.test(t)),
      texts.join("\n"),
    );
    const c = b.sink.flow.counts();
    assert.equal(texts.length, c.singleLines + c.digestLines, "every line written reached the channel");
  });

  it("on stop drops a server that never answers the QUIT, so no socket keeps the process alive", async () => {
    const b = await bot();
    server.pause();
    await b.sink.stop(0);
    await waitFor(() => b.sink.connection?.client.connected === false, "the socket to be closed");
  });
});

describe("IRC bot over TLS @integration", function () {
  this.timeout(30_000);

  it("verifies the server with the configured CA file, and refuses it without", async () => {
    const { server, port, tlsPort, caFile } = await startNgircd({ tls: true });
    const reader = await RawClient.connect(port, "reader");
    const bots: TestBot[] = [];
    try {
      await reader.join(CHAN);
      const good = makeBot(tlsPort, { tls: true, network: "localhost", ca_file: caFile });
      bots.push(good);
      await good.sink.start();
      good.say({ text: "over TLS" });
      const [line] = await reader.waitForMessages(CHAN, 1);
      assert.ok(line);
      assert.match(trailingBytes(line).toString(), / -- over TLS$/);

      const bad = makeBot(tlsPort, { tls: true, network: "localhost", nickname: "badbot" });
      bots.push(bad);
      await assert.rejects(bad.sink.start(), (err: unknown) => err instanceof IrcTlsError && /self-signed|SELF_SIGNED/i.test(err.message));
    } finally {
      for (const b of bots) await b.sink.stop(0);
      reader.close();
      await server.stop();
    }
  });
});
