/**
 * The Fedora Package DB (pkgdb, retired in 2017), fedmsg era. Two generations
 * of payloads: pkgdb1 (`package` a plain name, `agent` sometimes a list) and
 * pkgdb2 (`package` an object with a `namespace`, `package_listing` objects).
 */
import type { Ctx, Handler, Result } from "../define.js";
import { defineService } from "../define.js";
import type { Payload } from "../payload.js";
import { avatarUrl } from "../util/avatar.js";

const ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";
const PACKAGE_URL = "https://admin.fedoraproject.org/pkgdb/package/";
/** Only packages of this namespace count as packages (fedmsg.meta's default `namespace` config). */
const NAMESPACE = "rpms";

/** Python's str() of a flag or name: booleans read True/False as the pkgdb lines always did. */
function pyText(p: Payload, path: string): string {
  const v = p.get(path).value;
  if (typeof v === "boolean") return v ? "True" : "False";
  return p.text(path) ?? "";
}

/** The acting user; legacy messages sent a list of names. */
function agentOf(body: Payload): string | undefined {
  return body.isArray("agent") ? body.text("agent.0") : body.text("agent");
}

/** `namespace/name` of a package object (the namespace defaults to rpms). */
interface Pkg {
  ns: string;
  name: string;
}
function pkgOf(p: Payload): Pkg {
  return { ns: p.str("namespace") ?? NAMESPACE, name: p.text("name") ?? "" };
}
const full = (p: Pkg): string => `${p.ns}/${p.name}`;

/** The package of a listing, or the top-level `package` (a name or an object). */
function listingOrPackage(body: Payload): Pkg {
  if (body.isObject("package_listing.package")) return pkgOf(body.get("package_listing.package"));
  if (body.isObject("package")) {
    const p = pkgOf(body.get("package"));
    return { ns: body.get("package").str("namespace") ?? body.str("namespace") ?? NAMESPACE, name: p.name };
  }
  return { ns: body.str("namespace") ?? NAMESPACE, name: body.text("package") ?? "" };
}

const listing = (body: Payload): Pkg => pkgOf(body.get("package_listing.package"));
const branchOf = (body: Payload, path = "package_listing"): string =>
  body.text(path === "" ? "collection.branchname" : `${path}.collection.branchname`) ?? "";
const pkgField = (body: Payload): Pkg => pkgOf(body.get("package"));

function inNamespace(p: Payload, key = "namespace"): boolean {
  return !p.has(key) || p.str(key) === NAMESPACE;
}

/** Adds `name` to `out` unless it is missing. */
function pushDefined(out: string[], name: string | undefined): void {
  if (name !== undefined) out.push(name);
}

/** Adds the name of a package object in the rpms namespace to `out`; anything else adds nothing. */
function pushPackage(out: string[], p: Payload): void {
  if (p.isObject() && inNamespace(p)) pushDefined(out, p.str("name"));
}

/** Every package named anywhere in the message, in the rpms namespace. */
function packagesOf(body: Payload): string[] {
  const out: string[] = [];
  pushPackage(out, body.get("package_listing.package"));
  for (const l of body.list("package_listings")) pushPackage(out, l.get("package"));
  const pkg = body.get("package");
  if (typeof pkg.value === "string") {
    if (inNamespace(body)) out.push(pkg.value);
  } else pushPackage(out, pkg);
  pushPackage(out, body.get("acl.packagelist.package"));
  const info = body.get("info");
  if (info.isObject() && inNamespace(info, "pkg_namespace")) pushDefined(out, info.str("pkg_name"));
  const action = body.get("action");
  const actionInfo = action.get("info");
  if (actionInfo.isObject() && !actionInfo.has("pkg_namespace")) pushDefined(out, actionInfo.str("pkg_name"));
  pushPackage(out, action.get("package"));
  return out;
}

/** The agent, the acl's account and the `username` field, without the "orphan" pseudo-account. */
function usernamesOf(body: Payload, agent: string | undefined, username: string | undefined): string[] {
  const out: string[] = [];
  if (agent !== undefined && agent !== "orphan") out.push(agent);
  const acl = body.get("acl");
  const fasName = acl.isObject() ? acl.str("fas_name") : undefined;
  if (fasName !== undefined && fasName !== "orphan") out.push(fasName);
  if (username !== undefined && username !== "orphan") out.push(username);
  return out;
}

/** The pkgdb page of the package an admin action is about (its request info, else its package). */
function actionPkg(body: Payload): Pkg {
  const info = body.get("action.info");
  if (info.has("pkg_name")) return { ns: info.str("namespace") ?? NAMESPACE, name: info.text("pkg_name") ?? "" };
  return pkgOf(body.get("action.package"));
}

type Build = (body: Payload, agent: string) => { text: string; link?: Pkg | null; objects?: string[] };

