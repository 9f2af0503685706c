/**
 * The one list of secret key names, read by the config loader (`<key>_file`),
 * by the printed config (check-config) and by the logger; and the redaction of
 * credentials inside URLs.
 */
import parseWithUrlParse from "url-parse";

/** Config keys whose whole value is secret; each may instead be read from the file named by `<key>_file`. */
export const SECRET_KEYS: readonly string[] = ["access_token", "password", "sasl_password", "nickserv_password", "server_password"];

/** Keys holding a URL whose credentials are secret (the AMQP broker URL, the IRC shortener); `url_file` too. */
export const URL_KEYS: readonly string[] = ["url"];

/**
 * The IRC channel key: secret in the printed config, but never read from a file
 * (`key_file` is the path of the AMQP TLS private key) and not a log field name
 * (logs use `key` for a formatter's table key).
 */
export const CHANNEL_KEY = "key";

/** What the logger blanks besides the config secrets: HTTP credentials. */
export const HTTP_SECRET_KEYS: readonly string[] = ["token", "authorization"];

export const REDACTED = "<redacted>";

/** How one URL parser reads a URL's credentials and the rest. */
export interface UrlReading {
  readonly username: string;
  readonly password: string;
  /** `scheme://` and what follows the credentials, as the parser reads them (host, port, path, query). */
  readonly protocol: string;
  readonly rest: string;
}
export type UrlReader = (url: string) => UrlReading;

/** The WHATWG URL parser: Node's `URL`, which fetch uses (the IRC link shortener). */
export const readWhatwg: UrlReader = (url) => {
  const u = new URL(url);
  return { username: u.username, password: u.password, protocol: u.protocol, rest: `${u.host}${u.pathname}${u.search}${u.hash}` };
};

/** amqplib's reading: it parses a URL string with the `url-parse` package (lib/connect.js). */
export const readAmqplib: UrlReader = (url) => {
  const u = parseWithUrlParse(url, false);
  return { username: u.username, password: u.password, protocol: u.protocol, rest: `${u.host}${u.pathname}${u.query}${u.hash}` };
};

/** The parser that will read a URL with this scheme in this program. */
export function readerFor(url: string): UrlReader {
  return /^amqps?:/i.test(url) ? readAmqplib : readWhatwg;
}

/**
 * `url` with its password replaced by "<redacted>", as `read` (by default the
 * parser that uses such a URL here) splits it: `amqps://user:p@ss@host` has the
 * password `p@ss` for both parsers, so the whole of it goes. A URL without
 * password (`amqp://user@host`) comes back unchanged; one with an `@` that the
 * parser does not read as credentials (`amqp://u:p/x@host`, a password meant
 * but not escaped) loses everything up to its last `@`; one the parser refuses
 * is redacted whole.
 */
export function redactUrl(url: string, read: UrlReader = readerFor(url)): string {
  return redactQuery(redactUserinfo(url, read));
}

/**
 * Credentials in the query: ioredis reads `redis://host/0?password=...`, and other
 * clients take `?token=` or `?auth=`: their values go too, wherever they stand.
 */
const QUERY_SECRET_RE = /([?&;](?:password|passwd|pass|pwd|token|access_token|auth|secret|key)=)[^&;#]*/gi;

function redactQuery(url: string): string {
  return url.replace(QUERY_SECRET_RE, `$1${REDACTED}`);
}

function redactUserinfo(url: string, read: UrlReader): string {
  let r: UrlReading;
  try {
    r = read(url);
  } catch {
    return REDACTED;
  }
  if (r.password !== "") return `${r.protocol}//${r.username}:${REDACTED}@${r.rest}`;
  const at = url.indexOf("@");
  if (at < 0) return url;
  const scheme = SCHEME_RE.exec(url)?.[0] ?? "";
  const userinfo = url.slice(scheme.length, at);
  // `user@host`: the parser read a user name and nothing else, so nothing is secret.
  if (r.username !== "" && at === url.lastIndexOf("@") && !/[:/?#]/.test(userinfo)) return url;
  return `${scheme}${REDACTED}@${url.slice(url.lastIndexOf("@") + 1)}`;
}

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
