import { strict as assert } from "node:assert";
import { DecodeError, decodeJson, decodeMessage, format, formatTrace, parseTopic } from "../../formatters/index.js";

describe("topic parsing", () => {
  it("splits prefix, environment, service and rest", () => {
    const t = parseTopic("org.fedoraproject.prod.buildsys.build.state.change");
    assert.equal(t.prefix, "org.fedoraproject");
    assert.equal(t.environment, "prod");
    assert.equal(t.service, "buildsys");
    assert.deepEqual(t.rest, ["build", "state", "change"]);
    assert.equal(t.title, "buildsys.build.state.change");
  });

  it("handles other prefixes whatever their length", () => {
    assert.equal(parseTopic("org.release-monitoring.prod.anitya.project.add").prefix, "org.release-monitoring");
    const t = parseTopic("io.pagure.stg.pagure.issue.new");
    assert.deepEqual([t.prefix, t.environment, t.title], ["io.pagure", "stg", "pagure.issue.new"]);
    assert.equal(parseTopic("org.centos.prod.ci.pipeline.complete").service, "ci");
  });

  it("treats a topic without environment as bare", () => {
    const t = parseTopic("bodhi.update.comment");
    assert.deepEqual([t.prefix, t.environment, t.title, t.service], ["", null, "bodhi.update.comment", "bodhi"]);
    const empty = parseTopic("");
    assert.deepEqual([empty.title, empty.service], ["", ""]);
  });
});

describe("message decoding", () => {
  it("decodes a fedmsg envelope with every field", () => {
    const m = decodeMessage({
      topic: "org.fedoraproject.prod.git.receive",
      msg: { commit: { repo: "nano" } },
      msg_id: "2026-2b4e8f7a-0d1c-4c5e-9f00-123456789abc",
      timestamp: 1790000000.5,
      i: 7,
      username: "apache",
      crypto: "x509",
      signature: "c2ln\n",
      certificate: "Y2VydA==\n",
    });
    assert.equal(m.era, "fedmsg");
    assert.equal(m.id, "2026-2b4e8f7a-0d1c-4c5e-9f00-123456789abc");
    assert.equal(m.timestamp, 1790000000.5);
    assert.equal(m.counter, 7);
    assert.equal(m.username, "apache");
    assert.deepEqual(m.signature, { crypto: "x509", signature: "c2ln\n", certificate: "Y2VydA==\n" });
    assert.deepEqual(m.body, { commit: { repo: "nano" } });
    assert.equal(m.schema, null);
  });

  it("decodes a fedora-messaging message and reads its headers", () => {
    const m = decodeMessage({
      id: "a5f1c0de-1111-4222-8333-444455556666",
      topic: "org.fedoraproject.prod.bodhi.update.comment",
      headers: { fedora_messaging_schema: "bodhi.update.comment.v1", "sent-at": "2026-11-20T10:00:00+00:00" },
      body: { comment: { text: "ok" } },
    });
    assert.equal(m.era, "fedora-messaging");
    assert.equal(m.schema, "bodhi.update.comment.v1");
    assert.equal(m.id, "a5f1c0de-1111-4222-8333-444455556666");
    assert.equal(m.timestamp, Date.parse("2026-11-20T10:00:00Z") / 1000);
    assert.equal(m.topic.service, "bodhi");
  });

  it("accepts a fedora-messaging message with an empty topic (known by its schema)", () => {
    const m = decodeMessage({ topic: "", headers: { fedora_messaging_schema: "webhook_to_fedora_messaging.github.message_v1" }, body: {} });
    assert.equal(m.topic.title, "");
    assert.equal(m.schema, "webhook_to_fedora_messaging.github.message_v1");
  });

  it("recognises a fedmsg envelope bridged from AMQP as fedora-messaging", () => {
    const m = decodeMessage({
      topic: "org.fedoraproject.prod.pagure.pull-request.new",
      msg: { pullrequest: { id: 3 } },
      msg_id: "b7c2d3e4-aaaa-4bbb-8ccc-dddddddddddd",
      username: "amqp-bridge",
      headers: { fedora_messaging_schema: "pagure.pull-request.new" },
    });
    assert.equal(m.era, "fedora-messaging");
    assert.equal(m.schema, "pagure.pull-request.new");
    // The same envelope from an ordinary publisher stays fedmsg-era.
    const plain = decodeMessage({ topic: "org.fedoraproject.prod.pagure.pull-request.new", msg: {}, username: "pagure" });
    assert.equal(plain.era, "fedmsg");
  });

  const bad: [string, unknown, RegExp][] = [
    ["an array", [1, 2], /expected a JSON object, got an array/],
    ["a string", "hello", /expected a JSON object/],
    ["null", null, /got null/],
    ["no topic, msg nor body", { id: "x" }, /neither a fedmsg envelope/],
    ["envelope without topic", { msg: {} }, /"topic" must be a non-empty string, got undefined/],
    ["envelope with numeric topic", { topic: 5, msg: {} }, /"topic" must be a non-empty string/],
    ["timestamp as text", { topic: "org.fedoraproject.prod.x.y", msg: {}, timestamp: "yesterday" }, /"timestamp" must be a number/],
    ["headers as list", { topic: "x.y", body: {}, headers: [] }, /"headers" must be an object/],
    ["id as number", { topic: "x.y", body: {}, id: 42 }, /"id" must be a string/],
  ];
  for (const [what, value, why] of bad) {
    it(`rejects ${what} with a DecodeError saying why`, () => {
      assert.throws(
        () => decodeMessage(value),
        (err: unknown) => err instanceof DecodeError && why.test(err.reason),
      );
    });
  }

  it("takes an envelope that has only a topic, as fedmsg does", () => {
    const m = decodeMessage({ topic: "org.fedoraproject.stg.unknown_service.some_event" });
    assert.equal(m.era, "fedmsg");
    assert.equal(m.body, null);
  });

  it("rejects text that is not JSON", () => {
    assert.throws(
      () => decodeJson("{not json"),
      (err: unknown) => err instanceof DecodeError && /^not JSON/.test(err.reason),
    );
  });
});

