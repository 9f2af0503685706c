/** Bench input: the messages of the reference corpora in ../shared/corpus (read, never copied into the repo). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CORPUS_DIR = fileURLToPath(new URL("../../shared/corpus/", import.meta.url));
export const CORPUS_FILES = ["fedmsg-meta-dev.jsonl", "fedora-messaging-dev.jsonl"].map((f) => CORPUS_DIR + f);
const DEMO_FILE = fileURLToPath(new URL("../config/demo/messages.jsonl", import.meta.url));

/** Raw bus messages (fedmsg envelopes and fedora-messaging messages); the demo's if the corpus is absent. */
export function benchMessages(): { source: string; messages: Record<string, unknown>[] } {
  const files = CORPUS_FILES.filter((f) => existsSync(f));
  if (files.length === 0) {
    const messages = lines(DEMO_FILE).map((l) => JSON.parse(l) as Record<string, unknown>);
    return { source: DEMO_FILE, messages };
  }
  const messages: Record<string, unknown>[] = [];
  for (const f of files) {
    for (const l of lines(f)) {
      const c = JSON.parse(l) as Record<string, unknown>;
      if ("msg" in c) messages.push(c.msg as Record<string, unknown>);
      else {
        const headers = { ...((c.headers ?? {}) as Record<string, unknown>), fedora_messaging_schema: c.schema };
        messages.push({ id: null, topic: c.topic, headers, body: c.body });
      }
    }
  }
  return { source: files.join(", "), messages };
}

function lines(f: string): string[] {
  return readFileSync(f, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"));
}
