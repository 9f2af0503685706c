import assert from "node:assert/strict";
import { ManualClock, turns } from "../../../bots/flow/clock.js";
import { Pacer, PRIORITY } from "../../../bots/flow/pacer.js";
import { CONTROL_QUEUE_MAX, ControlLines, controlLineCost } from "../../../bots/irc/pacer.js";

function setup(burst: number, rate = 1) {
  const clock = new ManualClock();
  const pacer = new Pacer({ rate, burst, clock });
  const written: string[] = [];
  let registered = false;
  const control = new ControlLines(pacer, { isRegistered: () => registered, send: (l) => written.push(l.text) });
  return {
    clock,
    pacer,
    control,
    written,
    register: () => {
      registered = true;
      control.wake();
    },
  };
}

describe("IRC control lines on the shared pace", () => {
  it("sends nothing before registration; then control lines before channel lines", async () => {
    const s = setup(1);
    s.control.push("JOIN #a", true);
    await turns(10);
    assert.deepEqual(s.written, [], "not registered yet");
    await s.pacer.acquire(); // the bucket is empty: what follows waits for refills
    const line = s.pacer.acquire(1, PRIORITY.line).then(() => s.written.push("PRIVMSG #a :x"));
    await turns(10);
    s.register();
    s.control.push("MODE #a", true);
    await s.clock.advance(5000);
    await line;
    assert.deepEqual(s.written, ["JOIN #a", "MODE #a", "PRIVMSG #a :x"]);
    await s.pacer.stop();
  });

  it("a JOIN costs two tokens, as InspIRCd counts it", async () => {
    assert.equal(controlLineCost("JOIN #a"), 2);
    assert.equal(controlLineCost("MODE #a"), 1);
    const s = setup(2);
    s.register();
    s.control.push("JOIN #a", true);
    s.control.push("JOIN #b", true);
    await turns(10);
    assert.deepEqual(s.written, ["JOIN #a"]);
    await s.clock.advance(1000);
    assert.deepEqual(s.written, ["JOIN #a"], "one token is not enough for a JOIN");
    await s.clock.advance(1000);
    assert.deepEqual(s.written, ["JOIN #a", "JOIN #b"]);
    await s.pacer.stop();
  });

  it("lines written outside it (registration, PONG) cost tokens too", async () => {
    const s = setup(3);
    s.pacer.charge();
    s.pacer.charge();
    s.register();
    s.control.push("MODE #a", true);
    s.control.push("MODE #b", true);
    await turns(10);
    assert.deepEqual(s.written, ["MODE #a"]);
    await s.clock.advance(1000);
    assert.deepEqual(s.written, ["MODE #a", "MODE #b"]);
    await s.pacer.stop();
  });

  it("bounds the control queue (a CTCP flood is ignored), never an essential line", async () => {
    const s = setup(1, 0.001);
    for (let i = 0; i < CONTROL_QUEUE_MAX; i++) assert.equal(s.control.push(`NOTICE x :\x01VERSION ${i}\x01`), true);
    assert.equal(s.control.push("NOTICE x :\x01VERSION over\x01"), false);
    assert.equal(s.control.push("JOIN #a", true), true);
    await s.pacer.stop();
  });

  it("forgets the lines of a dead connection and gives their tokens back", async () => {
    const s = setup(1, 1);
    s.register();
    s.control.push("MODE #a", true);
    s.control.push("MODE #b", true);
    await turns(10);
    assert.deepEqual(s.written, ["MODE #a"]);
    s.control.clear();
    await s.clock.advance(1000);
    assert.deepEqual(s.written, ["MODE #a"]);
    s.control.push("MODE #c", true);
    await turns(10);
    assert.deepEqual(s.written, ["MODE #a", "MODE #c"], "the refunded token is there at once");
    await s.pacer.stop();
  });
});
