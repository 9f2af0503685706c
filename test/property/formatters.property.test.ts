/**
 * Property-based tests (fast-check) over every formatter and renderer, with random and adversarial
 * payloads: they never throw, give exactly one line (IRC, terminal, `text`), stay within the byte
 * (IRC) and character (Mastodon) budgets, give clean text, and are deterministic. The number of
 * cases that ran is printed at the end.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import {
  decodeMessage,
  format,
  ircLineToTerminal,
  mastodonLength,
  renderIrc,
  renderMastodon,
  renderTerminal,
  utf8Bytes,
  type Summary,
} from "../../formatters/index.js";
import { ALL_SCHEMAS } from "../../formatters/schemas/index.js";
import { ALL_SERVICES } from "../../formatters/services/index.js";

/** Forbidden in any clean text: C0 but LF, DEL, C1, bidi controls, line/paragraph separators, lone surrogates. */
const UNCLEAN =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The same, with the mIRC codes our renderer writes (bold, colour, reset) allowed. */
const UNCLEAN_IRC =
  /[\u0000\u0001\u0004-\u000e\u0010-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const HOSTILE = [
  "",
  " ",
  "\u0000",
  "\r\n",
  "\r",
  "\n\n",
  "\u001b[2J\u001b[31m",
  "\u0085",
  "\u2028",
  "\u2029",
  "\u202Eevil",
  "\u2067rtl",
  "\u2069",
  "\uD800",
  "\uDC00x",
  "\u0003" + "04,12red\u000F",
  "\u0002bold",
  "\u0001ACTION x\u0001",
  `a${"\u0301".repeat(600)}`,
  `👍${"\u200d👍".repeat(200)}`,
  "x".repeat(5000),
  "日本語🎉",
  "@someone@example.org #tag",
  "https://example.org/a?b=c#d",
  "constructor",
  "__proto__",
  "toString",
  "NaN",
  "-1",
  "\t\v\f",
  "\u200B\uFEFF",
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...HOSTILE, "a", "b", " ", "-", "1.0"), { maxLength: 6 }).map((a) => a.join("")) },
);
const KEYS = [
  "agent",
  "owner",
  "name",
  "version",
  "release",
  "user",
  "username",
  "package",
  "comment",
  "text",
  "update",
  "alias",
  "title",
  "url",
  "repo",
  "branch",
  "commit",
  "msg",
  "build_id",
  "new",
  "old",
  "instance",
  "epoch",
  "tag",
  "project",
  "author",
  "nvr",
  "build",
  "task_id",
  "id",
  "status",
  "state",
  "summary",
  "message",
  "packages",
  "builds",
  "user_name",
  "fullname",
  "email",
  "link",
  "pullrequest",
  "issue",
];
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), text), tie("v"), { maxKeys: 5 }),
  ),
})).v;
const payload = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 });

/** Every handler's topic (globs filled in) and every schema name, so each formatter is reached. */
const TOPICS = ALL_SERVICES.flatMap((s) => Object.keys(s.topics ?? {})).map((t) => t.replace(/\*+/g, "x"));
const SCHEMAS = ALL_SCHEMAS.flatMap((s) => Object.entries(s.schemas ?? {}).map(([name, e]) => ({ name, topic: e.topics?.[0] ?? "" })));
const SAMPLES = readFileSync(new URL("../../config/demo/messages.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Replaces leaves of a real payload by adversarial values. */
function mutate(v: unknown, picks: readonly unknown[], at = { i: 0 }): unknown {
  if (Array.isArray(v)) return v.map((x) => mutate(x, picks, at));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutate(x, picks, at)]));
  const p = picks[at.i++ % Math.max(1, picks.length)];
  return p === undefined ? v : p;
}

const rawMessage: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc
    .record({ t: fc.constantFrom(...TOPICS), env: fc.constantFrom("prod", "stg", "dev"), msg: payload, extra: text })
    .map(({ t, env, msg, extra }) => ({
      topic: `org.fedoraproject.${env}.${t}`,
      msg,
      msg_id: "2026-x",
      timestamp: 1790000000,
      username: extra,
    })),
  fc.record({ s: fc.constantFrom(...SCHEMAS), body: payload, user: text }).map(({ s, body, user }) => ({
    topic: s.topic,
    body,
    id: "x",
    headers: { fedora_messaging_schema: s.name, [`fedora_messaging_user_${user}`]: true, fedora_messaging_severity: 20 },
  })),
  fc
    .record({
      sample: fc.constantFrom(...SAMPLES),
      picks: fc.array(fc.oneof(value, fc.constant(undefined)), { minLength: 1, maxLength: 20 }),
    })
    .map(({ sample, picks }) =>
      "msg" in sample ? { ...sample, msg: mutate(sample.msg, picks) } : { ...sample, body: mutate(sample.body, picks) },
    ),
  fc.record({ topic: text, msg: payload }),
);

