/** Defects a hostile review of the flow layer found; each test failed before its fix. */
import { strict as assert } from "node:assert";
import { ManualClock } from "../../../bots/flow/clock.js";
import { digestText } from "../../../bots/flow/digest.js";
import { Flow } from "../../../bots/flow/flow.js";
import { Pacer } from "../../../bots/flow/pacer.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { cleanText } from "../../../formatters/index.js";
import { busMessage, summary } from "../../helpers/builders.js";
import { flowConfig, limit, RecordingTransport, Tickets } from "../../helpers/flow.js";

describe("flow: hostile input", () => {
  it("distinct digest lines never share a key (the Mastodon Idempotency-Key and the Matrix txnId)", async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ rate: 1, burst: 4, clock });
    const transport = new RecordingTransport(clock);
    const tickets = new Tickets();
    const flow = new Flow({
      name: "t",
      lanes: ["main"],
      limit: limit(),
      flow: flowConfig(),
      transport,
      pacer,
      clock,
      log: silentLogger(),
      metrics: new Metrics(),
    });
    flow.start();
    const ts = Math.floor(clock.wall() / 1000) - 5; // whole seconds, as fedmsg sends them
    // Two topics of one service in the same second with the same counts: two groups alike but for the topic.
    for (let i = 0; i < 400; i++) {
      const topic = i % 2 ? "org.fedoraproject.prod.buildsys.tag" : "org.fedoraproject.prod.buildsys.untag";
      flow.offer("main", busMessage(topic, undefined, ts), summary({ text: `m ${i}`, packages: [`p${i}`] }), tickets.make());
    }
    await clock.runUntil(() => flow.counts().queued === 0, 600_000, 500);
    const keys = transport.sent.filter((l) => l.out.kind === "digest").map((l) => l.out.key);
    assert.ok(keys.length >= 2, `several digests (${keys.length})`);
    assert.equal(new Set(keys).size, keys.length, `every digest has its own key: ${keys.join(" | ")}`);
    assert.equal(tickets.outcomes.size, 400);
    await flow.stop(0);
  });

  it("digest text is clean text whatever the topics hold (CR, LF, lone surrogates)", () => {
    const text = digestText({
      level: "service",
      service: "bodhi\r\nPRIVMSG #x :owned",
      topic: null,
      title: "bodhi",
      count: 272,
      names: 0,
      samples: [],
      parts: new Map([
        ["\ud800 x", 200],
        ["\u202Eevil", 72],
      ]),
      firstWall: 0,
      lastWall: 0,
    });
    assert.equal(text, cleanText(text));
    assert.doesNotMatch(text, /[\r\n\u202E]|[\ud800-\udfff]/);
    assert.match(text, /^bodhi PRIVMSG #x :owned: 272 messages/);
  });
});
