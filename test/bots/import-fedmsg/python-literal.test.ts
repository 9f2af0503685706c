import { strict as assert } from "node:assert";
import { parsePythonAssignments, PythonSyntaxError, type PyNode } from "../../../bots/import-fedmsg/python-literal.js";

/** The plain value of a node; `unsupported` nodes as `{ unsupported: source }`. */
function plain(n: PyNode): unknown {
  switch (n.kind) {
    case "dict":
      return Object.fromEntries(n.entries.map((e) => [String(plain(e.key)), plain(e.value)]));
    case "list":
      return n.items.map(plain);
    case "none":
      return null;
    case "unsupported":
      return { unsupported: n.source };
    default:
      return n.value;
  }
}

function config(src: string): unknown {
  const a = parsePythonAssignments(src)
    .assignments.filter((x) => x.name === "config")
    .at(-1);
  assert.ok(a, "a config assignment");
  return plain(a.value);
}

describe("import-fedmsg: the Python literal reader", () => {
  it("reads dicts, dict(), lists, tuples, strings, numbers, booleans, None and comments", () => {
    assert.deepEqual(
      config(`# fedmsg.d file
config = dict(
    a={"k": [1, 2.5, -3, 0x1F, 1_000, 1e3, .5], 'n': None},  # trailing comment
    b=(True, False,),
    c=('one'),
    d=[],
    e={},
)
`),
      { a: { k: [1, 2.5, -3, 31, 1000, 1000, 0.5], n: null }, b: [true, false], c: "one", d: [], e: {} },
    );
  });

  it("reads string forms: escapes, raw, unicode, triple quotes, implicit concatenation over lines", () => {
    assert.deepEqual(
      config(`config = {
    "esc": "tab\\there \\x41\\u00e9\\N",
    "raw": r"^org\\.fedoraproject\\.(prod|stg)\\.",
    "u": u'caf\\xe9',
    "tri": """two
lines""",
    "cat": ("tcp://hub."
            'fedoraproject.org'   # split over lines
            ":9940"),
}
`),
      {
        esc: "tab\there Aé\\N",
        raw: "^org\\.fedoraproject\\.(prod|stg)\\.",
        u: "café",
        tri: "two\nlines",
        cat: "tcp://hub.fedoraproject.org:9940",
      },
    );
  });

  it("evaluates simple arithmetic and names bound earlier to literals", () => {
    assert.deepEqual(
      config(`HOUR = 60 * 60
base = "tcp://" + "hub"
config = dict(expiry=HOUR * 24, half=7 / 2, floor=7 // 2, mod=-7 % 3, pow=2 ** 10, neg=-(3), addr=base + ":9940", l=[1] + [2])
`),
      { expiry: 86400, half: 3.5, floor: 3, mod: 2, pow: 1024, neg: -3, addr: "tcp://hub:9940", l: [1, 2] },
    );
  });

  it("never runs code: calls, attributes, comprehensions and unknown names become unsupported, with their source", () => {
    const src = `import os
here = os.getcwd()
config = dict(
    a=__import__("os").system("touch /tmp/should-not-exist"),
    b=here,
    c=[x for x in range(3)],
    d=1 if here else 2,
    e=f"{here}/x",
    ok=1,
)
config['late'] = 2
`;
    const r = parsePythonAssignments(src);
    assert.deepEqual(plain(r.assignments.at(-1)?.value as PyNode), {
      a: { unsupported: '__import__("os").system("touch /tmp/should-not-exist")' },
      b: { unsupported: "here (= os.getcwd())" },
      // The comprehension's first element is as far as the reader goes: still reported, never run.
      c: [{ unsupported: "x for x in range(3)" }],
      d: { unsupported: "1 if here else 2" },
      e: { unsupported: 'f"{here}/x"' },
      ok: 1,
    });
    assert.deepEqual(r.skipped, [{ line: 11, source: "config['late'] = 2" }]);
  });

  it("knows the line of every value", () => {
    const r = parsePythonAssignments(`x = 1\n\nconfig = dict(\n    a=1,\n    b=[\n        "s",\n    ],\n)\n`);
    const c = r.assignments.at(-1)?.value;
    assert.equal(c?.kind, "dict");
    assert.equal(c.line, 3);
    assert.deepEqual(
      c.entries.map((e) => [e.key.line, e.value.line]),
      [
        [4, 4],
        [5, 5],
      ],
    );
    const b = c.entries[1]?.value;
    assert.equal(b?.kind === "list" ? b.items[0]?.line : 0, 6);
  });

  it("names the line of a syntax error", () => {
    assert.throws(
      () => parsePythonAssignments('config = dict(\n  a="open\n)\n'),
      (e: unknown) => e instanceof PythonSyntaxError && e.line === 2,
    );
    assert.throws(
      () => parsePythonAssignments("config = {\n  'a': 1\n  'b' 2\n}\n"),
      (e: unknown) => e instanceof PythonSyntaxError && e.line === 3,
    );
  });
});
