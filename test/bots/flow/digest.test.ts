import { strict as assert } from "node:assert";
import { datagrepperLink, digestText, eventWords, lateMark, statsSummary, type DigestFacts } from "../../../bots/flow/digest.js";

const facts = (over: Partial<DigestFacts>): DigestFacts => ({
  level: "event",
  service: "buildsys",
  topic: "org.fedoraproject.prod.buildsys.build.state.change",
  title: "buildsys.build.state.change",
  count: 412,
  names: 412,
  samples: ["nodejs-foo", "python-bar", "golang-baz"],
  parts: new Map(),
  firstWall: Date.UTC(2026, 10, 1, 10),
  lastWall: Date.UTC(2026, 10, 1, 10, 5),
  ...over,
});

describe("digest wording", () => {
  it("an event line names a few packages and how many more", () => {
    assert.equal(digestText(facts({})), "buildsys: 412 build state changes (nodejs-foo, python-bar, golang-baz and 409 more)");
    assert.equal(digestText(facts({ count: 2, names: 2, samples: ["a", "b"] })), "buildsys: 2 build state changes (a, b)");
    assert.equal(
      digestText(facts({ title: "copr.chroot.end", service: "copr", count: 1_204, names: 0, samples: [] })),
      "copr: 1,204 chroot end messages",
    );
    assert.equal(eventWords("git.receive", 1), "1 pushes");
    // "and N more" counts names, not messages: 66 messages of one agent name that agent only.
    assert.equal(
      digestText(facts({ title: "fedocal.calendar.new", service: "fedocal", count: 66, names: 1, samples: ["planner"] })),
      "fedocal: 66 calendar new messages (planner)",
    );
    assert.equal(
      digestText(facts({ count: 66, names: 5, samples: ["a", "b", "c"] })),
      "buildsys: 66 build state changes (a, b, c and 2 more)",
    );
  });

  it("coarser lines list their parts, biggest first", () => {
    assert.equal(
      digestText(
        facts({
          level: "service",
          topic: null,
          count: 37,
          parts: new Map([
            ["update.request.testing", 17],
            ["update.comment", 20],
          ]),
        }),
      ),
      "buildsys: 37 messages (update.comment 20, update.request.testing 17)",
    );
    const many = new Map(["a", "b", "c", "d", "e", "f", "g"].map((s, i) => [s, 10 - i] as const));
    assert.equal(
      digestText(facts({ level: "all", service: "", topic: null, count: 49, parts: many })),
      "49 messages: a 10, b 9, c 8, d 7, e 6, …",
    );
  });

  it("links to a datagrepper search for the topic or service and the time range", () => {
    const start = Date.UTC(2026, 10, 1, 10) / 1000 - 1;
    const end = Date.UTC(2026, 10, 1, 10, 5) / 1000 + 1;
    assert.equal(
      datagrepperLink("https://apps.fedoraproject.org/datagrepper/", facts({})),
      `https://apps.fedoraproject.org/datagrepper/v2/search?topic=org.fedoraproject.prod.buildsys.build.state.change&start=${start}&end=${end}`,
    );
    assert.equal(
      datagrepperLink("https://dg.example", facts({ level: "service", topic: null })),
      `https://dg.example/v2/search?category=buildsys&start=${start}&end=${end}`,
    );
    assert.equal(
      datagrepperLink("https://dg.example", facts({ level: "all", service: "", topic: null })),
      `https://dg.example/v2/search?start=${start}&end=${end}`,
    );
  });

  it("late marks and statistics lines", () => {
    assert.equal(lateMark(12 * 60_000), "(12 min ago)");
    assert.equal(lateMark(45_000), "(45 s ago)");
    assert.equal(lateMark(5 * 3600_000), "(5 h ago)");
    assert.equal(
      statsSummary(
        "last hour",
        new Map([
          ["buildsys", 2900],
          ["bodhi", 412],
          ["copr", 899],
        ]),
      ).text,
      "last hour: 4,211 messages — buildsys 2,900, copr 899, bodhi 412",
    );
    assert.equal(statsSummary("last hour", new Map()).text, "last hour: no messages");
  });
});
