import type { ParsedTopic } from "./types.js";

/** Environments seen on Fedora's buses. The first one found splits prefix from title. */
const ENVIRONMENTS: ReadonlySet<string> = new Set(["dev", "stg", "stage", "prod", "test", "local"]);

/**
 * Split `<prefix>.<env>.<service>.<rest>` into its parts. Prefixes vary
 * (`org.fedoraproject`, `org.release-monitoring`, `io.pagure`, `org.centos`), so the
 * environment segment is searched for rather than assumed at index 2. A topic
 * without a known environment is "bare" (fedora-messaging tests publish such
 * topics, e.g. `bodhi.update.comment`): its title is the whole topic.
 */
export function parseTopic(topic: string): ParsedTopic {
  let parsed = PARSED.get(topic);
  if (parsed === undefined) {
    parsed = split(topic);
    if (topic.length > PARSED_MAX_CHARS) return parsed;
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    PARSED.set(topic, parsed);
  }
  return parsed;
}

/**
 * Topics already split: the bus repeats a few hundred topics all day. The parts are frozen
 * because every message with that topic shares them.
 */
const PARSED = new Map<string, ParsedTopic>();
/** Distinct topics remembered (a few hundred bytes each); past it the memory starts again. */
const PARSED_MAX = 10_000;
/** Longer topics (real ones are under 100 characters) are split each time, so that hostile ones cannot fill the memory. */
const PARSED_MAX_CHARS = 256;

function split(topic: string): ParsedTopic {
  const parts = topic.split(".");
  // The environment is never the first segment (a prefix always precedes it).
  let envIndex = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (ENVIRONMENTS.has(parts[i] ?? "")) {
      envIndex = i;
      break;
    }
  }
  const titleParts = envIndex < 0 ? parts : parts.slice(envIndex + 1);
  const title = topic === "" ? "" : titleParts.join(".");
  return Object.freeze({
    full: topic,
    prefix: envIndex < 0 ? "" : parts.slice(0, envIndex).join("."),
    environment: envIndex < 0 ? null : (parts[envIndex] ?? null),
    title,
    service: title === "" ? "" : (titleParts[0] ?? ""),
    rest: Object.freeze(titleParts.slice(1)),
  });
}
