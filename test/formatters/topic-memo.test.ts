/**
 * parseTopic remembers what it split (speed, issue 13): every message with a topic shares one
 * ParsedTopic, so it must be frozen (a handler cannot change it under the next message) and equal
 * to a fresh split, for short topics and for long ones that are never remembered.
 */
import { strict as assert } from "node:assert";
import { format } from "../../formatters/format.js";
import { parseTopic } from "../../formatters/topic.js";
import { cleanText } from "../../formatters/util/text.js";

describe("parseTopic with remembered topics", () => {
  it("gives equal, frozen parts the first time and after", () => {
    const first = parseTopic("org.fedoraproject.prod.buildsys.build.state.change");
    const again = parseTopic("org.fedoraproject.prod.buildsys.build.state.change");
    const want = {
      full: "org.fedoraproject.prod.buildsys.build.state.change",
      prefix: "org.fedoraproject",
      environment: "prod",
      title: "buildsys.build.state.change",
      service: "buildsys",
      rest: ["build", "state", "change"],
    };
    assert.deepEqual({ ...first, rest: [...first.rest] }, want);
    assert.deepEqual({ ...again, rest: [...again.rest] }, want);
    assert.ok(Object.isFrozen(again) && Object.isFrozen(again.rest));
    assert.throws(() => (again.rest as string[]).push("x"), TypeError);
  });

  it("splits a topic too long to remember the same way", () => {
    const topic = `org.fedoraproject.stg.copr.${"a.".repeat(200)}end`;
    const p = parseTopic(topic);
    assert.equal(p.title, topic.slice("org.fedoraproject.stg.".length));
    assert.equal(p.rest.length, 201);
    assert.deepEqual(parseTopic(topic), p);
  });

  it("the summary's title is clean text for every message, the first with a title and the next ones (titles are remembered too)", () => {
    for (const title of ["x.\u202eevil\u0007.change", `x.${"b\u0085.".repeat(150)}end`, "x.plain.change"]) {
      const topic = `org.fedoraproject.prod.${title}`;
      for (let i = 0; i < 3; i++) {
        const s = format({ topic, msg: {}, msg_id: `m-${i}` });
        assert.equal(s?.title, cleanText(title), `message ${i} on ${JSON.stringify(topic.slice(0, 60))}`);
      }
    }
  });
});
