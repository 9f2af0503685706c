/**
 * A delivery limit the bot was not told about: the operator sets it on the queue with a broker
 * policy (`rabbitmqctl set_policy ... '{"delivery-limit": N}'`), not `amqp.delivery_limit`. A
 * message a sink still holds at shutdown (a channel refusing the bot, a slow pace) is given back
 * at every SIGTERM, and before RabbitMQ 4.3 every give-back counts: past the limit the broker
 * drops it. The bot cannot read the policy (AMQP tells a consumer nothing of it), so it must say
 * what it sees: a delivery given back again, with its count, counted in a metric.
 *
 * The policy matches only this test's own queue names, and is cleared afterwards.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { createLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";
import { runBot } from "../../../bots/run.js";
import { parseConfig } from "../../../config/load.js";
import { AMQP_URL, calendarBody, FEDOCAL_HEADERS, testBroker, type TestBroker } from "../../helpers/amqp.js";
import { HoldingSink, waitFor } from "../../helpers/collect.js";

const QUEUE_PREFIX = "fedmsg-echo-test-dlpolicy-";
const POLICY = "fedmsg-echo-test-dlpolicy";
const LIMIT = 2;

describe("a broker policy's delivery-limit on the bot's queue @integration", function () {
  this.timeout(60_000);
  let broker: TestBroker;

  before(() => {
    execFileSync(
      "rabbitmqctl",
      ["set_policy", "--priority", "100", "--apply-to", "queues", POLICY, `^${QUEUE_PREFIX}`, JSON.stringify({ "delivery-limit": LIMIT })],
      { stdio: "ignore", timeout: 30_000 },
    );
  });
  after(() => {
    execFileSync("rabbitmqctl", ["clear_policy", POLICY], { stdio: "ignore", timeout: 30_000 });
  });
  beforeEach(async () => {
    broker = await testBroker(QUEUE_PREFIX);
    await broker.declare({ "x-queue-type": "quorum" });
  });
  afterEach(async () => {
    await broker.close();
  });

  /** One run: the sink holds what it gets, and drops it at shutdown (the message is given back). */
  async function run(): Promise<{ metrics: Metrics; held: number; log: string }> {
    const lines: string[] = [];
    const out = new PassThrough();
    out.on("data", (d: Buffer) => lines.push(d.toString()));
    const metrics = new Metrics();
    const sink = new HoldingSink("held");
    const config = parseConfig({
      stats_interval_s: 0,
      shutdown_deadline_ms: 500,
      amqp: { url: AMQP_URL, routing_keys: [`${broker.prefix}.#`], queue: broker.queue, queue_type: "quorum", reconnect_ms: 50 },
    });
    const bot = await runBot({ config, sinks: [sink], log: createLogger("info", out), metrics });
    // What the queue holds reaches the sink, or nothing comes (the broker dropped it).
    await waitFor(() => sink.held.length === 1, "the message held", 3000).catch(() => undefined);
    const held = sink.held.length;
    await bot.stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));
    return { metrics, held, log: lines.join("") };
  }

  it("says when it gives back a delivery that was given back before, with its count and the risk, and counts it", async () => {
    await broker.publish(`${broker.prefix}.fedocal.calendar.new`, calendarBody(0), {
      messageId: "m-0",
      headers: FEDOCAL_HEADERS,
      persistent: true,
    });
    const runs = [];
    for (let i = 0; i <= LIMIT; i++) runs.push(await run());
    // The reproduction: delivered LIMIT + 1 times, given back each time, then gone.
    assert.deepEqual(
      runs.map((r) => r.held),
      [1, 1, 1],
    );
    assert.equal(await broker.ready(), 0, "the broker dropped it after the last give-back");
    const [first, second, last] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    assert.equal(first.metrics.get("amqp_given_back_again"), 0, "a first give-back is no warning");
    assert.doesNotMatch(first.log, /given back again/);
    for (const [r, count] of [
      [second, 1],
      [last, 2],
    ] as const) {
      assert.equal(r.metrics.get("amqp_given_back_again"), 1);
      assert.match(r.log, /given back again/);
      assert.match(r.log, new RegExp(`"returns":${count + 1}\\b`), r.log);
      assert.match(r.log, /delivery-limit/, "names the broker's delivery limit, which the bot cannot read");
    }
  });
});
