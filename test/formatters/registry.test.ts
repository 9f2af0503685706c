import { strict as assert } from "node:assert";
import type { ServiceDef } from "../../formatters/define.js";
import { RegistryError } from "../../formatters/errors.js";
import { decodeMessage } from "../../formatters/message.js";
import { Registry } from "../../formatters/registry.js";
import { ALL_SCHEMAS } from "../../formatters/schemas/index.js";
import { ALL_SERVICES } from "../../formatters/services/index.js";

const handler = () => ({ text: "x" });
const service = (name: string, schema: string): ServiceDef => ({ name, era: "fedora-messaging", schemas: { [schema]: { handler } } });

describe("formatters/registry", () => {
  it("refuses two owners of one schema name, naming both", () => {
    assert.throws(
      () => new Registry([service("first", "same.name.v1"), service("second", "same.name.v1")]),
      (e: unknown) => e instanceof RegistryError && e.message === "schema same.name.v1 is registered by both first and second",
    );
  });

  it("the shipped formatters give every schema name one owner", () => {
    assert.doesNotThrow(() => new Registry([...ALL_SERVICES, ...ALL_SCHEMAS]));
  });

  // The registry remembers routes by topic, then answers from the topic's last schema without a
  // lookup (speed, issue 13): a topic whose schema changes from message to message must still
  // reach each schema's own handler, and its title must follow the schema when the topic is empty.
  it("routes each message by its own schema when one topic carries several, in any order", () => {
    const names = Array.from({ length: 200 }, (_, i) => `route.test.schema${i}.v1`);
    const services: ServiceDef[] = names.map((name, i) => ({
      name: `svc${i}`,
      era: "fedora-messaging",
      schemas: { [name]: { handler: () => ({ text: `handled by ${name}` }) } },
    }));
    const registry = new Registry(services);
    const message = (topic: string, schema: string | undefined) =>
      decodeMessage({ topic, headers: schema === undefined ? {} : { fedora_messaging_schema: schema }, body: {}, id: "x" });
    // Alternating, repeating, absent, and more distinct schemas on one topic than it remembers.
    const order = [0, 1, 0, 0, 2, 1, ...names.map((_, i) => i), 5, 5, 199, 0];
    for (const topic of ["org.fedoraproject.prod.route.test", ""]) {
      for (const i of order) {
        const name = names[i] ?? "";
        const route = registry.route(message(topic, name));
        assert.equal(route.candidates[0]?.key, name, `schema ${name} on topic ${JSON.stringify(topic)}`);
        assert.equal(route.title, topic === "" ? name : "route.test");
      }
      const bare = registry.route(message(topic, undefined));
      assert.deepEqual(
        bare.candidates.map((c) => c.key),
        [],
      );
      assert.equal(registry.route(message(topic, names[3])).candidates[0]?.key, names[3]);
      const long = `route.test.${"x".repeat(300)}`;
      assert.deepEqual(registry.route(message(topic, long)).title, topic === "" ? long : "route.test");
    }
  });
});