describe("summary defaults", () => {
  it("names the application of a fedmsg-era message after its topic's service", () => {
    const s = format({
      topic: "org.fedoraproject.prod.buildsys.tag",
      msg: { name: "nano", version: "1", release: "1.fc45", tag: "f45", owner: "a", user: "b" },
    });
    assert.equal(s?.app, "buildsys");
    const g = format({ topic: "org.fedoraproject.prod.widget.made", msg: {} });
    assert.equal(g?.app, "widget");
  });

  it("returns undefined for raw input that is not a message", () => {
    assert.equal(format([1, 2, 3]), undefined);
    assert.equal(format({ nothing: true }), undefined);
  });
});

describe("formatters on hostile payload values", () => {
  it("never read Object's own properties as words, nor throw", () => {
    // Payload values that name Object.prototype members must not reach prototype lookups.
    const cases: [string, Record<string, unknown>][] = [
      ["org.fedoraproject.prod.nagios.host.state.change", { host: "proxy01", state: "constructor" }],
      ["org.fedoraproject.prod.autocloud.image.running", { image_name: "Cloud", status: "hasOwnProperty" }],
      ["org.fedoraproject.prod.autocloud.image.running", { image_name: "Cloud", status: "__proto__" }],
      [
        "org.fedoraproject.prod.copr.build.end",
        { status: "toString", owner: "o", copr: "c", build: 1, chroot: "x", pkg: "p", version: "1" },
      ],
    ];
    for (const [topic, msg] of cases) {
      const t = formatTrace(decodeMessage({ topic, msg }));
      assert.deepEqual(t.errors, [], topic);
      assert.doesNotMatch(t.summary.text, /\[object|function|undefined/, `${topic}: ${t.summary.text}`);
    }
  });
});
