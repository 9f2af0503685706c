import { strict as assert } from "node:assert";
import { MatrixDouble } from "./double.js";
import { BOT, buildSink, kojiBuild, summary, Tickets, until } from "./helpers.js";

describe("matrix membership (/sync) @integration", function () {
  this.timeout(30_000);
  let double: MatrixDouble;
  beforeEach(async () => {
    double = await new MatrixDouble({ rateLimit: null }).start();
  });
  afterEach(async () => {
    await double.close();
  });

  const fast = { limit: { burst: 10, rate: 100, queue_max: 50 }, rejoin_after_kick_ms: 300, forbidden_retry_ms: 1000 };

  it("after a kick, joins again after rejoin_after_kick_ms and sends what waited, each once", async () => {
    const room = double.createRoom();
    const tickets = new Tickets();
    const { sink, logs } = buildSink(double.url, [room], fast);
    await sink.start();
    sink.offer(kojiBuild(), summary("before the kick"), tickets.make());
    await until(() => tickets.count("sent") === 1, "the first event");
    double.kick(room, BOT, "testing kicks");
    await until(() => logs.find(/removed from the Matrix room/) !== undefined, "the kick seen");
    const kickedAt = Date.now();
    sink.offer(kojiBuild(), summary("while kicked"), tickets.make());
    await until(() => tickets.count("sent") === 2, "the waiting event");
    await sink.stop(1000);
    assert.ok(Date.now() - kickedAt >= 250, "waited before joining again");
    const kick = logs.find(/removed from the Matrix room/);
    assert.equal(kick?.by, "@admin:double.test");
    assert.equal(kick.reason, "testing kicks");
    assert.equal(double.membership(room, BOT), "join");
    assert.deepEqual(
      double.events.map((e) => String(e.content.body).match(/before the kick|while kicked/)?.[0]),
      ["before the kick", "while kicked"],
    );
  });

  it("accepts an invite to a configured room it had lost, and ignores invites to other rooms", async () => {
    const room = double.createRoom({ inviteOnly: true });
    const other = double.createRoom({ inviteOnly: true });
    double.invite(room, BOT);
    const tickets = new Tickets();
    const { sink, logs } = buildSink(double.url, [room], { ...fast, rejoin_after_kick_ms: 60_000, forbidden_retry_ms: 60_000 });
    await sink.start();
    double.kick(room, BOT);
    await until(() => logs.find(/removed from the Matrix room/) !== undefined, "the kick seen");
    sink.offer(kojiBuild(), summary("after the invite"), tickets.make());
    double.invite(other, BOT);
    double.invite(room, BOT);
    await until(() => tickets.count("sent") === 1, "the event, long before the minute's rejoin");
    await sink.stop(1000);
    assert.equal(double.membership(other, BOT), "invite", "not a configured room: not joined");
    assert.ok(logs.find(/not configured; ignored/));
  });

  it("after a ban, keeps trying every forbidden_retry_ms and gets back in once unbanned", async () => {
    const room = double.createRoom();
    const tickets = new Tickets();
    const { sink, logs } = buildSink(double.url, [room], fast);
    await sink.start();
    double.ban(room, BOT);
    await until(() => logs.find(/banned from the Matrix room/) !== undefined, "the ban seen");
    sink.offer(kojiBuild(), summary("after the ban"), tickets.make());
    await until(() => double.requests.filter((r) => r.route === "join" && r.status === 403).length >= 2, "two refused joins", 10_000);
    const refused = double.requests.filter((r) => r.route === "join" && r.status === 403).map((r) => r.at);
    assert.ok((refused[1] ?? 0) - (refused[0] ?? 0) >= 900, "slowly");
    double.unban(room, BOT);
    await until(() => tickets.count("sent") === 1, "the event after the unban", 10_000);
    await sink.stop(1000);
    assert.equal(double.events.length, 1);
  });

  it("pauses a room for good when encryption is turned on after the start", async () => {
    const room = double.createRoom();
    const tickets = new Tickets();
    const { sink, logs } = buildSink(double.url, [room], fast);
    await sink.start();
    double.kick(room, BOT);
    // Encrypted while the bot was out: its join finds m.room.encryption.
    const state = (double as unknown as { rooms: Map<string, { encryption: unknown }> }).rooms.get(room);
    assert.ok(state);
    state.encryption = { algorithm: "m.megolm.v1.aes-sha2" };
    await until(() => logs.find(/paused for good/) !== undefined, "the room paused");
    sink.offer(kojiBuild(), summary("never in clear"), tickets.make());
    await sink.stop(200);
    assert.equal(double.events.length, 0);
    assert.equal(tickets.count("dropped", "rejected"), 1, "refused at once, with its reason");
    assert.match(String(logs.find(/paused for good/)?.msg), /encrypted rooms are not supported/);
  });

  it("sends a light filter: membership and encryption events only", async () => {
    const room = double.createRoom();
    const { sink } = buildSink(double.url, [room], fast);
    await sink.start();
    await until(() => double.filters.length >= 2, "two syncs");
    await sink.stop(0);
    const f = double.filters[0] as { room: { timeline: { types: string[] } }; presence: { types: string[] } };
    assert.deepEqual(f.room.timeline.types, ["m.room.member", "m.room.encryption"]);
    assert.deepEqual(f.presence.types, []);
  });
});
