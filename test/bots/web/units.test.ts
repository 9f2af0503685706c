/** The web sink's pure parts: the ring buffer, the statistics, the URL filters, and what a row lets through. */
import { strict as assert } from "node:assert";
import { decodeMessage, format } from "../../../formatters/index.js";
import { parseRowFilter, QueryError, QUERY_VALUES_MAX } from "../../../bots/web/query.js";
import { Ring } from "../../../bots/web/ring.js";
import { allowedImage, colorSlot, COLOR_SLOTS, ROW_TEXT_MAX_CHARS, safeLink, toRow } from "../../../bots/web/row.js";
import { MINUTE_MS, OTHER_KEY, Stats, STATS_KEYS_MAX, WINDOW_MINUTES } from "../../../bots/web/stats.js";

function row(topic: string, msg: object, seq = 1) {
  const m = decodeMessage({ topic, msg });
  const s = format(m);
  assert.ok(s);
  return toRow(seq, m, s, 1_000_000, new Set(["https://seccdn.libravatar.org"]));
}

describe("web: ring buffer", () => {
  it("keeps the newest items and lists them newest first, filtered", () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    assert.equal(r.size, 3);
    assert.deepEqual([...r], [3, 4, 5]);
    assert.deepEqual(r.newest(2), [5, 4]);
    assert.deepEqual(
      r.newest(10, (n) => n % 2 === 1),
      [5, 3],
    );
    assert.throws(() => new Ring(0), RangeError);
  });
});

describe("web: statistics", () => {
  it("counts per minute by service over the last hour, and totals by service and event", () => {
    const t0 = 100 * 60 * MINUTE_MS; // a minute boundary
    const st = new Stats(t0);
    st.add("bodhi", "bodhi.update.comment", t0);
    st.add("bodhi", "bodhi.update.comment", t0 + 1000);
    st.add("buildsys", "buildsys.tag", t0 + MINUTE_MS);
    st.add("old", "old.event", t0 - WINDOW_MINUTES * MINUTE_MS); // falls out of the window
    const snap = st.snapshot(t0 + MINUTE_MS + 5);
    assert.equal(snap.minutes.length, WINDOW_MINUTES);
    assert.equal(snap.minutes.at(-1), (t0 + MINUTE_MS) / 1000);
    const bodhi = snap.series.find((s) => s.service === "bodhi");
    const buildsys = snap.series.find((s) => s.service === "buildsys");
    assert.equal(bodhi?.counts.at(-2), 2);
    assert.equal(buildsys?.counts.at(-1), 1);
    assert.equal(
      snap.series.some((s) => s.service === "old"),
      false,
      "older than an hour: not in the chart",
    );
    assert.equal(snap.total, 4);
    assert.deepEqual(
      snap.services.map((s) => [s.name, s.count]),
      [
        ["bodhi", 2],
        ["buildsys", 1],
        ["old", 1],
      ],
    );
    assert.deepEqual(snap.events[0], { name: "bodhi.update.comment", count: 2 });
  });

  it("bounds the number of names it keeps, whatever topics publishers invent", () => {
    const st = new Stats(0);
    for (let i = 0; i < STATS_KEYS_MAX + 100; i++) st.add(`svc${i}`, `svc${i}.e`, 0);
    const snap = st.snapshot(0);
    assert.equal(snap.services.length, STATS_KEYS_MAX + 1);
    assert.equal(snap.services.find((s) => s.name === OTHER_KEY)?.count, 100);
    assert.equal(snap.total, STATS_KEYS_MAX + 100);
  });
});

describe("web: URL filters", () => {
  const bodhi = row("org.fedoraproject.prod.bodhi.update.comment", {
    agent: "oskar",
    comment: {
      text: "ok",
      karma: 1,
      user: { name: "oskar" },
      update_alias: "FEDORA-2026-1",
      update: {
        alias: "FEDORA-2026-1",
        title: "htop-3.4.1-1.fc43",
        builds: [{ nvr: "htop-3.4.1-1.fc43" }],
        user: { name: "lena" },
        release: { name: "F43" },
      },
    },
  });
  const fas = row("org.fedoraproject.prod.fas.user.create", { agent: "newbie", user: "newbie" });

  it("takes everything without parameters", () => {
    const f = parseRowFilter(new URLSearchParams(""));
    assert.ok(f.empty && f.matches(bodhi) && f.matches(fas));
  });

  it("combines kinds (and) and values of a kind (or); topics are globs", () => {
    const m = (q: string) => [bodhi, fas].filter((r) => parseRowFilter(new URLSearchParams(q)).matches(r)).map((r) => r.service);
    assert.deepEqual(m("topic=**.bodhi.**"), ["bodhi"]);
    assert.deepEqual(m("topic=*.*.*.fas.user.create"), ["fas"]);
    assert.deepEqual(m("service=bodhi,fas"), ["bodhi", "fas"]);
    assert.deepEqual(m("service=bodhi&service=fas&user=newbie"), ["fas"]);
    assert.deepEqual(m("package=htop"), ["bodhi"]);
    assert.deepEqual(m("user=oskar&package=htop"), ["bodhi"]);
    assert.deepEqual(m("user=nobody"), []);
  });

  it("refuses a query that would make matching expensive", () => {
    const many = Array.from({ length: QUERY_VALUES_MAX + 1 }, (_, i) => `s${i}`).join(",");
    assert.throws(() => parseRowFilter(new URLSearchParams(`service=${many}`)), QueryError);
    assert.throws(() => parseRowFilter(new URLSearchParams(`topic=${"a".repeat(201)}`)), QueryError);
  });
});

describe("web: rows", () => {
  it("passes only http(s) links", () => {
    assert.equal(safeLink("javascript:alert(1)"), null);
    assert.equal(safeLink("data:text/html,<script>alert(1)</script>"), null);
    assert.equal(safeLink("not a url"), null);
    assert.equal(safeLink("https://bodhi.fedoraproject.org/updates/X"), "https://bodhi.fedoraproject.org/updates/X");
  });

  it("shows an image only from an allowed https origin", () => {
    const allowed = new Set(["https://seccdn.libravatar.org"]);
    assert.equal(allowedImage("https://seccdn.libravatar.org/avatar/x?s=64", allowed), "https://seccdn.libravatar.org/avatar/x?s=64");
    assert.equal(allowedImage("http://seccdn.libravatar.org/avatar/x", allowed), null);
    assert.equal(allowedImage("https://tracker.example/pixel.gif", allowed), null);
    assert.equal(allowedImage("https://seccdn.libravatar.org/avatar/x", new Set()), null);
  });

  it("keeps a service's colour, cuts long text, and keeps the message's time", () => {
    assert.equal(colorSlot("bodhi"), colorSlot("bodhi"));
    assert.ok(colorSlot("bodhi") >= 0 && colorSlot("bodhi") < COLOR_SLOTS);
    const long = row("org.fedoraproject.prod.fedmsg_echo_test.long", { agent: "x".repeat(5000) });
    assert.ok(long.text.length <= ROW_TEXT_MAX_CHARS);
    const m = decodeMessage({ topic: "org.fedoraproject.prod.fas.user.create", msg: { agent: "a", user: "a" }, timestamp: 1795000000.5 });
    const s = format(m);
    assert.ok(s);
    const r = toRow(7, m, s, 42, new Set());
    assert.deepEqual([r.seq, r.time, r.received, r.service, r.event], [7, 1795000000500, 42, "fas", "fas.user.create"]);
  });
});
