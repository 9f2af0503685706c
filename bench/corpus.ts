/** Bench input: the messages of the reference corpora in ../shared/corpus (read, never copied into the repo). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CORPUS_DIR = fileURLToPath(new URL("../../shared/corpus/", import.meta.url));
export const CORPUS_FILES = ["fedmsg-meta-dev.jsonl", "fedora-messaging-dev.jsonl"].map((f) => CORPUS_DIR + f);
const DEMO_FILE = fileURLToPath(new URL("../config/demo/messages.jsonl", import.meta.url));

/** Raw bus messages (fedmsg envelopes and fedora-messaging messages); the demo's if the corpus is absent. */
export function benchMessages(): { source: string; messages: Record<string, unknown>[] } {
  const files = corpusFiles();
  if (files.length === 0) {
    const messages = lines(DEMO_FILE).map((l) => JSON.parse(l) as Record<string, unknown>);
    return { source: DEMO_FILE, messages };
  }
  return { source: files.map((f) => f.path).join(", "), messages: files.flatMap((f) => f.messages) };
}

/** The corpus files that are present, each with its messages in line order (one per case). */
export function corpusFiles(): { path: string; messages: Record<string, unknown>[] }[] {
  return CORPUS_FILES.filter((f) => existsSync(f)).map((path) => ({
    path,
    messages: lines(path).map((l) => busMessage(JSON.parse(l) as Record<string, unknown>)),
  }));
}

/** A corpus case's message as the bus carries it: the fedmsg envelope, or topic, headers and body. */
function busMessage(c: Record<string, unknown>): Record<string, unknown> {
  if ("msg" in c) return c.msg as Record<string, unknown>;
  const headers = { ...((c.headers ?? {}) as Record<string, unknown>), fedora_messaging_schema: c.schema };
  return { id: null, topic: c.topic, headers, body: c.body };
}

function lines(f: string): string[] {
  return readFileSync(f, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"));
}
