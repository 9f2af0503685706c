import { strict as assert } from "node:assert";
import { DecodeError } from "../../../formatters/index.js";
import { decodeDelivery, type AmqpDelivery } from "../../../bots/sources/amqp-message.js";
import { amqpSchema } from "../../../config/schema.js";

const TOPIC = "org.fedoraproject.prod.fedocal.calendar.new";

function delivery(body: string | Buffer, extra: Partial<AmqpDelivery> = {}): AmqpDelivery {
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  return {
    routingKey: TOPIC,
    messageId: "id-1",
    headers: { fedora_messaging_schema: "fedocal.calendar.new" },
    contentType: "application/json",
    contentEncoding: "utf-8",
    priority: null,
    body: buf,
    bodyBytes: buf.length,
    maxBytes: 1024 * 1024,
    ...extra,
  };
}

const refused = (d: AmqpDelivery, why: RegExp) =>
  assert.throws(
    () => decodeDelivery(d),
    (e: unknown) => e instanceof DecodeError && why.test(e.message),
  );

describe("AMQP delivery -> message (fedora-messaging's wire format)", () => {
  it("builds the message from routing key, message_id, headers and body", () => {
    const m = decodeDelivery(
      delivery('{"agent":"planner","calendar":{"calendar_name":"QA"}}', {
        headers: { fedora_messaging_schema: "fedocal.calendar.new", "sent-at": "2026-11-30T10:00:00+00:00", fedora_messaging_severity: 20 },
      }),
    );
    assert.equal(m.era, "fedora-messaging");
    assert.equal(m.topic.full, TOPIC);
    assert.equal(m.id, "id-1");
    assert.equal(m.schema, "fedocal.calendar.new");
    assert.equal(m.timestamp, Date.parse("2026-11-30T10:00:00Z") / 1000, "sent-at is the timestamp");
    assert.deepEqual(m.body, { agent: "planner", calendar: { calendar_name: "QA" } });
  });

  it("decodes the body with content_encoding, or the content_type's charset, UTF-8 when neither says", () => {
    const latin1 = Buffer.from('{"agent":"Jos\xe9"}', "latin1");
    assert.deepEqual(decodeDelivery(delivery(latin1, { contentEncoding: "latin_1" })).body, { agent: "José" });
    assert.deepEqual(
      decodeDelivery(delivery(latin1, { contentEncoding: null, contentType: "application/json; charset=ISO-8859-1" })).body,
      { agent: "José" },
    );
    const utf16 = Buffer.from('{"agent":"Zoë"}', "utf16le");
    assert.deepEqual(decodeDelivery(delivery(utf16, { contentEncoding: "utf-16le" })).body, { agent: "Zoë" });
    assert.deepEqual(decodeDelivery(delivery('{"agent":"Zoë"}', { contentEncoding: null, contentType: null })).body, { agent: "Zoë" });
  });

  it("takes Python's spellings of UTF-16 and UTF-8: utf-16 finds the byte order in a BOM (little-endian without one), -le/-be keep a BOM as text", () => {
    const text = '{"agent":"Zoë"}';
    const le = Buffer.from(text, "utf16le");
    const be = Buffer.from(le).swap16();
    const bomLe = Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
    const bomBe = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    const zoe = { agent: "Zoë" };
    for (const enc of ["utf-16", "utf_16", "UTF-16", "utf16", "u16", "UTF_16"]) {
      assert.deepEqual(decodeDelivery(delivery(bomLe, { contentEncoding: enc })).body, zoe, `${enc}, little-endian BOM`);
      assert.deepEqual(decodeDelivery(delivery(bomBe, { contentEncoding: enc })).body, zoe, `${enc}, big-endian BOM`);
      assert.deepEqual(decodeDelivery(delivery(le, { contentEncoding: enc })).body, zoe, `${enc}, no BOM`);
    }
    for (const enc of ["utf-16-le", "utf_16_le", "UTF-16LE", "utf_16le"]) {
      assert.deepEqual(decodeDelivery(delivery(le, { contentEncoding: enc })).body, zoe, enc);
      refused(delivery(bomLe, { contentEncoding: enc }), /not JSON/);
    }
    for (const enc of ["utf-16-be", "utf_16_be", "UTF-16BE"]) {
      assert.deepEqual(decodeDelivery(delivery(be, { contentEncoding: enc })).body, zoe, enc);
      refused(delivery(bomBe, { contentEncoding: enc }), /not JSON/);
    }
    for (const enc of ["utf_8", "UTF8", "U8", "utf", "utf-8"])
      assert.deepEqual(decodeDelivery(delivery(text, { contentEncoding: enc })).body, zoe, enc);
    assert.deepEqual(
      decodeDelivery(delivery(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), { contentEncoding: "utf_8_sig" })).body,
      zoe,
    );
    assert.deepEqual(decodeDelivery(delivery(bomLe, { contentEncoding: null, contentType: "application/json; charset=utf-16" })).body, zoe);
    refused(delivery(Buffer.from([0xff, 0xfe, 0x7b]), { contentEncoding: "utf-16" }), /not valid/);
  });

  it("reads headers as data: a header named __proto__ neither crashes the decode nor sets other headers", () => {
    // amqplib builds the table with plain assignment: a __proto__ key sets the table's prototype.
    const headers: Record<string, unknown> = { fedora_messaging_schema: "fedocal.calendar.new" };
    Object.setPrototypeOf(headers, { fedora_messaging_severity: 99, priority: 4 });
    const m = decodeDelivery(delivery('{"agent":"planner"}', { headers, priority: 2 }));
    assert.deepEqual(m.body, { agent: "planner" });
    assert.equal(m.headers.fedora_messaging_severity, undefined);
    assert.equal(m.headers.priority, 2);
    const own = JSON.parse('{"fedora_messaging_schema":"fedocal.calendar.new","__proto__":{"fedora_messaging_severity":99}}') as Record<
      string,
      unknown
    >;
    const kept = decodeDelivery(delivery("{}", { headers: own }));
    assert.equal(kept.headers.fedora_messaging_severity, undefined);
    assert.equal(Object.getPrototypeOf(kept.headers), Object.prototype);
  });

  it("refuses a body that is not valid in its encoding, an unknown encoding, and a byte order mark (as Python's json.loads does)", () => {
    refused(delivery(Buffer.from('{"agent":"Jos\xe9"}', "latin1")), /not valid utf-8/);
    refused(delivery('{"a":1}', { contentEncoding: "gzip" }), /not a text encoding/);
    refused(delivery(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])), /not JSON/);
  });

  it("refuses what fedora-messaging's schemas refuse: a body that is not one object, a bad severity, a schema that is not a string", () => {
    for (const body of ["", '"x"', "[]", "1e999", "null", "true", "{} {}", '{"a":1},"topic":"x"']) refused(delivery(body), /JSON/);
    refused(delivery("{}", { headers: { fedora_messaging_severity: 25 } }), /severity/);
    refused(delivery("{}", { headers: { fedora_messaging_schema: 3 } }), /fedora_messaging_schema/);
    refused(delivery("{}", { headers: { "sent-at": 1700000000 } }), /sent-at/);
  });

  it("takes an empty routing key only from a message its schema header names", () => {
    assert.equal(decodeDelivery(delivery("{}", { routingKey: "" })).schema, "fedocal.calendar.new");
    refused(delivery("{}", { routingKey: "", headers: {} }), /no topic/);
  });

  it("refuses a body over the limit, also when it was never read", () => {
    refused(delivery("{}", { bodyBytes: 5_000_000, body: Buffer.alloc(0) }), /over max_message_bytes/);
    refused(delivery(`{"a":"${"x".repeat(2000)}"}`, { maxBytes: 1024 }), /over max_message_bytes/);
  });

  it("mirrors the priority property in the headers, as fedora-messaging's publisher does, and keeps a header that says it", () => {
    assert.equal(decodeDelivery(delivery("{}", { priority: 7 })).headers.priority, 7);
    assert.equal(decodeDelivery(delivery("{}", { priority: 7, headers: { priority: 3 } })).headers.priority, 3);
  });

  it("turns AMQP field values that are not JSON into JSON (byte arrays as text; others dropped)", () => {
    const m = decodeDelivery(
      delivery("{}", { headers: { fedora_messaging_schema: "fedocal.calendar.new", raw: Buffer.from("bytes"), when: new Date(0), n: 1 } }),
    );
    assert.deepEqual(m.headers, { fedora_messaging_schema: "fedocal.calendar.new", raw: "bytes", n: 1 });
  });
});

describe("AMQP config", () => {
  it("wants a UUID queue name on Fedora's public broker", () => {
    const url = "amqps://fedora:@rabbitmq.fedoraproject.org/%2Fpublic_pubsub";
    assert.equal(amqpSchema.safeParse({ url, queue: "my-bot" }).success, false);
    assert.equal(amqpSchema.safeParse({ url }).success, false);
    assert.equal(amqpSchema.safeParse({ url, queue: "6b9f3c2e-0d4a-4f4e-9a57-3c1d2b8e7f10" }).success, true);
  });
});
