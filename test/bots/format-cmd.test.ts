/**
 * Hardening findings 9 and 10 at the command line: `format` splits its input on `\n` only (a bare CR
 * inside a line must not make two output lines), and its JSON and `tail --json` carry clean text.
 */
import { strict as assert } from "node:assert";
import { PassThrough, Readable } from "node:stream";
import { decodeJson, format } from "../../formatters/index.js";
import { runFormat } from "../../bots/format-cmd.js";
import { jsonLines } from "../../bots/json-lines.js";
import { tailSink } from "../../bots/tail.js";
import { Tickets } from "../helpers/flow.js";

async function formatAll(input: string | Buffer[]): Promise<string[]> {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString("utf8")));
  const n = await runFormat(Readable.from(typeof input === "string" ? [input] : input), out, {});
  const lines = text.split("\n");
  assert.equal(lines.pop(), "", "output ends with a newline");
  assert.equal(lines.length, n);
  return lines;
}

const HOSTILE = "x\u0000\u001b[2J\u0085\u2028\u202Ey\uD800";

describe("fedmsg-echo format input lines (hardening finding 10)", () => {
  it("a bare CR inside a line does not split it: one line in, one line out", async () => {
    const line = JSON.stringify({ topic: "org.fedoraproject.prod.foo.thing.created", msg: { name: "a\rb" } });
    // JSON.stringify escapes the CR; a raw CR between JSON tokens is what splits a readline reader.
    const raw = line.replace('"msg"', '\r"msg"');
    const out = await formatAll(`${raw}\n${raw}\r\n`);
    assert.equal(out.length, 2, out.join("\n"));
    for (const o of out) assert.match((JSON.parse(o) as { text: string }).text, /thing a b created|a b/);
  });

  it("keeps one output line per input line across chunk boundaries, with blank and bad lines", async () => {
    const msg = JSON.stringify({ topic: "org.fedoraproject.prod.foo.thing.created", msg: {} });
    const whole = `${msg}\n\nnot json\r\n${msg}`;
    const chunks = Array.from(Buffer.from(whole, "utf8")).map((b) => Buffer.from([b]));
    const out = await formatAll(chunks);
    assert.equal(out.length, 4);
    assert.deepEqual(
      out.map((o) => "error" in JSON.parse(o)),
      [false, true, true, false],
    );
  });

  it("gives an over-long line as one null and goes on with the next line", async () => {
    const got: (string | null)[] = [];
    for await (const l of jsonLines(Readable.from(["ab\rc\n", "x".repeat(30), "y".repeat(30), "\nlast\r\n", "tail"]), 40)) got.push(l);
    assert.deepEqual(got, ["ab\rc", null, "last", "tail"]);
  });

  it("writes clean text for a hostile payload", async () => {
    const [o] = await formatAll(`${JSON.stringify({ topic: `org.fedoraproject.prod.foo.${HOSTILE}`, msg: { name: HOSTILE } })}\n`);
    const v = JSON.parse(o ?? "") as { text: string; title: string };
    for (const s of [v.text, v.title]) assert.doesNotMatch(s, /[\u0000-\u001f\u007f-\u009f\u2028\u202E\uD800-\uDFFF]/);
  });
});

describe("fedmsg-echo tail --json (hardening finding 9)", () => {
  it("prints one clean JSON line per message", () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString("utf8")));
    const sink = tailSink({ topics: [], json: true, color: false, out });
    const msg = decodeJson(
      JSON.stringify({ topic: `org.fedoraproject.prod.foo.${HOSTILE}`, msg: { name: HOSTILE, agent: "bob" }, timestamp: 1 }),
    );
    const summary = format(msg);
    assert.ok(summary);
    const tickets = new Tickets();
    sink.offer(msg, summary, tickets.make());
    assert.equal(text.split("\n").length, 2);
    assert.equal(tickets.outcomes.get(0)?.outcome, "sent");
    assert.doesNotMatch(text.trimEnd(), /[\u0000-\u001f\u007f-\u009f\u2028\u202E]|\\u00|\\ud8/i);
  });
});
