import { strict as assert } from "node:assert";
import { Publisher } from "zeromq";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { Pipeline } from "../../../bots/pipeline.js";
import { ZmqSource } from "../../../bots/sources/zmq.js";
import { zmqSchema } from "../../../config/schema.js";
import { CollectingSink, freePort, waitFor } from "../../helpers/collect.js";

/** What a test opened (publishers, sources): closed after it, whether it passed or not. */
const opened: { close(): unknown }[] = [];

/** A SUB source feeding a pipeline into a collecting sink, connected to `addr`. */
async function subscriber(addr: string, zmqOverrides: Record<string, unknown> = {}) {
  const metrics = new Metrics();
  const sink = new CollectingSink();
  const log = silentLogger();
  const zmq = zmqSchema.parse({
    reconnect_ms: 50,
    reconnect_max_ms: 200,
    heartbeat_interval_ms: 200,
    heartbeat_timeout_ms: 1000,
    ...zmqOverrides,
  });
  const pipeline = new Pipeline({ sinks: [sink], log, metrics, dedupeSize: 1000, maxMessageBytes: zmq.max_message_bytes });
  const source = new ZmqSource({ endpoints: { test: [addr] }, zmq, log, metrics });
  opened.push({ close: () => source.stop() });
  await source.start(pipeline.accept);
  return { sink, metrics };
}

function envelope(n: number, topic = "org.fedoraproject.prod.buildsys.tag") {
  return [
    topic,
    JSON.stringify({
      topic,
      msg: { tag: `f45-${n}`, name: "nano", version: "8.7", release: `${n}.fc45`, owner: "tomas", user: "bodhi" },
      msg_id: `2026-test-${n}`,
      i: n,
      timestamp: 1790000000 + n,
    }),
  ];
}

/** PUB drops what is sent before the subscription reaches it: publish until the subscriber has one. */
async function pumpUntil(pub: Publisher, sink: CollectingSink, start: number): Promise<number> {
  const before = sink.got.length;
  let n = start;
  const end = Date.now() + 10_000;
  while (sink.got.length === before) {
    if (Date.now() > end) throw new Error("no message arrived through PUB/SUB in 10 s");
    await pub.send(envelope(n++));
    await new Promise((r) => setTimeout(r, 30));
  }
  return n;
}

function publisher(): Publisher {
  const pub = new Publisher({ linger: 0 });
  opened.push(pub);
  return pub;
}

/** A publisher on a port the OS picks, and the address it bound, for the subscriber to dial. */
async function boundPublisher(): Promise<{ pub: Publisher; addr: string }> {
  const pub = publisher();
  await pub.bind("tcp://127.0.0.1:*");
  if (!pub.lastEndpoint) throw new Error("the publisher reports no bound endpoint");
  return { pub, addr: pub.lastEndpoint };
}

