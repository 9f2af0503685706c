/**
 * Dump what `fedmsg-echo format` writes for every message of a corpus file, one line per
 * message: `<case id>\t<format output line>`. Speed work keeps this output byte-identical:
 * dump before a change, dump after, and `cmp` the two files.
 *
 *   npx tsx bench/dump-format.ts ../shared/corpus/fedmsg-meta-dev.jsonl [more files...] > before.txt
 *
 * Each case goes through `formatLine` (the function behind `fedmsg-echo format`) as the JSON
 * text of its bus message, with the case's own user map (fedmsg.meta's FAS cache), so decoding
 * is covered too. The handler that answered (service and key) and any handler error follow on
 * the same line, so a change of route shows even when the text happens to agree.
 */
import { readFileSync } from "node:fs";
import { formatLine } from "../bots/format-cmd.js";
import { decodeJson, formatTrace } from "../formatters/index.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: tsx bench/dump-format.ts CORPUS.jsonl [...]");
  process.exit(2);
}
const out: string[] = [];
for (const file of files) {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const c = JSON.parse(line) as Record<string, unknown>;
    let input: unknown;
    let userMap: Record<string, string> = {};
    if ("msg" in c) {
      input = c.msg;
      userMap = ((c.context ?? {}) as { fas_cache?: Record<string, string> }).fas_cache ?? {};
    } else {
      const headers = { ...((c.headers ?? {}) as Record<string, unknown>), fedora_messaging_schema: c.schema };
      input = { topic: c.topic, headers, body: c.body, id: null };
    }
    const text = JSON.stringify(input);
    let route: string;
    try {
      const t = formatTrace(decodeJson(text), { userMap });
      route = `${t.service} ${t.key ?? "-"}${t.errors.map((e) => ` error(${e.service}: ${String(e.error)})`).join("")}`;
    } catch (err) {
      route = `decode error: ${String(err)}`;
    }
    out.push(`${String(c.id)}\t${formatLine(text, { userMap })}\t${route}`);
  }
}
process.stdout.write(`${out.join("\n")}\n`);
