/**
 * The account's pace on the real clock: the flow takes the pacer's token before it asks the sink
 * whether a status may go (bots/flow/flow.ts); the sink must not ask the pacer for another one.
 */
import { strict as assert } from "node:assert";
import { MastodonDouble } from "./double.js";
import { buildSink, message, summary, until, ticket } from "./helpers.js";

describe("mastodon pace, one owner (real clock) @integration", () => {
  // 4 statuses per 3 minutes: one token per 45 s, so nothing in these tests comes from a refill.
  const budget = { statuses: 4, window_s: 180, min_interval_ms: 0 };

  for (const burst of [1, 3]) {
    it(`lets the whole burst of ${burst} out at once, and then waits for the refill without spinning`, async () => {
      const double = await new MastodonDouble().start();
      const { sink, metrics } = buildSink(double.url, { budget: { ...budget, burst }, flow: { max_behind_s: 86_400 } });
      try {
        await sink.start();
        let refunds = 0;
        const refund = sink.pacer.refund.bind(sink.pacer);
        sink.pacer.refund = (weight?: number) => {
          refunds++;
          refund(weight);
        };
        for (let i = 0; i < burst + 2; i++) sink.offer(message(), summary(`status ${i}`), ticket());
        await until(() => metrics.total("lines_sent") === burst, `the burst of ${burst}`, 5000);
        // The next token is 45 s away: the flow waits for it instead of taking and giving back tokens in a loop.
        const before = refunds;
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(refunds - before <= 2, `${refunds - before} tokens taken and given back while waiting`);
        assert.equal(double.statuses.length, burst, "no status beyond the burst before the refill");
      } finally {
        await sink.stop(0);
        await double.close();
      }
    });
  }
});
