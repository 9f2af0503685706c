import { strict as assert } from "node:assert";
import { MatrixAuthError, MatrixRoomError, MatrixStartError } from "../../../bots/matrix/main.js";
import { MatrixDouble } from "./double.js";
import { BOT, buildSink, kojiBuild, summary, Tickets, until } from "./helpers.js";

describe("matrix start @integration", () => {
  let double: MatrixDouble;
  beforeEach(async () => {
    double = await new MatrixDouble({
      tokens: { "good-token": { user_id: BOT, device_id: "BOTDEVICE" }, "other-token": { user_id: "@someone:double.test" } },
    }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  async function refused(rooms: unknown[], account: Record<string, unknown>, check: (err: unknown) => void): Promise<void> {
    const { sink } = buildSink(double.url, rooms, account);
    await assert.rejects(sink.start(), (err: unknown) => {
      check(err);
      return true;
    });
    await sink.stop(0);
    assert.equal(double.events.length, 0, "nothing was posted");
  }

  it("stops on a bad token (401 M_UNKNOWN_TOKEN), naming the homeserver", async () => {
    const room = double.createRoom();
    await refused([room], { access_token: "wrong" }, (err) => {
      assert.ok(err instanceof MatrixAuthError, String(err));
      assert.ok(err.message.includes(double.url));
      assert.match(err.message, /access token is not valid .*M_UNKNOWN_TOKEN/);
    });
  });

  it("stops when the token belongs to another user or device than configured", async () => {
    const room = double.createRoom();
    await refused([room], { access_token: "other-token" }, (err) => {
      assert.ok(err instanceof MatrixAuthError);
      assert.match(err.message, /belongs to @someone:double\.test, not to user_id @bot:double\.test/);
    });
    await refused([room], { device_id: "OTHER" }, (err) => assert.match(String(err), /device BOTDEVICE, not to device_id OTHER/));
  });

  it("resolves an alias, joins the room and posts there", async () => {
    const id = double.createRoom({ alias: "#fedora-firehose:double.test" });
    const { sink } = buildSink(double.url, ["#fedora-firehose:double.test"], { limit: { burst: 5, rate: 100, queue_max: 10 } });
    await sink.start();
    assert.equal(double.membership(id, BOT), "join");
    const tickets = new Tickets();
    sink.offer(kojiBuild(), summary("via an alias"), tickets.make());
    await until(() => tickets.count("sent") === 1, "the event");
    await sink.stop(1000);
    assert.equal(double.events[0]?.room_id, id);
  });

  it("messages that come while the start joins the room wait for it, with no 'lane unavailable' warning", async () => {
    const id = double.createRoom();
    // The first JOIN hangs until the request timeout: the start takes about two seconds.
    double.fault("join", { kind: "hang" });
    const { sink, logs, metrics } = buildSink(double.url, [id], { limit: { burst: 5, rate: 100, queue_max: 10 } });
    const started = sink.start();
    const tickets = new Tickets();
    for (let i = 0; i < 3; i++) sink.offer(kojiBuild(`early-${i}`), summary(`early ${i}`), tickets.make());
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(tickets.outcomes.size, 0, "held while the start is under way");
    // Not hidden: /readyz says the sink is starting, and only the sink (no lane is unavailable).
    const during = metrics.readiness.state();
    assert.equal(during.ready, false);
    assert.deepEqual(
      during.components.map((c) => [c.kind, c.name, c.ready]),
      [["sink", sink.name, false]],
    );
    assert.match(during.components[0]?.detail ?? "", /^starting: checking the access token of @bot:double\.test and joining 1 rooms$/);
    await started;
    assert.equal(metrics.readiness.state().ready, true, JSON.stringify(metrics.readiness.state()));
    await until(() => tickets.count("sent") === 3, "the three events");
    await sink.stop(1000);
    assert.equal(double.events.length, 3);
    assert.equal(logs.find(/lane unavailable/), undefined, JSON.stringify(logs.lines.filter((l) => Number(l.level) >= 40)));
  });

  it("stops naming the alias that does not exist", async () => {
    await refused(["#nowhere:double.test"], {}, (err) => {
      assert.ok(err instanceof MatrixRoomError);
      assert.equal(err.room, "#nowhere:double.test");
      assert.match(err.message, /alias does not exist/);
    });
  });

  it("stops naming the room it cannot join (invite-only, banned)", async () => {
    const closed = double.createRoom({ inviteOnly: true });
    await refused([closed], {}, (err) => {
      assert.ok(err instanceof MatrixRoomError);
      assert.match(err.message, /cannot join: HTTP 403 M_FORBIDDEN: You are not invited/);
    });
    const banned = double.createRoom();
    double.ban(banned, BOT);
    await refused([banned], {}, (err) => assert.match(String(err), /banned/));
  });

  it("joins an invite-only room it was invited to", async () => {
    const closed = double.createRoom({ inviteOnly: true });
    double.invite(closed, BOT);
    const { sink } = buildSink(double.url, [closed]);
    await sink.start();
    await sink.stop(0);
    assert.equal(double.membership(closed, BOT), "join");
  });

  it("stops on an encrypted room, saying encrypted rooms are not supported", async () => {
    const plain = double.createRoom();
    const secret = double.createRoom({ encrypted: true });
    await refused([plain, { room: secret }], {}, (err) => {
      assert.ok(err instanceof MatrixRoomError);
      assert.equal(err.room, secret);
      assert.match(err.message, /encrypted \(m\.room\.encryption, m\.megolm\.v1\.aes-sha2\); encrypted rooms are not supported/);
    });
  });

  it("retries the start calls through 5xx, HTML pages and 429, then starts", async () => {
    const room = double.createRoom({ alias: "#r:double.test" });
    double.fault("whoami", { kind: "error", status: 502, body: "html" }, { kind: "rate-limit", retryAfterMs: 30 });
    double.fault("join", { kind: "error", status: 500, body: "json" });
    const { sink, logs } = buildSink(double.url, ["#r:double.test"]);
    await sink.start();
    await sink.stop(0);
    assert.equal(double.membership(room, BOT), "join");
    assert.ok(logs.lines.filter((l) => /retrying/.test(String(l.msg))).length >= 3);
  });

  it("gives up the start after max_attempts of failures, with the last reason", async () => {
    double.createRoom();
    double.fault("whoami", ...Array.from({ length: 3 }, () => ({ kind: "error" as const, status: 503, body: "json" as const })));
    await refused([double.createRoom()], { retry: { max_attempts: 3, backoff_ms: 10, backoff_max_ms: 20 } }, (err) => {
      assert.ok(err instanceof MatrixStartError);
      assert.match(err.message, /cannot check the access token after 3 attempts: HTTP 503/);
    });
  });

  it("does not follow a redirect (the token would go with it)", async () => {
    const { createServer } = await import("node:http");
    let followed = 0;
    const elsewhere = createServer((_req, res) => {
      followed++;
      res.end("{}");
    });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", r));
    const port = (elsewhere.address() as { port: number }).port;
    const redirecting = createServer((_req, res) =>
      res.writeHead(302, { Location: `http://127.0.0.1:${port}/_matrix/client/v3/account/whoami` }).end(),
    );
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as { port: number }).port}`;
      const { sink } = buildSink(url, ["!a:double.test"]);
      await assert.rejects(
        sink.start(),
        /HTTP 302 \(redirect to http:\/\/127\.0\.0\.1:\d+\/_matrix\/client\/v3\/account\/whoami, not followed\)/,
      );
      await sink.stop(0);
      assert.equal(followed, 0);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });
});