/** Wraps a topic's text, link and objects with what every pkgdb message shares. */
function pkgdb(build: Build): Handler {
  return (ctx: Ctx): Result => {
    const { body } = ctx;
    const agent = agentOf(body);
    const username = body.text("username");
    const r = build(body, agent ?? "");
    const usernames = usernamesOf(body, agent, username);
    const face = username ?? agent;
    return {
      text: r.text,
      link: r.link ? `${PACKAGE_URL}${full(r.link)}/` : null,
      usernames,
      packages: packagesOf(body),
      objects: r.objects ?? [],
      agent: agent ?? usernames[0] ?? null,
      avatar: face ? avatarUrl(face) : null,
    };
  };
}

const STATUS_VERBS: readonly [string, string, string][] = [
  ["Orphaned", "unorphaned", "orphaned"],
  ["Retired", "unretired", "retired"],
];

export default defineService({
  name: "pkgdb",
  era: "fedmsg",
  icon: ICON,
  topics: {
    "pkgdb.acl.update": pkgdb((b, agent) => {
      const p = listing(b);
      const [acl, user, branch] = [b.text("acl") ?? "", b.text("username") ?? "", branchOf(b)];
      return {
        text: `${agent} changed ${user}'s '${acl}' permission on ${full(p)} (${branch}) to '${b.text("status") ?? ""}'`,
        link: p,
        objects: [`${p.name}/acls/${branch}/${acl}/${user}`],
      };
    }),
    "pkgdb.acl.request.toggle": pkgdb((b, agent) => {
      const p = listing(b);
      const [acl, branch] = [b.text("acl") ?? "", branchOf(b)];
      return {
        text: `${agent} has ${b.text("acl_action") ?? ""} '${acl}' on ${full(p)} (${branch})`,
        link: p,
        objects: [`${p.name}/acls/${branch}/${acl}/${b.text("agent") ?? agent}`],
      };
    }),
    "pkgdb.acl.user.remove": pkgdb((b, agent) => {
      const listings = b.list("package_listings");
      const p = pkgOf(listings[0]?.get("package") ?? b.get("package_listings.0.package"));
      const user = b.text("username") ?? "";
      const branches = listings.map((l) => branchOf(l, "")).join(", ");
      return { text: `${agent} removed ${user} from ${full(p)} (${branches})`, link: p, objects: [`${p.name}/remove/${user}`] };
    }),
    "pkgdb.acl.delete": pkgdb((b, agent) => {
      const acl = b.get("acl");
      const p = pkgOf(acl.get("packagelist.package"));
      const [right, user, branch] = [acl.text("acl") ?? "", acl.text("fas_name") ?? "", branchOf(acl, "packagelist")];
      return {
        text: `${agent} deleted ${user}'s ${right} rights from ${full(p)} (${branch})`,
        objects: [`${p.name}/acls/${branch}/${right}/${user}`],
      };
    }),
    "pkgdb.branch.clone": pkgdb((b, agent) => {
      const p = listingOrPackage(b);
      return {
        text: `${agent} branched ${full(p)} ${b.text("branch") ?? ""} from ${b.text("master") ?? ""}`,
        link: p,
        objects: [`${p.name}/branch`],
      };
    }),
    "pkgdb.branch.start": pkgdb((b, agent) => ({
      text: `${agent} started a branch of ${b.text("collection_to.branchname") ?? ""} from ${b.text("collection_from.branchname") ?? ""}`,
    })),
    "pkgdb.branch.complete": pkgdb((b, agent) => ({
      text: `${agent}'s branch of ${b.text("collection_to.branchname") ?? ""} from ${b.text("collection_from.branchname") ?? ""} completed`,
    })),
    "pkgdb.collection.new": pkgdb((b, agent) => ({
      text: `${agent} created a new collection for ${b.text("collection.name") ?? ""} ${b.text("collection.version") ?? ""}`,
    })),
    "pkgdb.collection.update": pkgdb((b, agent) => ({
      text: `${agent} updated the following fields of the ${b.text("collection.name") ?? ""} ${b.text("collection.version") ?? ""} collection: ${b.strs("fields").join(", ")}`,
    })),
    "pkgdb.critpath.update": pkgdb((_b, agent) => ({ text: `${agent} altered the critpath status for some packages` })),
    "pkgdb.owner.update": pkgdb((b, agent) => {
      const p = listing(b);
      const branch = branchOf(b);
      const owner = b.has("package_listing.point_of_contact")
        ? b.text("package_listing.point_of_contact")
        : b.text("package_listing.owner");
      return {
        text: `${agent} changed owner of ${full(p)} (${branch}) to '${owner ?? ""}'`,
        link: p,
        objects: [`${p.name}/owner/${branch}`],
      };
    }),
    "pkgdb.package.new": pkgdb((b, agent) => {
      const p = listing(b);
      return { text: `${agent} added a new package '${full(p)}' (${branchOf(b)})`, link: p, objects: [`${p.name}/create`] };
    }),
    "pkgdb.package.update": pkgdb((b, agent) => {
      const p = listingOrPackage(b);
      const text = b.has("fields")
        ? `${agent} updated: ${b.strs("fields").join(", ")} of ${full(p)}`
        : `${agent} made some updates to ${full(p)}`;
      return { text, link: p, objects: [`${p.name}/update`] };
    }),
    "pkgdb.package.update.status": pkgdb((b, agent) => {
      const p = listingOrPackage(b);
      const [prev, status] = [b.text("prev_status"), b.text("status")];
      let verb = "made some updates to";
      for (const [key, undo, done] of STATUS_VERBS) {
        if (prev === key && status !== key) verb = undo;
        else if (prev !== key && status === key) verb = done;
      }
      const extra = b.has("package_listing") ? ` in ${branchOf(b)}` : "";
      return { text: `${agent} ${verb} ${full(p)}${extra}`, link: p, objects: [`${p.name}/update`] };
    }),
    "pkgdb.package.retire": pkgdb((b, agent) => {
      const p = listing(b);
      return { text: `${agent} ${b.text("retirement") ?? ""} ${full(p)} (${branchOf(b)})!`, link: p, objects: [`${p.name}/retire`] };
    }),
    "pkgdb.package.delete": pkgdb((b, agent) => {
      const p = pkgField(b);
      return { text: `${agent} deleted the '${full(p)}' package from the pkgdb`, objects: [`${p.name}/package/delete`] };
    }),
    "pkgdb.package.branch.new": pkgdb((b, agent) => {
      const p = pkgField(b);
      const branch = branchOf(b);
      return {
        text: `${agent} created the branch '${branch}' for the package '${full(p)}'`,
        link: listing(b),
        objects: [`${p.name}/${branch}/new`],
      };
    }),
    "pkgdb.package.branch.delete": pkgdb((b, agent) => {
      const p = listing(b);
      const branch = branchOf(b);
      return { text: `${agent} deleted the ${branch} branch of the '${full(p)}' package`, objects: [`${p.name}/${branch}/delete`] };
    }),
    "pkgdb.package.branch.request": pkgdb((b, agent) => {
      const p = pkgField(b);
      const branch = b.text("collection_to.branchname") ?? "";
      return {
        text: `${agent} requested branch ${branch} for package ${full(p)}`,
        link: listingOrPackage(b),
        objects: [`${p.name}/branch/request/${branch}/${agent}`],
      };
    }),
    "pkgdb.package.new.request": pkgdb((b, agent) => {
      const p = { ns: b.str("info.namespace") ?? NAMESPACE, name: b.text("info.pkg_name") ?? "" };
      const branch = b.text("collection.branchname") ?? "";
      return {
        text: `${agent} requested package ${full(p)} on branch ${branch}`,
        link: p,
        objects: [`new/package/request/${p.name}/${branch}/${agent}`],
      };
    }),
    "pkgdb.admin.action.status.update": pkgdb((b, agent) => {
      const p = actionPkg(b);
      const action = b.get("action");
      const kind = action.text("action") ?? "";
      const what = kind === "request.package" ? "package request" : kind === "request.branch" ? "branch request" : kind;
      const branch = action.text("collection.branchname") ?? "";
      const message = action.text("message");
      const text =
        `${agent} changed ${action.text("user") ?? ""}'s ${what} for ${full(p)} in ${branch} ` +
        `from ${b.text("old_status") ?? ""} to ${b.text("new_status") ?? ""}` +
        (message ? ` with message: ${message}` : "");
      return { text, link: p, objects: [`action/${action.text("id") ?? ""}/status/${p.name}/${branch}/${agent}`] };
    }),
    "pkgdb.package.critpath.update": pkgdb((b, agent) => {
      const p = pkgField(b);
      const action = b.get("critpath").value ? "set" : "unset";
      return {
        text: `${agent} ${action} the critpath flag on the ${full(p)} package (${b.strs("branches").join(", ")})`,
        objects: [`${p.name}/critpath`],
      };
    }),
    "pkgdb.package.monitor.update": pkgdb((b, agent) => {
      const p = pkgField(b);
      const status = pyText(b, "status");
      return { text: `${agent} set the monitor flag of ${full(p)} to ${status}`, objects: [`${p.name}/monitor/${status.toLowerCase()}`] };
    }),
    "pkgdb.package.koschei.update": pkgdb((b, agent) => {
      const p = pkgField(b);
      const status = pyText(b, "status");
      return {
        text: `${agent} set the koschei monitoring flag of ${full(p)} to ${status}`,
        objects: [`${p.name}/koschei/${status.toLowerCase()}`],
      };
    }),
    "pkgdb.package.unretire.request": pkgdb((b, agent) => {
      const p = pkgField(b);
      const branch = b.text("collection.branchname") ?? "";
      return { text: `${agent} asks that ${full(p)} be unretired on ${branch}`, objects: [`${p.name}/unretire/${branch}`] };
    }),
  },
});
