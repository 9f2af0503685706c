/**
 * Flow layer benchmark: one burst of N messages (default 100,000) into a sink that
 * sends one line per second (burst 4), the IRC default. Virtual time (the flow's
 * ManualClock), real memory and CPU. Prints: the virtual time until the channel is
 * current (nothing waiting), the lines and digests sent, the messages they account
 * for, the real time it took, and the peak RSS.
 *
 *     npx tsx bench/flow.ts [messages]
 */
import { ManualClock } from "../bots/flow/clock.js";
import { Flow } from "../bots/flow/flow.js";
import type { Ticket } from "../bots/flow/outcome.js";
import { Pacer } from "../bots/flow/pacer.js";
import type { Outgoing, SendResult } from "../bots/flow/transport.js";
import { silentLogger } from "../bots/log.js";
import { Metrics } from "../bots/metrics.js";
import { flowSchema, limitSchema } from "../config/common.js";
import { parseTopic, type Message, type Summary } from "../formatters/index.js";
import { busMessage, summary } from "../test/helpers/builders.js";

const N = Number(process.argv[2] ?? 100_000);
/** A mass rebuild: mostly builds, with the usual chatter around it. */
const TOPICS = [
  ...Array<string>(6).fill("buildsys.build.state.change"),
  "buildsys.tag",
  "bodhi.update.comment",
  "copr.build.end",
  "git.receive",
  "ci.koji-build.test.complete",
  "pagure.pull-request.new",
  "fas.user.update",
  "bodhi.update.request.testing",
].map((t) => parseTopic(`org.fedoraproject.prod.${t}`));

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const clock = new ManualClock();
const limit = limitSchema.parse({ burst: 4, rate: 1, queue_max: 100 });
const pacer = new Pacer({ rate: limit.rate, burst: limit.burst, clock });
const sent: { at: number; out: Outgoing }[] = [];
let settled = 0;
const transport = {
  ready: () => true,
  send: (out: Outgoing): Promise<SendResult> => {
    sent.push({ at: clock.now(), out: { ...out, msg: null } });
    return Promise.resolve("sent");
  },
};
const flow = new Flow({
  name: "bench",
  lanes: ["#fedora-fedmsg"],
  limit,
  flow: flowSchema.parse({}),
  transport,
  pacer,
  clock,
  log: silentLogger(),
  metrics: new Metrics(),
});
flow.start();
const ticket: Ticket = {
  settle: () => {
    settled++;
  },
};

const rss0 = process.memoryUsage().rss;
const real0 = performance.now();
for (let i = 0; i < N; i++) {
  const topic = TOPICS[i % TOPICS.length] ?? parseTopic("x");
  const msg: Message = {
    era: "fedmsg",
    id: `2026-bench-${i}`,
    topic,
    body: {},
    headers: {},
    schema: null,
    timestamp: null,
    username: null,
    counter: null,
    signature: null,
    raw: {},
  };
  const formatted: Summary = {
    title: topic.title,
    text: `ralph's python-pkg${i}-1.0-1.fc44 completed`,
    link: `https://koji.fedoraproject.org/koji/buildinfo?buildID=${i}`,
    usernames: ["ralph"],
    packages: [`python-pkg${i}`],
    objects: [],
    groups: [],
    agent: "ralph",
    app: "koji",
    icon: null,
    avatar: null,
    severity: null,
    long: null,
  };
  flow.offer("#fedora-fedmsg", msg, formatted, ticket);
}
const offerMs = performance.now() - real0;
const rssAfterOffers = process.memoryUsage().rss;
const virtualMs = await clock.runUntil(() => flow.counts().queued === 0, 3600_000, 250);
const realMs = performance.now() - real0;
const c = flow.counts();
const linesOfBurst = sent.length;
const settledOfBurst = settled;
// One message after the burst: how long until it is out?
flow.offer(
  "#fedora-fedmsg",
  busMessage((TOPICS[7] ?? parseTopic("x")).full, "after", null),
  summary({ title: "bodhi.update.comment", text: "after the burst" }),
  ticket,
);
const afterMs = await clock.runUntil(() => flow.counts().queued === 0, 600_000, 50);
await flow.stop(1000);
clearInterval(sampler);

const digests = sent.filter((l) => l.out.kind === "digest");
console.log(`flow: one burst of ${N.toLocaleString("en-US")} messages into a 1 line/s sink (burst 4, max_behind_s 60), virtual time`);
console.log(`  channel current after     ${(virtualMs / 1000).toFixed(1)} s (virtual; the bound is 60 s)`);
console.log(`  lines sent                ${linesOfBurst} (${c.singleLines} single, ${c.digestLines} digests)`);
console.log(
  `  messages accounted        ${c.sent.toLocaleString("en-US")} sent + ${c.digested.toLocaleString("en-US")} digested + ${c.dropped} dropped = ${(c.sent + c.digested + c.dropped).toLocaleString("en-US")}; tickets settled ${settledOfBurst.toLocaleString("en-US")}`,
);
console.log(`  a message after the burst ${(afterMs / 1000).toFixed(2)} s to its line`);
console.log(
  `  offering took             ${offerMs.toFixed(0)} ms real (${((offerMs * 1000) / N).toFixed(2)} µs/message); all of it ${(realMs / 1000).toFixed(1)} s real`,
);
console.log(
  `  RSS                       ${(rss0 / 2 ** 20).toFixed(0)} MiB before, ${(rssAfterOffers / 2 ** 20).toFixed(0)} MiB after the offers, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  `  digest lines, e.g.        ${digests
    .slice(0, 3)
    .map((d) => d.out.summary.text)
    .join("\n                            ")}`,
);
