import type { Handler, ServiceDef } from "./define.js";
import { RegistryError } from "./errors.js";
import { messageTitle } from "./message.js";
import type { Era, Message } from "./types.js";
import { compileGlob, isGlob, type TopicGlob } from "./util/glob.js";
import { cleanText } from "./util/text.js";

/**
 * One handler that may format a message. A class, not object literals (spread from an entry or
 * written out): every candidate then has one hidden class, so that formatTrace's reads of its
 * fields stay monomorphic instead of going through V8's megamorphic stub cache, which the many
 * shapes of payloads and handler results keep evicting (a runtime call on each miss).
 */
export class Candidate {
  /** `service.name`, read here once rather than off service definitions of many shapes per message. */
  readonly serviceName: string;
  /** The service's `app` as clean text; null when it has none (the summary then falls back). */
  readonly app: string | null;
  /** The service's `icon` as clean text, or null. */
  readonly icon: string | null;

  constructor(
    readonly service: ServiceDef,
    readonly handler: Handler,
    /** The topic pattern or schema name that selected it. */
    readonly key: string,
    readonly captures: readonly string[],
  ) {
    this.serviceName = service.name;
    this.app = service.app == null ? null : cleanText(service.app);
    this.icon = service.icon == null ? null : cleanText(service.icon);
  }
}

interface Entry {
  readonly service: ServiceDef;
  readonly handler: Handler;
  readonly key: string;
}
interface PatternEntry extends Entry {
  readonly glob: TopicGlob;
}

/** Topic index for one era: exact titles in a map, patterns grouped by their literal first segment. */
class TopicIndex {
  private readonly exact = new Map<string, Entry[]>();
  private readonly byService = new Map<string, PatternEntry[]>();
  private readonly anyService: PatternEntry[] = [];

  add(service: ServiceDef, key: string, handler: Handler): void {
    if (!isGlob(key)) {
      push(this.exact, key, { service, handler, key });
      return;
    }
    const entry: PatternEntry = { service, handler, key, glob: compileGlob(key) };
    const first = key.split(".")[0] ?? "";
    if (first === "*" || first === "**") this.anyService.push(entry);
    else push(this.byService, first, entry);
  }

  collect(msg: Message, out: Candidate[]): void {
    const title = msg.topic.title;
    for (const e of this.exact.get(title) ?? []) {
      if (prefixAllowed(e.service, msg)) out.push(new Candidate(e.service, e.handler, e.key, []));
    }
    for (const list of [this.byService.get(msg.topic.service), this.anyService]) {
      for (const e of list ?? []) {
        if (!prefixAllowed(e.service, msg)) continue;
        const caps = e.glob.match(title);
        if (caps) out.push(new Candidate(e.service, e.handler, e.key, caps));
      }
    }
  }
}

/** Finds the handlers for a message: by schema header first, then by topic, own era first. */
export class Registry {
  private readonly bySchema = new Map<string, Entry>();
  private readonly topics: Record<Era, TopicIndex> = {
    fedmsg: new TopicIndex(),
    "fedora-messaging": new TopicIndex(),
  };

  /** @throws RegistryError when two services register one schema name: a schema name has one owner. */
  constructor(services: readonly ServiceDef[]) {
    for (const s of services) {
      for (const [key, handler] of Object.entries(s.topics ?? {})) this.topics[s.era].add(s, key, handler);
      for (const [name, entry] of Object.entries(s.schemas ?? {})) {
        const owner = this.bySchema.get(name);
        if (owner !== undefined) throw new RegistryError(`schema ${name} is registered by both ${owner.service.name} and ${s.name}`);
        this.bySchema.set(name, { service: s, handler: entry.handler, key: name });
        for (const t of entry.topics ?? []) this.topics[s.era].add(s, t, entry.handler);
      }
    }
  }

  /** Routes already found, by full topic then by schema: the bus repeats a few hundred topics all day. */
  private readonly memo = new Map<string, TopicRoutes>();
  /** The same for messages that are not fedmsg envelopes (their order differs), kept apart so that no key is built per message. */
  private readonly memoBare = new Map<string, TopicRoutes>();

  /**
   * The message's candidates and its clean title, found once per topic and schema. Candidates
   * come in the order they should be tried: the class named by the schema header first; then by
   * topic, the wording of the message's own form first. A fedmsg envelope, bridged from AMQP or
   * not, is what fedmsg.meta formatted, so without a schema header its fedmsg-era wording comes first.
   */
  route(msg: Message): Route {
    const envelope = msg.era === "fedmsg" || "msg" in msg.raw;
    // A schema name longer than any real one (a hostile header) is looked up each time, never kept.
    if (msg.schema !== null && msg.schema.length > SCHEMA_MAX_CHARS) return this.newRoute(msg, envelope);
    const memo = envelope ? this.memo : this.memoBare;
    let routes = memo.get(msg.topic.full);
    if (routes === undefined) {
      if (memo.size >= MEMO_MAX) memo.clear();
      routes = new TopicRoutes(this.newRoute(msg, envelope));
      memo.set(msg.topic.full, routes);
      return routes.last;
    }
    // A topic nearly always comes with one schema (or none): the last one answers without a lookup.
    if (routes.last.schema === msg.schema) return routes.last;
    const others = (routes.others ??= new Map<string, Route>());
    // A topic with ever new schema names (no real publisher does that) cannot grow the memory.
    if (others.size >= SCHEMAS_PER_TOPIC_MAX) others.clear();
    others.set(routes.last.schema ?? "", routes.last);
    const key = msg.schema ?? "";
    let route = others.get(key);
    if (route === undefined) {
      route = this.newRoute(msg, envelope);
      others.set(key, route);
    }
    routes.last = route;
    return route;
  }

  private newRoute(msg: Message, envelope: boolean): Route {
    return new Route(msg.schema, this.lookup(msg, envelope), cleanText(messageTitle(msg)));
  }

  private lookup(msg: Message, envelope: boolean): Candidate[] {
    const out: Candidate[] = [];
    if (msg.schema !== null) {
      const e = this.bySchema.get(msg.schema);
      if (e !== undefined) out.push(new Candidate(e.service, e.handler, e.key, []));
    }
    const order: Era[] = envelope && msg.schema === null ? ["fedmsg", "fedora-messaging"] : ["fedora-messaging", "fedmsg"];
    for (const era of order) this.topics[era].collect(msg, out);
    return out;
  }
}

/** Distinct topics remembered; past it the memory starts again. */
const MEMO_MAX = 10_000;
/** Distinct schema names remembered for one topic. */
const SCHEMAS_PER_TOPIC_MAX = 64;
/** Real schema names (`bodhi.update.comment.v1`) are under 100 characters. */
const SCHEMA_MAX_CHARS = 256;

/** What a topic and schema select: the handlers to try, and the message's title as clean text. */
export class Route {
  constructor(
    readonly schema: string | null,
    readonly candidates: readonly Candidate[],
    /** The topic's title (the schema name when the topic is empty), as clean text. */
    readonly title: string,
  ) {}
}

/** A topic's routes: the one used last, and those used before it by schema name ("" for none). */
class TopicRoutes {
  others: Map<string, Route> | undefined = undefined;
  constructor(public last: Route) {}
}

function prefixAllowed(s: ServiceDef, msg: Message): boolean {
  return !s.prefixes || msg.topic.prefix === "" || s.prefixes.includes(msg.topic.prefix);
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
