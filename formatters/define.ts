/**
 * How a service's formatter file is written. Each file under `formatters/services/`
 * (fedmsg era, Fedora's `fedmsg.meta` wording) or `formatters/schemas/`
 * (fedora-messaging era, the schema packages' wording) default-exports one
 * `ServiceDef`: a table from topic (or schema name) to handler.
 */
import type { Payload } from "./payload.js";
import type { Era, Message, ParsedTopic } from "./types.js";

/** What a handler gets: the message, its payload ready to read, and helpers. */
export interface Ctx {
  readonly msg: Message;
  /** The payload (`msg` of a fedmsg envelope, `body` of a fedora-messaging message). */
  readonly body: Payload;
  readonly headers: Payload;
  readonly topic: ParsedTopic;
  /** The topic title, e.g. `bodhi.update.comment` (the schema name if the topic is empty). */
  readonly title: string;
  /** What each `*` / `**` of the matched topic pattern stood for, in order. */
  readonly captures: readonly string[];
  /** Resolve an e-mail address or IRC nick to a Fedora account name (itself if unknown). */
  user(nameOrEmail: string): string;
  /** True when the user map knows this e-mail address or nick. */
  knowsUser(nameOrEmail: string): boolean;
}

type Names = Iterable<string | null | undefined>;

/** What a handler returns. Only `text` is required; the rest default as documented. */
export interface Result {
  /** One-line summary. */
  text: string;
  link?: string | null;
  usernames?: Names;
  packages?: Names;
  objects?: Names;
  groups?: Names;
  agent?: string | null;
  /** Default: the service's `icon`. */
  icon?: string | null;
  /** Default: fedmsg era null; fedora-messaging era the agent's avatar. */
  avatar?: string | null;
  /** Default: the service's `app`. */
  app?: string | null;
  /** Default: fedora-messaging era 20 (info); fedmsg era null. */
  severity?: number | null;
  /** Multi-line long form. Default: `text`. */
  long?: string | null;
}

/** Returns undefined to decline (the next candidate, then the generic formatter, is tried). */
export type Handler = (ctx: Ctx) => Result | undefined;

/** A fedora-messaging message class: its schema name(s) and topic pattern(s). */
export interface SchemaEntry {
  /** Topic title pattern(s) the class publishes on, for messages without a schema header. */
  readonly topics?: readonly string[];
  readonly handler: Handler;
}

export interface ServiceDef {
  /** The service's name, e.g. `buildsys` or `koji-fedoramessaging`. */
  readonly name: string;
  readonly era: Era;
  /** Default application display name for `app`. */
  readonly app?: string | null;
  /** Default icon URL. */
  readonly icon?: string | null;
  /**
   * Topic title pattern -> handler. A title is the topic after its environment
   * (`buildsys.build.state.change`). `*` matches one segment, `**` any number (>= 0).
   * Exact titles are looked up first, then patterns in the order written.
   */
  readonly topics?: Readonly<Record<string, Handler>>;
  /** Schema name (`fedora_messaging_schema` header) -> entry. fedora-messaging era only. */
  readonly schemas?: Readonly<Record<string, SchemaEntry>>;
  /**
   * When set, only topics with one of these prefixes match this service
   * (e.g. `["org.release-monitoring"]`). Bare topics (no prefix) always match.
   */
  readonly prefixes?: readonly string[];
}

/** Identity helper that gives a service file its type checking. */
export function defineService(def: ServiceDef): ServiceDef {
  return def;
}
