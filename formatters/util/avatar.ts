import { createHash } from "node:crypto";

/** Hashes already computed: the same few thousand people act on the bus all day, and a hash costs microseconds. */
const HASH_CACHE = new Map<string, string>();
const HASH_CACHE_MAX = 20_000;

function cachedHash(algorithm: "sha256" | "md5", input: string): string {
  const key = `${algorithm}:${input}`;
  let hash = HASH_CACHE.get(key);
  if (hash === undefined) {
    hash = createHash(algorithm).update(input).digest("hex");
    if (HASH_CACHE.size >= HASH_CACHE_MAX) HASH_CACHE.clear();
    HASH_CACHE.set(key, hash);
  }
  return hash;
}

/**
 * Avatar URL of a Fedora account, as Fedora's formatters compute it: libravatar,
 * keyed by the SHA-256 of the account's OpenID URL, 64 px, "retro" fallback.
 */
export function avatarUrl(username: string, size = 64, fallback = "retro"): string {
  if (size === 64 && fallback === "retro") {
    let url = DEFAULT_AVATARS.get(username);
    if (url === undefined) {
      url = `https://seccdn.libravatar.org/avatar/${cachedHash("sha256", `http://${username}.id.fedoraproject.org/`)}?s=64&d=retro`;
      if (DEFAULT_AVATARS.size >= HASH_CACHE_MAX) {
        DEFAULT_AVATARS.clear();
        DEFAULT_AVATAR_URLS.clear();
      }
      DEFAULT_AVATARS.set(username, url);
      DEFAULT_AVATAR_URLS.add(url);
    }
    return url;
  }
  const hash = cachedHash("sha256", `http://${username}.id.fedoraproject.org/`);
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}

/** The usual avatar (64 px, retro) by account name: most messages ask for one. */
const DEFAULT_AVATARS = new Map<string, string>();
/** The values of DEFAULT_AVATARS. */
const DEFAULT_AVATAR_URLS = new Set<string>();

/**
 * True when `url` is one avatarUrl handed out for the usual size: printable ASCII by construction
 * (a fixed URL around a hex digest), so the formatter need not scan its hundred characters again.
 * The URL avatarUrl returns is the very string remembered here, whose hash V8 keeps with it, so
 * the lookup does not read the characters either.
 */
export function isDefaultAvatarUrl(url: unknown): boolean {
  return typeof url === "string" && DEFAULT_AVATAR_URLS.has(url);
}

/** Avatar URL for an e-mail address (libravatar, SHA-256 of the lower-cased address). */
export function emailAvatarUrl(email: string, size = 64, fallback = "retro"): string {
  const hash = cachedHash("sha256", email.trim().toLowerCase());
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}

/** System accounts that fedmsg.meta shows with their application's icon instead of a libravatar. */
const FEDMSG_HARDCODED_AVATARS: Readonly<Record<string, string>> = {
  bodhi: "https://apps.fedoraproject.org/img/icons/bodhi-{size}.png",
  koschei: "https://apps.fedoraproject.org/img/icons/koschei-{size}.png",
  taskotron: "https://apps.fedoraproject.org/img/icons/taskotron-{size}.png",
};

/** fedmsg.meta's `avatar_url`: `avatarUrl`, except for the few bots with a hard-coded icon. */
export function fedmsgAvatarUrl(username: string, size = 64, fallback = "retro"): string {
  const fixed = Object.prototype.hasOwnProperty.call(FEDMSG_HARDCODED_AVATARS, username) ? FEDMSG_HARDCODED_AVATARS[username] : undefined;
  return fixed !== undefined ? fixed.replace("{size}", String(size)) : avatarUrl(username, size, fallback);
}

/**
 * fedmsg.meta's `avatar_url_from_email`: libravatar keyed by the MD5 of the
 * address exactly as given (not lower-cased), unlike `emailAvatarUrl`.
 */
export function fedmsgEmailAvatarUrl(email: string, size = 64, fallback = "retro"): string {
  const hash = cachedHash("md5", email);
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}

/**
 * fedmsg.meta's `avatar_url_from_openid` called with a value that is not an
 * OpenID URL (its mailman processor passes a bare account name): libravatar
 * keyed by the SHA-256 of the value itself.
 */
export function fedmsgOpenidAvatarUrl(openid: string, size = 64, fallback = "retro"): string {
  const hash = cachedHash("sha256", openid);
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}

/**
 * fedora-messaging's `schema_utils.libravatar_url(email=...)`, which schema
 * packages use for e-mail avatars: SHA-256 of the address exactly as given
 * (neither trimmed nor lower-cased, unlike `emailAvatarUrl`).
 */
export function messagingEmailAvatarUrl(email: string, size = 64, fallback = "retro"): string {
  const hash = cachedHash("sha256", email);
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}
