/**
 * mdapi, the repository metadata API, announces each repodata change
 * (`mdapi.repo.update`). Old messages carried the full `differences` per
 * metadata category (packages, files, requires, ...) and action
 * (added/removed); newer ones only list the changed `packages`.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { listToSeries } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";
const MIRROR_URL = "https://download.fedoraproject.org/pub/";

interface Change {
  readonly category: string;
  readonly action: string;
  /** The entry's name as published, e.g. `python3-yui(x86-64)`. */
  readonly name: string;
}

/**
 * Every entry of `differences`. An entry is a list whose first element is its
 * name, except for files (`[path, type, package]`), where the package is last.
 */
function changes(differences: Payload): Change[] {
  const out: Change[] = [];
  for (const [category, actions] of differences.entries()) {
    for (const [action, entries] of actions.entries()) {
      for (const entry of entries.list()) {
        const first = entry.at(0).text();
        const name = first !== undefined && first.includes("/") ? entry.at(-1).text() : first;
        if (name !== undefined) out.push({ category, action, name });
      }
    }
  }
  return out;
}

/** "files: +5/-4, packages: +2/-3": the categories that changed, by name. */
function countsLine(differences: Payload): string {
  const parts: string[] = [];
  for (const category of differences.keys().sort()) {
    const actions = differences.at(category);
    const added = actions.list("added").length;
    const removed = actions.list("removed").length;
    if (added > 0 || removed > 0) parts.push(`${category}: +${added}/-${removed}`);
  }
  return parts.join(", ");
}

/** A package name without its arch qualifier: `boost(x86-32)` -> `boost`. */
function bareName(name: string): string {
  const i = name.indexOf("(");
  return i < 0 ? name : name.slice(0, i);
}

function repoUpdate(ctx: Ctx): Result {
  const { body } = ctx;
  const repo = body.text("name") ?? "unknown";
  let summary: string;
  let packages: string[];
  let objects: string[];
  if (body.has("differences")) {
    const diff = body.get("differences");
    const all = changes(diff);
    summary = countsLine(diff) || "(nothing)";
    packages = all.map((c) => bareName(c.name));
    objects = all.map((c) => `${repo}/${c.category}/${c.action}/${c.name}`);
  } else {
    packages = body.strs("packages");
    summary = listToSeries(packages);
    objects = packages.map((p) => `${repo}/${p}`);
  }
  const url = body.text("url");
  return {
    text: `mdapi noticed a ${repo} repomd change: ${summary}`,
    link: url === undefined ? null : url.startsWith("http") ? url : MIRROR_URL + url,
    packages,
    objects,
    avatar: ICON,
  };
}

export default defineService({
  name: "mdapi",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "mdapi.repo.update": repoUpdate,
  },
});
