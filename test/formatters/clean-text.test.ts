/**
 * Finding 9 of the hardening issue: every string field of a Summary is clean text, whatever the
 * payload holds (well-formed Unicode, no C0/DEL/C1 control, no bidi control, no U+2028/2029; `long`
 * may hold `\n`), and the same input gives the same output. Finding 15: bounded grapheme clusters,
 * and a topic of dots gives a real text.
 */
import { strict as assert } from "node:assert";
import { format, renderIrc, type Summary } from "../../formatters/index.js";
import { MAX_CLUSTER_CODE_POINTS, cleanAll, cleanText } from "../../formatters/util/text.js";
import { summary } from "../helpers/builders.js";

/** NUL, ESC, NEL, U+2028, an unclosed RLO, an unclosed RLI, a lone surrogate, DEL, BEL, a bare CR. */
const HOSTILE = "a\u0000b\u001b[31mc\u0085d\u2028e\u202Ef\u2067g\uD800h\u007Fi\u0007j\rk";
const UNSAFE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function stringFields(s: Summary): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === "string") out.push([k, v]);
    else if (Array.isArray(v)) for (const x of v as unknown[]) out.push([k, String(x)]);
  }
  return out;
}

function assertClean(s: Summary): void {
  for (const [k, v] of stringFields(s)) {
    assert.doesNotMatch(v, UNSAFE, `${k}: ${JSON.stringify(v)}`);
    if (k !== "long") assert.ok(!v.includes("\n"), `${k} holds a line break: ${JSON.stringify(v)}`);
  }
}

