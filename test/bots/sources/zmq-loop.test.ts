import { strict as assert } from "node:assert";
import { Publisher } from "zeromq";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { ZmqSource } from "../../../bots/sources/zmq.js";
import { zmqSchema } from "../../../config/schema.js";
import { freePort, waitFor } from "../../helpers/collect.js";

describe("ZeroMQ source: a stage error @integration", function () {
  this.timeout(15_000);

  it("does not end the receive loop: the error is counted and the next message is received", async () => {
    const addr = `tcp://127.0.0.1:${await freePort()}`;
    const metrics = new Metrics();
    const got: string[] = [];
    const source = new ZmqSource({
      endpoints: { test: [addr] },
      zmq: zmqSchema.parse({ reconnect_ms: 50, reconnect_max_ms: 200 }),
      log: silentLogger(),
      metrics,
    });
    await source.start((input) => {
      // The first input throws as the dedupe stage did with a Set over 2^24 ids (RangeError).
      if (metrics.get("source_errors", { source: "zmq" }) === 0) throw new RangeError("Set maximum size exceeded");
      if (input.kind === "frames") got.push(input.frames[0]?.toString() ?? "");
    });
    const pub = new Publisher({ linger: 0 });
    await pub.bind(addr);
    try {
      let n = 0;
      await waitFor(
        () => {
          void pub.send([`org.fedoraproject.prod.x.${n++}`, "{}"]);
          return got.length > 0;
        },
        "a message after the failing one",
        10_000,
        50,
      );
      assert.equal(metrics.get("source_errors", { source: "zmq" }), 1);
    } finally {
      pub.close();
      await source.stop();
    }
  });
});
