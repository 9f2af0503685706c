import { strict as assert } from "node:assert";
import { amqpSchema } from "../../config/schema.js";

describe("config amqp.queue", () => {
  it("refuses an empty name: RabbitMQ would silently make a private, temporary queue of it", () => {
    const r = amqpSchema.safeParse({ url: "amqp://127.0.0.1/%2F", queue: "" });
    assert.equal(r.success, false);
    assert.deepEqual(r.error.issues[0]?.path, ["queue"]);
  });

  it("takes a name, and null (or no key) for a private queue", () => {
    assert.equal(amqpSchema.parse({ url: "amqp://127.0.0.1/%2F", queue: "q1" }).queue, "q1");
    assert.equal(amqpSchema.parse({ url: "amqp://127.0.0.1/%2F", queue: null }).queue, null);
    assert.equal(amqpSchema.parse({ url: "amqp://127.0.0.1/%2F" }).queue, null);
  });
});
