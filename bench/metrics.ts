/** Cost of the metric calls the pipeline makes per message: `npx tsx bench/metrics.ts`. */
import { Metrics } from "../bots/metrics.js";

const N = 2_000_000;
const m = new Metrics();
const labels = { sink: "irc:libera", outcome: "sent" };
const services = ["buildsys", "bodhi", "copr", "pagure", "generic"];

function time(what: string, fn: (i: number) => void): void {
  for (let i = 0; i < 100_000; i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0) / N;
  console.log(`${what.padEnd(44)} ${ns.toFixed(0).padStart(5)} ns/call`);
}

time("inc(name, {sink, outcome})", () => m.inc("sink_messages", labels));
time("inc(name)", () => m.inc("received"));
time("set(name, v, {sink})", (i) => m.set("sink_queue_messages", i, { sink: "irc:libera" }));
time("observe(format, s, {service})", (i) => m.observe("format", 0.00003, { service: services[i % 5] ?? "" }));
time("observe(sink_latency, s, {sink})", (i) => m.observe("sink_latency", i % 100, { sink: "irc:libera" }));
const t0 = process.hrtime.bigint();
const page = await m.prometheus();
console.log(`prometheus(): ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)} ms for ${page.length} bytes`);
