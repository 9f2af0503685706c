import { createHash } from "node:crypto";

/**
 * Avatar URL of a Fedora account, as Fedora's formatters compute it: libravatar,
 * keyed by the SHA-256 of the account's OpenID URL, 64 px, "retro" fallback.
 */
export function avatarUrl(username: string, size = 64, fallback = "retro"): string {
  const hash = createHash("sha256").update(`http://${username}.id.fedoraproject.org/`).digest("hex");
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}

/** Avatar URL for an e-mail address (libravatar, SHA-256 of the lower-cased address). */
export function emailAvatarUrl(email: string, size = 64, fallback = "retro"): string {
  const hash = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return `https://seccdn.libravatar.org/avatar/${hash}?s=${size}&d=${fallback}`;
}
