import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { ManualClock, systemFlowClock, turns } from "../../../bots/flow/clock.js";
import { clusterRefill, Pacer, PacerStopped, PRIORITY } from "../../../bots/flow/pacer.js";
import { freePort } from "../../helpers/collect.js";

describe("pacer (bottleneck)", () => {
  it("spends the burst at once, then refills at the rate on the injected clock", async () => {
    const clock = new ManualClock();
    const p = new Pacer({ rate: 2, burst: 3, clock });
    let got = 0;
    for (let i = 0; i < 10; i++)
      void p.acquire().then(
        () => got++,
        () => undefined,
      );
    await turns(20);
    assert.equal(got, 3);
    await clock.advance(1000);
    assert.equal(got, 5);
    await clock.advance(1500);
    assert.equal(got, 8);
    await p.stop();
  });

  it("weights and priorities: a JOIN costs two, control lines go first", async () => {
    const clock = new ManualClock();
    const p = new Pacer({ rate: 1, burst: 2, clock });
    const order: string[] = [];
    await p.acquire(2, PRIORITY.control);
    void p.acquire(1, PRIORITY.line).then(
      () => order.push("line"),
      () => undefined,
    );
    await turns(10);
    void p.acquire(1, PRIORITY.control).then(
      () => order.push("control"),
      () => undefined,
    );
    await clock.advance(1000);
    await clock.advance(1000);
    assert.deepEqual(order, ["control", "line"]);
    await p.stop();
  });

  it("charges lines written outside it, with the debt bounded by one burst", async () => {
    const clock = new ManualClock();
    const p = new Pacer({ rate: 1, burst: 2, clock });
    for (let i = 0; i < 10; i++) p.charge();
    let got = false;
    void p.acquire().then(
      () => (got = true),
      () => undefined,
    );
    await clock.advance(2500);
    assert.equal(got, false, "2 tokens of burst spent and 2 of debt: a token only after 3 s");
    await clock.advance(1000);
    assert.equal(got, true);
    await p.stop();
  });

  it("rejects waiting requests on stop", async () => {
    const p = new Pacer({ rate: 0.001, burst: 1, clock: new ManualClock() });
    await p.acquire();
    const waiting = p.acquire().then(
      () => "granted",
      (err: unknown) => err,
    );
    await turns(5);
    await p.stop();
    assert.ok((await waiting) instanceof PacerStopped);
  });

  it("in a cluster, refills in steps of 5,000 ms and never over the rate", () => {
    assert.deepEqual(clusterRefill({ rate: 1, burst: 4 }), { intervalMs: 5000, amount: 5, maximum: 5 });
    assert.deepEqual(clusterRefill({ rate: 250 / 10_800, burst: 10 }), { intervalMs: 45_000, amount: 1, maximum: 10 });
    assert.deepEqual(clusterRefill({ rate: 10, burst: 4 }), { intervalMs: 5000, amount: 50, maximum: 50 });
  });

  it("two replicas with one id share one budget through Redis @integration", async function () {
    this.timeout(20_000);
    const id = `fedmsg-echo-test-${randomUUID()}`;
    const url = "redis://127.0.0.1:6379";
    const a = new Pacer({ rate: 0.2, burst: 3, clock: systemFlowClock, cluster: { url, id } });
    const b = new Pacer({ rate: 0.2, burst: 3, clock: systemFlowClock, cluster: { url, id } });
    let got = 0;
    try {
      for (let i = 0; i < 4; i++) {
        void a.acquire().then(
          () => got++,
          () => undefined,
        );
        void b.acquire().then(
          () => got++,
          () => undefined,
        );
      }
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(got, 3, "the burst of 3 is shared, not 3 each");
    } finally {
      await a.stop();
      await b.stop();
      const r = new Redis(url);
      const keys = await r.keys(`b_${id}*`);
      if (keys.length) await r.del(...keys);
      await r.quit();
    }
  });

  it("in a cluster, goes on at its own pace while the budget's Redis is frozen or gone, and shares again when it is back @integration", async function () {
    this.timeout(40_000);
    // A redis-server of this test's own: it is frozen (SIGSTOP) and killed.
    const port = await freePort();
    const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const url = `redis://127.0.0.1:${port}`;
    const id = `fedmsg-echo-test-${randomUUID()}`;
    const pacer = new Pacer({ rate: 20, burst: 2, clock: systemFlowClock, cluster: { url, id } });
    /** Resolves with the milliseconds an acquire took, or rejects after `ms`. */
    const timed = async (ms: number): Promise<number> => {
      const t0 = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          pacer.acquire(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`acquire waited over ${ms} ms`)), ms))),
        ]);
      } finally {
        clearTimeout(timer);
      }
      return Date.now() - t0;
    };
    try {
      for (let i = 0; i < 3; i++) await timed(15_000);
      server.kill("SIGSTOP");
      // Frozen: its PING goes unanswered within a few seconds; the waiting request moves to the in-process pace.
      for (let i = 0; i < 5; i++) await timed(10_000);
      server.kill("SIGCONT");
      await new Promise((r) => setTimeout(r, 3000));
      for (let i = 0; i < 3; i++) await timed(15_000);
      server.kill("SIGKILL");
      for (let i = 0; i < 5; i++) await timed(10_000);
    } finally {
      server.kill("SIGCONT");
      server.kill("SIGKILL");
      await pacer.stop();
    }
  });
});
