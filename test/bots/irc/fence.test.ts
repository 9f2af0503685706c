/** The fences that prove lines shown (bots/irc/fence.ts), on a fake wire with a hand-moved clock. */
import assert from "node:assert/strict";
import { FENCE_MAX_AGE_MS, FENCE_QUIET_MS, Fences, pongToken, type Confirmation } from "../../../bots/irc/fence.js";

class FakeWire {
  t = 0;
  free = true;
  readonly asked: string[] = [];
  stuck = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  sendFence(token: string): void {
    this.asked.push(token);
  }
  unanswered(): void {
    this.stuck++;
  }
  tokenFree(): boolean {
    return this.free;
  }
  now(): number {
    return this.t;
  }
  later(ms: number, fn: () => void): { cancel(): void } {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      next.live = false;
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

function setup(): { wire: FakeWire; fences: Fences; results: Map<string, Confirmation>; add: (ch: string, name: string) => void } {
  const wire = new FakeWire();
  const fences = new Fences(wire, UNANSWERED_MS);
  const results = new Map<string, Confirmation>();
  return {
    wire,
    fences,
    results,
    add: (ch, name) => void fences.add(ch).then((c) => results.set(name, c)),
  };
}

const UNANSWERED_MS = 120_000;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("IRC fences", () => {
  it("fences a quiet writer once a token is free; the PONG confirms every line written before the PING", async () => {
    const { wire, fences, results, add } = setup();
    add("#a", "one");
    assert.deepEqual(wire.asked, [], "not at once: more lines may follow");
    wire.advance(FENCE_QUIET_MS / 2);
    add("#A", "two"); // two lines make the first batch: the fence is due (no quiet needed, a token is free)
    assert.equal(wire.asked.length, 1);
    fences.lineWritten(`PING :${wire.asked[0]}`);
    add("#a", "after");
    assert.equal(fences.pong(wire.asked[0]), true);
    await tick();
    assert.deepEqual(
      [...results],
      [
        ["one", "shown"],
        ["two", "shown"],
      ],
    );
    assert.equal(fences.unconfirmed, 1, "the line written after the PING waits for the next fence");
    wire.advance(FENCE_QUIET_MS);
    assert.equal(wire.asked.length, 2);
  });

  it("under a backlog (no free token) fences after 2 lines on a new connection, doubling with each proof up to half the cap, or at FENCE_MAX_AGE_MS", () => {
    const { wire, fences, add } = setup();
    wire.free = false;
    const prove = (): void => {
      const token = wire.asked[wire.asked.length - 1] ?? "";
      fences.lineWritten(`PING :${token}`);
      fences.pong(token);
    };
    const linesPerFence: number[] = [];
    let lines = 0;
    for (let i = 0; i < 200; i++) {
      const before = wire.asked.length;
      add("#a", `l${i}`);
      lines++;
      if (wire.asked.length > before) {
        linesPerFence.push(lines);
        lines = 0;
        prove();
      }
    }
    assert.deepEqual(linesPerFence.slice(0, 6), [2, 4, 8, 16, 25, 25]);
    add("#a", "old");
    assert.equal(wire.asked.length, linesPerFence.length);
    wire.advance(FENCE_MAX_AGE_MS);
    assert.equal(wire.asked.length, linesPerFence.length + 1, "the oldest line waited FENCE_MAX_AGE_MS: a fence");
    prove();
    fences.lost();
    add("#a", "new connection");
    add("#a", "second");
    assert.equal(wire.asked.length, linesPerFence.length + 2, "a new connection starts again at 2");
  });

  it("keeps one fence out at a time; a refusal takes back only its channel's lines; a lost connection all of them", async () => {
    const { wire, fences, results, add } = setup();
    add("#a", "a1");
    add("#b", "b1");
    wire.advance(FENCE_QUIET_MS);
    fences.lineWritten(`PING :${wire.asked[0]}`);
    add("#a", "a2");
    wire.advance(FENCE_MAX_AGE_MS * 2);
    assert.equal(wire.asked.length, 1, "no second fence while one is out (a hung server)");
    assert.equal(fences.refused("#A"), 2);
    await tick();
    assert.equal(results.get("a1"), "refused");
    assert.equal(results.get("a2"), "refused");
    assert.equal(results.has("b1"), false);
    assert.equal(wire.stuck, 0);
    wire.advance(UNANSWERED_MS);
    assert.equal(wire.stuck, 1, "a fence unanswered for the ping timeout: the connection is broken");
    fences.lost();
    await tick();
    assert.equal(results.get("b1"), "lost");
    assert.equal(fences.unconfirmed, 0);
    assert.equal(fences.pong(wire.asked[0]), true, "a late PONG of ours is recognised and ignored");
  });

  it("ignores PONGs that are not its own (irc-framework's keepalive)", () => {
    const { fences } = setup();
    assert.equal(fences.pong("1764590000"), false);
    assert.equal(fences.pong(undefined), false);
  });

  it("when stopping, fences a quiet writer even without a free token", () => {
    const { wire, fences, add } = setup();
    wire.free = false;
    fences.hurry();
    add("#a", "last");
    wire.advance(FENCE_QUIET_MS);
    assert.equal(wire.asked.length, 1);
  });
});

describe("pongToken", () => {
  it("reads the token wherever the server puts it", () => {
    assert.equal(pongToken(":irc.example PONG irc.example :fedmsg-echo-fence-3"), "fedmsg-echo-fence-3");
    assert.equal(pongToken("PONG :fedmsg-echo-fence-3"), "fedmsg-echo-fence-3");
    assert.equal(pongToken(":irc.example PONG irc.example fedmsg-echo-fence-3"), "fedmsg-echo-fence-3");
    assert.equal(pongToken("@time=2026-12-01T12:00:00.000Z :irc.example pong irc.example :fedmsg-echo-fence-3"), "fedmsg-echo-fence-3");
    assert.equal(pongToken(":irc.example PRIVMSG #a :PONG x"), null);
    assert.equal(pongToken(":irc.example PONG"), null);
  });
});