describe("ZeroMQ source @integration", function () {
  this.timeout(30_000);
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close();
  });

  it("receives from a publisher that starts after the subscriber", async () => {
    // The subscriber dials an address no one has bound yet, so it comes from freePort().
    const addr = `tcp://127.0.0.1:${await freePort()}`;
    const { sink } = await subscriber(addr);
    const pub = publisher();
    await pub.bind(addr);
    await pumpUntil(pub, sink, 1);
    const first = sink.got[0];
    assert.equal(first?.msg.topic.full, "org.fedoraproject.prod.buildsys.tag");
    assert.match(first.summary.text, /nano/);
  });

  it("receives again after the publisher restarts, with no restart of its own", async () => {
    // The OS picks the port; the restarted publisher binds the same address again.
    const first = await boundPublisher();
    let pub = first.pub;
    const addr = first.addr;
    const { sink, metrics } = await subscriber(addr);
    const n = await pumpUntil(pub, sink, 1);
    pub.close();
    await new Promise((r) => setTimeout(r, 200));
    const countBefore = sink.got.length;
    pub = publisher();
    await pub.bind(addr);
    await pumpUntil(pub, sink, n + 1000);
    assert.ok(sink.got.length > countBefore);
    const ids = sink.got.map((g) => g.msg.id);
    assert.ok(
      ids.some((id) => Number(id?.split("-")[2]) >= 1000),
      "a message of the second publisher arrived",
    );
    assert.ok(metrics.total("zmq_connects") >= 2, "the socket reconnected");
  });

  it("counts and skips malformed frames without stopping the stream", async () => {
    const { pub, addr } = await boundPublisher();
    const { sink, metrics } = await subscriber(addr);
    const n = await pumpUntil(pub, sink, 1);
    const good = sink.got.length;
    const malformed: (string | Buffer)[][] = [
      ["org.fedoraproject.prod.one.frame"],
      ["org.fedoraproject.prod.three", "{}", "extra"],
      ["org.fedoraproject.prod.notjson", "{this is not json"],
      ["org.fedoraproject.prod.array", "[1,2,3]"],
      ["org.fedoraproject.prod.mismatch", JSON.stringify({ topic: "org.fedoraproject.prod.other", msg: {} })],
      ["org.fedoraproject.prod.binary", Buffer.from([0xff, 0xfe, 0x00, 0x01])],
    ];
    for (const frames of malformed) await pub.send(frames);
    await pub.send(envelope(n + 1));
    await waitFor(() => sink.got.length > good, "the good message after the malformed ones");
    assert.equal(metrics.total("malformed"), malformed.length);
    assert.equal(sink.got.at(-1)?.msg.id, `2026-test-${n + 1}`);
  });

  it("counts and skips a message over max_message_bytes; the stream goes on", async () => {
    const { pub, addr } = await boundPublisher();
    const { sink, metrics } = await subscriber(addr, { max_message_bytes: 2048 });
    const n = await pumpUntil(pub, sink, 1);
    const topic = "org.fedoraproject.prod.buildsys.tag";
    await pub.send([topic, JSON.stringify({ topic, msg: { pad: "x".repeat(5000) }, msg_id: "2026-too-big" })]);
    await pub.send(envelope(n + 1));
    await waitFor(() => sink.got.some((g) => g.msg.id === `2026-test-${n + 1}`), "the message after the oversized one");
    assert.equal(metrics.total("malformed"), 1);
    assert.ok(!sink.got.some((g) => g.msg.id === "2026-too-big"));
  });

  it("redials a publisher after a ZeroMQ protocol error ends the session", async () => {
    const { pub, addr } = await boundPublisher();
    // With max_message_bytes 1024, ZeroMQ's own guard is 64 MiB: a 65 MiB frame is a protocol error,
    // after which libzmq closes the session and never reconnects by itself.
    const { sink, metrics } = await subscriber(addr, { max_message_bytes: 1024 });
    const n = await pumpUntil(pub, sink, 1);
    await pub.send(["org.fedoraproject.prod.huge", Buffer.alloc(65 * 1024 * 1024, 0x20)]);
    await waitFor(() => metrics.total("zmq_disconnects") >= 1, "the session closed by ZeroMQ", 20_000);
    await pumpUntil(pub, sink, n + 1);
    assert.ok(metrics.total("zmq_redials") >= 1, "the watchdog redialled");
  });

  it("drops a duplicate message id (the same message from two endpoints)", async () => {
    const { pub, addr: a } = await boundPublisher();
    const { sink, metrics } = await subscriber(a);
    const n = await pumpUntil(pub, sink, 1);
    const before = sink.got.length;
    await pub.send(envelope(n + 5));
    await pub.send(envelope(n + 5));
    await pub.send(envelope(n + 6));
    await waitFor(() => sink.got.length >= before + 2, "two distinct messages");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sink.got.length, before + 2);
    assert.equal(metrics.total("duplicates"), 1);
  });
});
