/** The messages of a small replay file, read at once (tests and benches; the CLI streams). */
import { readFileSync } from "node:fs";
import { parseReplayLine, type ReplayLine } from "../../bots/replay.js";

export function readReplayFile(file: string): ReplayLine[] {
  const out: ReplayLine[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const parsed = parseReplayLine(file, i + 1, line);
      if (parsed) out.push(parsed);
    });
  return out;
}
