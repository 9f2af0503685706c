import { strict as assert } from "node:assert";
import type { ServiceDef } from "../../formatters/define.js";
import { RegistryError } from "../../formatters/errors.js";
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
});
