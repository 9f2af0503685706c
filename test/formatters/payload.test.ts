/**
 * Payload paths: a path of one key is read without splitting it (speed, issue 13). It must read
 * exactly what the step-by-step walk reads: own properties only, array indexes (negative from the
 * end), nothing for Object.prototype's members.
 */
import { strict as assert } from "node:assert";
import { Payload } from "../../formatters/payload.js";

describe("Payload paths", () => {
  const value = JSON.parse(
    '{"a": {"b": [10, 20, {"c": "deep"}]}, "list": ["x", "y", "z"], "n": 0, "nil": null, "e": "", "__proto__": "own proto", "12": "twelve"}',
  ) as unknown;
  const p = new Payload(value);

  it("reads a one-key path as the walk does, own properties only", () => {
    for (const key of [
      "a",
      "list",
      "n",
      "nil",
      "e",
      "__proto__",
      "12",
      "missing",
      "toString",
      "constructor",
      "hasOwnProperty",
      "valueOf",
    ]) {
      assert.deepEqual(p.raw(key), p.at(key).value, key);
    }
    assert.equal(p.raw("__proto__"), "own proto");
    assert.equal(p.raw("toString"), undefined);
    assert.equal(p.raw("constructor"), undefined);
    assert.equal(p.raw("nil"), null);
    assert.equal(p.has("nil"), true);
    assert.equal(p.has("missing"), false);
  });

  it("indexes arrays by a one-key path, negative from the end, and reads nothing past them", () => {
    const list = p.get("list");
    assert.equal(list.raw("0"), "x");
    assert.equal(list.raw("-1"), "z");
    assert.equal(list.raw("3"), undefined);
    assert.equal(list.raw("length"), undefined);
    assert.equal(list.raw("1x"), undefined);
    assert.equal(new Payload("text").raw("length"), undefined);
    assert.equal(new Payload(null).raw("a"), undefined);
  });

  it("walks dotted paths through objects and arrays", () => {
    assert.equal(p.raw("a.b.2.c"), "deep");
    assert.equal(p.raw("a.b.-3"), 10);
    assert.equal(p.raw("a.b.9.c"), undefined);
    assert.equal(p.raw("a.toString"), undefined);
    assert.equal(p.str("a.b.2.c"), "deep");
    assert.equal(p.text("n"), "0");
  });

  it("reads own properties only, also of objects that are not JSON (inherited data and getters are not read)", () => {
    const inherited = new Payload(Object.create({ agent: "jnovy", nested: { a: 1 } }) as unknown);
    assert.equal(inherited.raw("agent"), undefined);
    assert.equal(inherited.raw("nested.a"), undefined);
    class Body {
      get agent(): string {
        return "getter";
      }
    }
    assert.equal(new Payload(new Body()).raw("agent"), undefined);
    assert.equal(new Payload({ child: new Body() }).str("child.agent"), undefined);
  });
});
