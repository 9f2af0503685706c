import { strict as assert } from "node:assert";
import { parseConfig } from "../../config/load.js";
import { hasSource, hasZmqEndpoints } from "../../config/sources.js";

describe("config/sources", () => {
  it("a source is a ZeroMQ address or an AMQP broker; an endpoint name with no address is none", () => {
    assert.equal(hasSource(parseConfig({})), false);
    assert.equal(hasSource(parseConfig({ endpoints: { bodhi: [] } })), false);
    assert.equal(hasZmqEndpoints(parseConfig({ endpoints: { bodhi: [] } }).endpoints), false);
    const zmq = parseConfig({ endpoints: { empty: [], bodhi: ["tcp://127.0.0.1:3000"] } });
    assert.equal(hasSource(zmq), true);
    assert.equal(hasZmqEndpoints(zmq.endpoints), true);
    const amqp = parseConfig({ amqp: { url: "amqps://rabbitmq.example/%2Fpubsub" } });
    assert.equal(hasSource(amqp), true);
    assert.equal(hasZmqEndpoints(amqp.endpoints), false);
  });
});
