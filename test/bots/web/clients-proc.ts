/**
 * Many browsers' streams in a process of their own (so that they read while the server writes,
 * as real browsers do, and the server's RSS is its own). Run with `node --import tsx`, driven
 * over IPC by load.test.ts and bench/web.ts:
 *
 *   argv: BASE COUNT FILTERED SLOW    (FILTERED streams ask `?service=bodhi,fas`; SLOW ones are paused)
 *   -> {type:"ready"}   <- {cmd:"resume"}   <- {cmd:"report"} -> {type:"report", clients:[...]}
 *
 * Each client's items: a row's seq (a number) or a skipped row as [n, through]; latencies are
 * arrival time minus the row's `time` (ms), for the bench.
 */
import { openSse, type SseReader } from "./sse.js";

type Item = number | [number, number];
interface ClientRecord {
  readonly filtered: boolean;
  readonly slow: boolean;
  readonly items: Item[];
  readonly latencies: number[];
  reader?: SseReader;
}

const [base = "", countS = "0", filteredS = "0", slowS = "0"] = process.argv.slice(2);
const count = Number(countS);
const filtered = Number(filteredS);
const slow = Number(slowS);
const clients: ClientRecord[] = [];

for (let i = 0; i < count; i++) {
  const rec: ClientRecord = { filtered: i < filtered, slow: i >= filtered && i < filtered + slow, items: [], latencies: [] };
  rec.reader = await openSse(`${base}/events${rec.filtered ? "?service=bodhi,fas" : ""}`, {}, (e) => {
    const now = Date.now();
    if (e.event === "row") {
      // Two fields of a row (the server writes seq first and time as an integer): cheaper than
      // JSON.parse for 200 streams in one process, which is what limits this reader.
      rec.items.push(Number(/^\{"seq":(\d+)/.exec(e.data)?.[1] ?? NaN));
      rec.latencies.push(now - Number(/"time":(\d+)/.exec(e.data)?.[1] ?? NaN));
    } else if (e.event === "skipped") {
      const d = JSON.parse(e.data) as { n: number; through: number };
      rec.items.push([d.n, d.through]);
    }
  });
  if (rec.slow) rec.reader.pause();
  clients.push(rec);
}
process.send?.({ type: "ready" });

process.on("message", (m: { cmd: string }) => {
  if (m.cmd === "resume") for (const c of clients) c.reader?.resume();
  else if (m.cmd === "report") {
    process.send?.({
      type: "report",
      rss: process.memoryUsage().rss,
      clients: clients.map((c) => ({
        filtered: c.filtered,
        slow: c.slow,
        ended: c.reader?.ended ?? true,
        items: c.items,
        latencies: c.latencies,
      })),
    });
  } else if (m.cmd === "exit") {
    for (const c of clients) c.reader?.close();
    process.exit(0);
  }
});