const summary: fc.Arbitrary<Summary> = fc.record({
  title: text,
  text,
  link: fc.option(fc.oneof(text, fc.constant("https://bodhi.fedoraproject.org/updates/FEDORA-2026-1"))),
  usernames: fc.array(text, { maxLength: 3 }),
  packages: fc.array(text, { maxLength: 3 }),
  objects: fc.array(text, { maxLength: 3 }),
  groups: fc.array(text, { maxLength: 2 }),
  agent: fc.option(text),
  app: fc.option(text),
  icon: fc.option(text),
  avatar: fc.option(text),
  severity: fc.option(fc.integer()),
  long: fc.option(text),
});

const runs = { format: 0, irc: 0, mastodon: 0, terminal: 0 };
/** Cases per property scale with PROPERTY_RUNS_SCALE (e.g. 20 for a long hunt); the defaults keep the suite to seconds. */
const SCALE = Math.max(0.01, Number(process.env.PROPERTY_RUNS_SCALE ?? "1") || 1);
const numRuns = (n: number): number => Math.max(1, Math.round(n * SCALE));
const count = (k: keyof typeof runs) => () => {
  runs[k]++;
};

function assertClean(s: string, what: string, pattern = UNCLEAN): void {
  assert.doesNotMatch(s, pattern, `${what}: ${JSON.stringify(s).slice(0, 300)}`);
}

describe("formatters and renderers, property-based (fast-check)", function () {
  this.timeout(60_000 * Math.max(1, SCALE));
  after(() => {
    const total = Object.values(runs).reduce((a, b) => a + b, 0);
    console.log(
      `      property cases run: ${total} (format ${runs.format}, IRC ${runs.irc}, Mastodon ${runs.mastodon}, terminal ${runs.terminal}); ${TOPICS.length} topics and ${SCHEMAS.length} schemas reachable`,
    );
  });

  it("format: never throws, one clean line of text, every string field clean, deterministic", () => {
    fc.assert(
      fc.property(rawMessage, (raw) => {
        count("format")();
        const s = format(raw);
        if (s === undefined) return; // not a message at all (no topic): format says so
        assert.ok(s.text.trim() !== "", "empty text");
        assert.ok(!s.text.includes("\n"), "text is one line");
        for (const [k, v] of Object.entries(s)) {
          for (const x of Array.isArray(v) ? (v as unknown[]) : [v]) {
            if (typeof x !== "string") continue;
            assertClean(x, k);
            if (k !== "long") assert.ok(!x.includes("\n"), `${k} has a line break`);
          }
        }
        assert.deepEqual(format(structuredClone(raw)), s, "deterministic");
        // Every handler also works on the decoded message.
        assert.deepEqual(format(decodeMessage(raw)), s);
      }),
      { numRuns: numRuns(600) },
    );
  });

  it("renderIrc: never throws, one line within the byte budget, clean, deterministic", () => {
    fc.assert(
      fc.property(
        summary,
        fc.integer({ min: 0, max: 460 }),
        fc.boolean(),
        fc.constantFrom(undefined, "[{app}] {text} {link}", "{agent}: {text}", "{title} {service} -- {text} {link}"),
        fc.option(text, { nil: undefined }),
        (s, maxBytes, colors, template, link) => {
          count("irc")();
          const line = renderIrc(s, { maxBytes, colors, template, ...(link !== undefined ? { link } : {}) });
          assert.ok(utf8Bytes(line) <= maxBytes, `${utf8Bytes(line)} bytes > ${maxBytes}`);
          assert.ok(!/[\r\n\0]/.test(line), "one line");
          assertClean(line, "IRC line", UNCLEAN_IRC);
          assert.equal(renderIrc(s, { maxBytes, colors, template, ...(link !== undefined ? { link } : {}) }), line);
          assertClean(ircLineToTerminal(line, false), "IRC line on a terminal");
        },
      ),
      { numRuns: numRuns(500) },
    );
  });

  it("renderMastodon: never throws, within max_characters, clean, deterministic", () => {
    fc.assert(
      fc.property(
        summary,
        fc.integer({ min: 40, max: 1000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.option(text, { nil: null }),
        (s, maxCharacters, urlWeight, spoilerText) => {
          count("mastodon")();
          const r = renderMastodon(s, { maxCharacters, urlWeight, spoilerText, hashtags: ["fedora"] });
          assert.ok(r.length <= maxCharacters, `${r.length} > ${maxCharacters}`);
          assert.equal(mastodonLength(r.status, r.spoilerText ?? "", urlWeight), r.length);
          assertClean(r.status, "status");
          if (r.spoilerText !== null) assertClean(r.spoilerText, "spoiler");
          assert.deepEqual(renderMastodon(s, { maxCharacters, urlWeight, spoilerText, hashtags: ["fedora"] }), r);
        },
      ),
      { numRuns: numRuns(250) },
    );
  });

  it("renderTerminal: never throws, one clean line, deterministic", () => {
    fc.assert(
      fc.property(summary, fc.boolean(), (s, color) => {
        count("terminal")();
        const line = renderTerminal(s, { color, time: new Date(0) });
        assert.ok(!/[\r\n]/.test(line), "one line");
        // Our own SGR sequences are the only escapes.
        assertClean(line.replace(/\u001b\[[0-9;]*m/g, ""), "terminal line");
        assert.equal(renderTerminal(s, { color, time: new Date(0) }), line);
      }),
      { numRuns: numRuns(1000) },
    );
  });
});
