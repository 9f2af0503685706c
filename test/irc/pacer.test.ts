import assert from "node:assert/strict";
import { CONTROL_QUEUE_MAX, Pacer } from "../../bots/irc/pacer.js";

interface Item {
  readonly chan: string;
  readonly n: number;
}

/** A pacer whose bucket never refills during a test (1 token per 1000 s): every send is a burst token. */
function pacer(burst: number, queueMax: number, ready = (_: Item) => true) {
  const sent: string[] = [];
  const dropped: string[] = [];
  let registered = true;
  const p = new Pacer<Item>({
    limit: { burst, rate: 0.001, queue_max: queueMax },
    ready: (i) => registered && ready(i),
    controlReady: () => registered,
    send: (i) => sent.push(`${i.chan}:${i.n}`),
    sendControl: (l) => sent.push(l),
    onDrop: (i, why) => dropped.push(`${i.chan}:${i.n}:${why}`),
  });
  return { p, sent, dropped, setRegistered: (v: boolean) => (registered = v) };
}

describe("IRC pacer", () => {
  it("sends a burst, then queues; on overflow drops the oldest", () => {
    const { p, sent, dropped } = pacer(2, 3);
    for (let n = 1; n <= 7; n++) p.push({ chan: "#a", n });
    assert.deepEqual(sent, ["#a:1", "#a:2"]);
    assert.deepEqual(dropped, ["#a:3:overflow", "#a:4:overflow"]);
    assert.equal(p.size, 3);
    p.stop();
    assert.deepEqual(dropped.slice(2), ["#a:5:shutdown", "#a:6:shutdown", "#a:7:shutdown"]);
  });

  it("a channel that is not joined does not hold up the others", () => {
    const { p, sent } = pacer(5, 10, (i) => i.chan !== "#banned");
    p.push({ chan: "#banned", n: 1 });
    p.push({ chan: "#ok", n: 2 });
    assert.deepEqual(sent, ["#ok:2"]);
    assert.equal(p.size, 1);
    p.stop();
  });

  it("sends nothing before registration; then control lines first", () => {
    const { p, sent, setRegistered } = pacer(3, 10);
    setRegistered(false);
    p.push({ chan: "#a", n: 1 });
    assert.ok(p.pushControl("JOIN #a"));
    assert.deepEqual(sent, []);
    setRegistered(true);
    p.pump();
    assert.deepEqual(sent, ["JOIN #a", "#a:1"]);
    p.stop();
  });

  it("lines written outside it (registration, PING) cost tokens too", () => {
    const { p, sent } = pacer(2, 10);
    for (let i = 0; i < 10; i++) p.charge();
    p.push({ chan: "#a", n: 1 });
    assert.deepEqual(sent, []);
    p.stop();
  });

  it("a JOIN costs two tokens, as InspIRCd counts it", () => {
    const { p, sent } = pacer(4, 10);
    for (const c of ["#a", "#b", "#c"]) p.pushControl(`JOIN ${c}`, true);
    p.push({ chan: "#a", n: 1 });
    assert.deepEqual(sent, ["JOIN #a", "JOIN #b"]);
    p.stop();
  });

  it("a wall clock stepped back (NTP) does not silence it", () => {
    const { p, sent } = pacer(2, 10);
    const realNow = Date.now;
    try {
      Date.now = () => realNow() - 3_600_000;
      p.push({ chan: "#a", n: 1 });
      assert.deepEqual(sent, ["#a:1"]);
    } finally {
      Date.now = realNow;
      p.stop();
    }
  });

  it("bounds the control queue (a CTCP flood is ignored)", () => {
    const { p, setRegistered } = pacer(1, 10);
    setRegistered(false);
    for (let i = 0; i < CONTROL_QUEUE_MAX; i++) assert.ok(p.pushControl(`NOTICE x :${i}`));
    assert.equal(p.pushControl("NOTICE x :one too many"), false);
    assert.ok(p.pushControl("JOIN #a", true), "a JOIN is never refused");
    p.stop();
  });

  it("takes no line after close; waitIdle reports a drained queue", async () => {
    const { p, sent, dropped } = pacer(1, 10);
    p.push({ chan: "#a", n: 1 });
    assert.equal(await p.waitIdle(10), true);
    p.close();
    p.push({ chan: "#a", n: 2 });
    assert.deepEqual(sent, ["#a:1"]);
    assert.deepEqual(dropped, ["#a:2:shutdown"]);
    p.stop();
  });
});