describe("clean Summary text (hardening findings 9 and 15)", () => {
  it("cleans every string field of the generic line", () => {
    const raw = {
      topic: `org.fedoraproject.prod.x${HOSTILE}.thing.created`,
      msg: { agent: `al${HOSTILE}`.replace(/\s/g, ""), name: `n${HOSTILE}`, url: `https://example.org/${HOSTILE}` },
      headers: { [`fedora_messaging_user_${HOSTILE}`]: true, [`fedora_messaging_rpm_${HOSTILE}`]: true },
    };
    const s = format(raw);
    assert.ok(s);
    assertClean(s);
    assert.deepEqual(format(raw), s, "deterministic");
  });

  it("cleans a service formatter's fields and keeps line breaks only in long", () => {
    const raw = {
      topic: "org.fedoraproject.prod.git.receive",
      msg: {
        commit: {
          username: `bob${HOSTILE}`,
          repo: `pkg${HOSTILE}`,
          branch: "main",
          rev: "abcdef0123456789",
          agent: "bob",
          summary: `fix\u202E it${HOSTILE}`,
          message: `fix it\u2028\u2029second\r\nthird\u0085fourth\u202E`,
          stats: {
            files: { [`f${HOSTILE}`]: { additions: 1, deletions: 0, lines: 1 } },
            total: { additions: 1, deletions: 0, files: 1, lines: 1 },
          },
          path: "/srv/git/repositories/rpms/pkg.git",
        },
      },
    };
    const s = format(raw);
    assert.ok(s);
    assertClean(s);
  });

  it("cleanText: line breaks become spaces (text) or \\n (long); controls and bidi controls go", () => {
    assert.equal(cleanText("a\u2028b\u2029c\u0085d\r\ne\rf"), "a b c d e f");
    assert.equal(cleanText("a\u2028b\r\nc", true), "a\nb\nc");
    assert.equal(cleanText("x\u202Ey\u2066z\u2069\u0000\u001b\u009b"), "xyz");
    assert.equal(cleanText("\uDC00x\uD83D"), "\uFFFDx\uFFFD");
    assert.equal(cleanText("emoji 👍🏽 ok"), "emoji 👍🏽 ok", "well-formed text is unchanged");
  });

  it("bounds grapheme clusters: a letter with 600 combining marks keeps a few", () => {
    const zalgo = `a${"\u0301".repeat(600)}`;
    const c = cleanText(zalgo);
    assert.equal(Array.from(c).length, MAX_CLUSTER_CODE_POINTS);
    const family = "👩🏽‍👩🏽‍👧🏽‍👦🏽";
    assert.equal(cleanText(family), family, "a real long cluster is kept whole");
    const joined = `👍${"\u200d👍".repeat(300)}`;
    assert.ok(Array.from(cleanText(joined)).length <= MAX_CLUSTER_CODE_POINTS * 2);
  });

  it("an IRC line for a package of `a` plus 600 combining marks still shows the text", () => {
    const s = format({
      topic: "org.fedoraproject.prod.buildsys.build.state.change",
      msg: {
        name: `a${"\u0301".repeat(600)}`,
        version: "1",
        release: "1",
        owner: "alice",
        new: 1,
        old: 0,
        build_id: 7,
        instance: "primary",
        epoch: null,
      },
    });
    assert.ok(s);
    const line = renderIrc(s, { maxBytes: 350, colors: false });
    assert.match(line, /alice's a\u0301+-1-1 completed/, line);
    assert.ok(!line.includes("…"), line);
  });

  it("the IRC renderer bounds clusters of a Summary it did not get from format", () => {
    const zalgo = `a${"\u0301".repeat(600)}`;
    const s = summary({ title: `buildsys.${zalgo}`, text: `${zalgo} built` });
    const line = renderIrc(s, { maxBytes: 350, colors: false });
    assert.match(line, /a\u0301+ built$/, line);
  });

  it("a topic of dots gives a real text, not a space", () => {
    for (const topic of ["...", "org.fedoraproject.prod...", "."]) {
      const s = format({ topic, msg: {} });
      assert.ok(s);
      assert.notEqual(s.text.trim(), "", `${topic}: ${JSON.stringify(s.text)}`);
    }
  });

  // cleanText skips the replacements and the cluster check when a cheaper test shows they would
  // change nothing (speed, issue 13): on any text it must give what the full chain gives.
  it("cleanText gives what the full chain (cleanAll) gives, on 15,000 random texts of risky characters", () => {
    const pieces = [
      "a",
      "Z",
      "7",
      "#",
      "*",
      " ",
      "-",
      "\t",
      "\n",
      "\r",
      "\r\n",
      "\v",
      "\f",
      "\x00",
      "\x1b",
      "\x7f",
      "\x85",
      "\x9f",
      "\u00e9",
      "\u0119",
      "\u00a0",
      "\u00ad",
      "\u2192",
      "\u2194",
      "\u00a9",
      "\u2028",
      "\u2029",
      "\u202e",
      "\u2066",
      "\u2069",
      "\u200d",
      "\u200b",
      "\ufe0f",
      "\u20e3",
      "\u0301",
      "\u0308",
      "\u0d4e",
      "\u1100",
      "\u1161",
      "\u11a8",
      "\ud7b0",
      "\ua960",
      "\ud83d\ude00",
      "\ud83c\udffd",
      "\ud83c\uddeb",
      "\ud800",
      "\udc00",
      "\udbff",
      "\u65e5",
      "\u0915\u094d",
      "\u0301".repeat(15),
      "\u0301".repeat(16),
      "\u0308".repeat(17),
      "\u0301".repeat(20),
      "\ud83d\udc68\u200d".repeat(6),
      "0".repeat(16),
      "\u1100".repeat(20),
    ];
    let seed = 20261201;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let differed = 0;
    for (let i = 0; i < 15_000; i++) {
      let s = "";
      const len = 1 + rnd(24);
      for (let k = 0; k < len; k++) s += pieces[rnd(pieces.length)] ?? "";
      for (const multiline of [false, true]) {
        if (cleanText(s, multiline) !== cleanAll(s, multiline)) {
          differed++;
          assert.equal(cleanText(s, multiline), cleanAll(s, multiline), `${JSON.stringify(s)} multiline ${String(multiline)}`);
        }
      }
    }
    assert.equal(differed, 0);
  });

  it("cleanText given a value that is not a string (a caller outside TypeScript) returns it as before, without throwing", () => {
    for (const v of [123, undefined, null, true]) assert.equal(cleanText(v as unknown as string), v);
  });
});
