/**
 * The data types shared by the whole project: a decoded bus message and the
 * summary a formatter derives from it. Pure types, no code.
 */

/** Which generation of the bus a message comes from; each era has its own wording. */
export type Era = "fedmsg" | "fedora-messaging";

/** A topic split into its parts: `<prefix>.<env>.<title>` where `title` starts with the service. */
export interface ParsedTopic {
  /** The topic exactly as received (may be empty for some fedora-messaging messages). */
  readonly full: string;
  /** Everything before the environment, e.g. `org.fedoraproject`; empty for a bare topic. */
  readonly prefix: string;
  /** `dev`, `stg`, `prod` (or another recognised environment); null for a bare topic. */
  readonly environment: string | null;
  /** The topic after the environment, e.g. `buildsys.build.state.change`. */
  readonly title: string;
  /** The first segment of the title, e.g. `buildsys`. Empty for an empty topic. */
  readonly service: string;
  /** The segments of the title after the service, e.g. `["build", "state", "change"]`. */
  readonly rest: readonly string[];
}

/** A decoded bus message, from either era, ready for the formatters. */
export interface Message {
  readonly era: Era;
  /** `msg_id` (fedmsg) or `id` (fedora-messaging); null when the publisher sent none. */
  readonly id: string | null;
  readonly topic: ParsedTopic;
  /** The payload: `msg` of a fedmsg envelope, `body` of a fedora-messaging message. */
  readonly body: unknown;
  /** AMQP headers (fedora-messaging) or the envelope's optional `headers`; empty object if none. */
  readonly headers: Readonly<Record<string, unknown>>;
  /** The `fedora_messaging_schema` header, which names the message class; null if absent. */
  readonly schema: string | null;
  /** Seconds since the epoch (fedmsg `timestamp`, or the `sent-at` header); null if unknown. */
  readonly timestamp: number | null;
  /** fedmsg: the publishing process's user; null otherwise. */
  readonly username: string | null;
  /** fedmsg: the per-publisher counter; null otherwise. */
  readonly counter: number | null;
  /** fedmsg signature fields, when the envelope was signed. */
  readonly signature: FedmsgSignature | null;
  /** The whole decoded JSON object, kept for signature checks and re-publishing. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface FedmsgSignature {
  readonly crypto: string;
  readonly signature: string;
  readonly certificate: string;
}

/** fedora-messaging severity levels. */
export const Severity = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 } as const;

/**
 * What a formatter derives from a message. This is the `format` JSON contract of
 * DESIGN.md: lists are sorted and de-duplicated; `null` where unknown.
 */
export interface Summary {
  /** The topic without prefix and environment, e.g. `bodhi.update.comment`. */
  readonly title: string;
  /** The one-line summary (never empty, never contains a newline). */
  readonly text: string;
  readonly link: string | null;
  readonly usernames: readonly string[];
  readonly packages: readonly string[];
  readonly objects: readonly string[];
  readonly groups: readonly string[];
  readonly agent: string | null;
  /** The application's display name (fedora-messaging `app_name`, or the service). */
  readonly app: string | null;
  readonly icon: string | null;
  /** Secondary icon: usually the acting user's avatar. */
  readonly avatar: string | null;
  readonly severity: number | null;
  /** The multi-line long form; equals `text` where the service has none. */
  readonly long: string | null;
}

/** Options that change how messages are formatted. */
export interface FormatOptions {
  /**
   * E-mail addresses and IRC nicks -> Fedora account names. A value not in the
   * map resolves to itself (like fedmsg.meta's FAS cache).
   */
  readonly userMap?: Readonly<Record<string, string>>;
}
