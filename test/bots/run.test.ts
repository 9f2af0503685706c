import { strict as assert } from "node:assert";
import { silentLogger } from "../../bots/log.js";
import { Metrics } from "../../bots/metrics.js";
import { runBot } from "../../bots/run.js";
import type { Sink } from "../../bots/sink.js";
import type { Source } from "../../bots/sources/source.js";
import { parseConfig } from "../../config/load.js";

const config = parseConfig({ stats_interval_s: 0, shutdown_deadline_ms: 100 });
const text = JSON.stringify({ topic: "org.fedoraproject.prod.buildsys.tag", msg: {}, msg_id: "2026-run-1" });

function source(order: string[]): Source & { stopped: boolean } {
  return {
    name: "src",
    stopped: false,
    start(emit) {
      order.push("source started");
      emit({ kind: "json", origin: "src", text });
      return Promise.resolve();
    },
    stop() {
      this.stopped = true;
      return Promise.resolve();
    },
  };
}

function sink(order: string[], start: () => Promise<void>): Sink {
  return {
    name: "slow",
    wantsTopic: () => true,
    offer: (_m, _s, t) => {
      order.push("offered");
      t.settle("sent");
    },
    start,
    stop: () => {
      order.push("sink stopped");
      return Promise.resolve();
    },
  };
}

describe("runBot", () => {
  it("starts the sources at once: what is published while a sink connects waits in that sink", async () => {
    const order: string[] = [];
    const bot = await runBot({
      config,
      log: silentLogger(),
      metrics: new Metrics(),
      sources: [source(order)],
      sinks: [
        sink(order, async () => {
          await new Promise((r) => setTimeout(r, 100));
          order.push("sink started");
        }),
      ],
    });
    assert.deepEqual(order, ["source started", "offered", "sink started"]);
    await bot.stop("test");
  });

  it("a sink that cannot start still stops the start, and the sources are stopped again", async () => {
    const order: string[] = [];
    const src = source(order);
    await assert.rejects(
      runBot({
        config,
        log: silentLogger(),
        metrics: new Metrics(),
        sources: [src],
        sinks: [sink(order, async () => Promise.reject(new Error("bad token")))],
      }),
      /bad token/,
    );
    assert.equal(src.stopped, true);
    assert.ok(order.includes("sink stopped"), "what the sink took is settled by its stop");
  });
});
