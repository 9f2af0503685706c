/**
 * Avatar URLs computed from the specifications, independently of formatters/util/avatar.ts (the
 * code under test): libravatar's API serves `https://seccdn.libravatar.org/avatar/<hex digest>`
 * with `s` (size in px) and `d` (fallback) parameters, an OpenID keyed by the SHA-256 of its URL;
 * a Fedora account's OpenID URL is `http://<name>.id.fedoraproject.org/`; Fedora's formatters ask
 * for 64 px and the "retro" fallback.
 */
import { createHash } from "node:crypto";

export function fedoraAvatar(account: string): string {
  const digest = createHash("sha256").update(`http://${account}.id.fedoraproject.org/`, "utf8").digest("hex");
  return `https://seccdn.libravatar.org/avatar/${digest}?s=64&d=retro`;
}
