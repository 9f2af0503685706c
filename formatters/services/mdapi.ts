/**
 * mdapi, the repository metadata API, announces each repodata change
 * (`mdapi.repo.update`). Old messages carried the full `differences` per
 * metadata category (packages, files, requires, ...) and action
 * (added/removed); newer ones only list the changed `packages`.
 */
import type { Ctx, Result } from "../define.js";
import { defineService } from "../define.js";
import { Payload, isObject } from "../payload.js";
import { listToSeries } from "../util/text.js";

const ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";
const MIRROR_URL = "https://download.fedoraproject.org/pub/";

/** What an old message's `differences` says, read in one pass. */
interface Differences {
  /** "files: +5/-4, packages: +2/-3": the categories that changed, by name; "" when none did. */
  readonly counts: string;
  /** Each entry's package, without its arch qualifier (`boost(x86-32)` -> `boost`); repeats left in. */
  readonly packages: string[];
  /** `<repo>/<category>/<action>/<entry name>` for each entry. */
  readonly objects: string[];
}

/**
 * One walk over `differences` (category -> action -> entries). Categories are visited in
 * code-unit order, the counts line's order; `packages` and `objects` may come in any order,
 * as `format` sorts and de-duplicates them. Only `added` and `removed` are counted, but every
 * action's entries are named. Non-object categories and non-array actions hold nothing.
 */
function readDifferences(differences: unknown, repo: string): Differences {
  const parts: string[] = [];
  const packages: string[] = [];
  const objects: string[] = [];
  if (!isObject(differences)) return { counts: "", packages, objects };
  for (const category of Object.keys(differences).sort()) {
    const actions = differences[category];
    if (!isObject(actions)) continue;
    let added = 0;
    let removed = 0;
    for (const action of Object.keys(actions)) {
      const entries = actions[action];
      if (!Array.isArray(entries)) continue;
      if (action === "added") added = entries.length;
      else if (action === "removed") removed = entries.length;
      const prefix = `${repo}/${category}/${action}/`;
      for (const entry of entries as unknown[]) {
        const name = entryName(entry);
        if (name === undefined) continue;
        packages.push(bareName(name));
        objects.push(prefix + name);
      }
    }
    if (added > 0 || removed > 0) parts.push(`${category}: +${added}/-${removed}`);
  }
  return { counts: parts.join(", "), packages, objects };
}

/**
 * An entry's name as published, e.g. `python3-yui(x86-64)`. An entry is a list whose first
 * element is its name, except for files (`[path, type, package]`), where the package is last.
 */
function entryName(entry: unknown): string | undefined {
  const e = new Payload(entry);
  const first = e.at(0).text();
  return first !== undefined && first.includes("/") ? e.at(-1).text() : first;
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
  const differences = body.raw("differences");
  if (differences !== undefined) {
    const diff = readDifferences(differences, repo);
    summary = diff.counts || "(nothing)";
    packages = diff.packages;
    objects = diff.objects;
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
