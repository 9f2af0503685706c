import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - `acl.delete`, `package.branch.request` and the other pkgdb2 topics printed a
 *   legacy list-valued `agent` as a list repr (`['marta']`); here the first name.
 * - a null `namespace` read `None/<package>`; here the default `rpms`.
 * Kept as the reference words it: booleans in the monitor/koschei lines read
 * `True`/`False` (that is how Fedora's lines always looked).
 */

const PKG = "https://admin.fedoraproject.org/pkgdb/package/";
const coll = (branchname: string) => ({ branchname, name: "Fedora", version: "40" });
const listing = (name: string, branch: string, extra: Record<string, unknown> = {}) => ({
  collection: coll(branch),
  package: { name, namespace: "rpms", summary: "x" },
  ...extra,
});

describe("pkgdb (fedmsg)", () => {
  it("acl.update", () => {
    const s = fedmsg("pkgdb.acl.update", {
      agent: "marta",
      username: "olek",
      acl: "commit",
      status: "Approved",
      package_listing: listing("htop", "f40"),
    });
    assert.equal(s.text, "marta changed olek's 'commit' permission on rpms/htop (f40) to 'Approved'");
    assert.equal(s.link, `${PKG}rpms/htop/`);
    assert.deepEqual(s.usernames, ["marta", "olek"]);
    assert.deepEqual(s.packages, ["htop"]);
    assert.deepEqual(s.objects, ["htop/acls/f40/commit/olek"]);
    assert.equal(s.avatar, fedoraAvatar("olek"));
    assert.equal(s.agent, "marta");
  });

  it("acl.request.toggle (legacy list agent)", () => {
    const s = fedmsg("pkgdb.acl.request.toggle", {
      agent: ["marta"],
      acl: "watchbugzilla",
      acl_action: "requested",
      package_listing: listing("htop", "epel9"),
    });
    assert.equal(s.text, "marta has requested 'watchbugzilla' on rpms/htop (epel9)");
    assert.deepEqual(s.usernames, ["marta"]);
  });

  it("acl.user.remove lists every branch", () => {
    const s = fedmsg("pkgdb.acl.user.remove", {
      agent: "marta",
      username: "olek",
      package_listings: [listing("htop", "f39"), listing("htop", "f40")],
    });
    assert.equal(s.text, "marta removed olek from rpms/htop (f39, f40)");
    assert.equal(s.link, `${PKG}rpms/htop/`);
    assert.deepEqual(s.objects, ["htop/remove/olek"]);
  });

  it("acl.delete", () => {
    const s = fedmsg("pkgdb.acl.delete", {
      agent: "marta",
      acl: { acl: "approveacls", fas_name: "olek", packagelist: listing("htop", "f40") },
    });
    assert.equal(s.text, "marta deleted olek's approveacls rights from rpms/htop (f40)");
    assert.deepEqual(s.usernames, ["marta", "olek"]);
    assert.equal(s.link, null);
  });

  it("branch.clone, branch.start, branch.complete", () => {
    const c = fedmsg("pkgdb.branch.clone", { agent: "marta", package: "htop", branch: "f41", master: "rawhide" });
    assert.equal(c.text, "marta branched rpms/htop f41 from rawhide");
    assert.equal(c.link, `${PKG}rpms/htop/`);
    assert.deepEqual(c.objects, ["htop/branch"]);
    const st = fedmsg("pkgdb.branch.start", { agent: "marta", collection_from: coll("rawhide"), collection_to: coll("f41") });
    assert.equal(st.text, "marta started a branch of f41 from rawhide");
    assert.equal(st.link, null);
    const done = fedmsg("pkgdb.branch.complete", { agent: "marta", collection_from: coll("rawhide"), collection_to: coll("f41") });
    assert.equal(done.text, "marta's branch of f41 from rawhide completed");
  });

  it("collection.new and collection.update", () => {
    assert.equal(
      fedmsg("pkgdb.collection.new", { agent: "marta", collection: { name: "Fedora EPEL", version: "10" } }).text,
      "marta created a new collection for Fedora EPEL 10",
    );
    assert.equal(
      fedmsg("pkgdb.collection.update", { agent: "marta", collection: { name: "Fedora", version: "41" }, fields: ["status", "dist_tag"] })
        .text,
      "marta updated the following fields of the Fedora 41 collection: status, dist_tag",
    );
  });

  it("critpath.update", () => {
    assert.equal(
      fedmsg("pkgdb.critpath.update", { agent: "marta", critpath: false }).text,
      "marta altered the critpath status for some packages",
    );
  });

  it("owner.update (point of contact, or legacy owner)", () => {
    const s = fedmsg("pkgdb.owner.update", { agent: "marta", package_listing: listing("htop", "f40", { point_of_contact: "orphan" }) });
    assert.equal(s.text, "marta changed owner of rpms/htop (f40) to 'orphan'");
    assert.deepEqual(s.objects, ["htop/owner/f40"]);
    const legacy = fedmsg("pkgdb.owner.update", { agent: "marta", package_listing: listing("htop", "f40", { owner: "olek" }) });
    assert.equal(legacy.text, "marta changed owner of rpms/htop (f40) to 'olek'");
  });

  it("package.new", () => {
    const s = fedmsg("pkgdb.package.new", { agent: "marta", package_listing: listing("btop", "rawhide") });
    assert.equal(s.text, "marta added a new package 'rpms/btop' (rawhide)");
    assert.deepEqual(s.objects, ["btop/create"]);
  });

  it("package.update: pkgdb2 fields and pkgdb1 style", () => {
    const s = fedmsg("pkgdb.package.update", { agent: "marta", package: { name: "btop", namespace: "modules" }, fields: ["summary"] });
    assert.equal(s.text, "marta updated: summary of modules/btop");
    assert.equal(s.link, `${PKG}modules/btop/`);
    assert.deepEqual(s.packages, []);
    const old = fedmsg("pkgdb.package.update", { agent: "marta", package: "btop" });
    assert.equal(old.text, "marta made some updates to rpms/btop");
    assert.deepEqual(old.objects, ["btop/update"]);
  });

  it("package.update.status: orphaned, unretired, other", () => {
    const st = (prev: string, status: string) =>
      fedmsg("pkgdb.package.update.status", { agent: "marta", prev_status: prev, status, package_listing: listing("btop", "f40") }).text;
    assert.equal(st("Approved", "Orphaned"), "marta orphaned rpms/btop in f40");
    assert.equal(st("Retired", "Approved"), "marta unretired rpms/btop in f40");
    assert.equal(st("Approved", "Approved"), "marta made some updates to rpms/btop in f40");
  });

  it("package.retire", () => {
    const s = fedmsg("pkgdb.package.retire", { agent: "marta", retirement: "unretired", package_listing: listing("btop", "f40") });
    assert.equal(s.text, "marta unretired rpms/btop (f40)!");
    assert.deepEqual(s.objects, ["btop/retire"]);
  });

  it("package.delete", () => {
    const s = fedmsg("pkgdb.package.delete", { agent: "marta", package: { name: "btop", namespace: "rpms" } });
    assert.equal(s.text, "marta deleted the 'rpms/btop' package from the pkgdb");
    assert.deepEqual(s.objects, ["btop/package/delete"]);
  });

  it("package.branch.new and package.branch.delete", () => {
    const n = fedmsg("pkgdb.package.branch.new", { agent: "marta", package: { name: "btop" }, package_listing: listing("btop", "epel9") });
    assert.equal(n.text, "marta created the branch 'epel9' for the package 'rpms/btop'");
    assert.equal(n.link, `${PKG}rpms/btop/`);
    assert.deepEqual(n.objects, ["btop/epel9/new"]);
    const d = fedmsg("pkgdb.package.branch.delete", { agent: "marta", package_listing: listing("btop", "epel9") });
    assert.equal(d.text, "marta deleted the epel9 branch of the 'rpms/btop' package");
    assert.deepEqual(d.objects, ["btop/epel9/delete"]);
  });

  it("package.branch.request and package.new.request", () => {
    const b = fedmsg("pkgdb.package.branch.request", {
      agent: "olek",
      package: { name: "btop", namespace: "rpms" },
      collection_to: coll("epel10"),
    });
    assert.equal(b.text, "olek requested branch epel10 for package rpms/btop");
    assert.equal(b.link, `${PKG}rpms/btop/`);
    assert.deepEqual(b.objects, ["btop/branch/request/epel10/olek"]);
    const n = fedmsg("pkgdb.package.new.request", { agent: "olek", info: { pkg_name: "ctop" }, collection: coll("rawhide") });
    assert.equal(n.text, "olek requested package rpms/ctop on branch rawhide");
    assert.equal(n.link, `${PKG}rpms/ctop/`);
    assert.deepEqual(n.packages, ["ctop"]);
    assert.deepEqual(n.objects, ["new/package/request/ctop/rawhide/olek"]);
  });

  it("admin.action.status.update (with and without a message)", () => {
    const action = { id: 9, action: "request.package", user: "olek", collection: coll("rawhide"), info: { pkg_name: "ctop" } };
    const s = fedmsg("pkgdb.admin.action.status.update", { agent: "marta", old_status: "Awaiting Review", new_status: "Approved", action });
    assert.equal(s.text, "marta changed olek's package request for rpms/ctop in rawhide from Awaiting Review to Approved");
    assert.equal(s.link, `${PKG}rpms/ctop/`);
    assert.deepEqual(s.objects, ["action/9/status/ctop/rawhide/marta"]);
    const m = fedmsg("pkgdb.admin.action.status.update", {
      agent: "marta",
      old_status: "Awaiting Review",
      new_status: "Denied",
      action: { ...action, action: "request.branch", info: {}, package: { name: "btop" }, message: "not for EPEL" },
    });
    assert.equal(
      m.text,
      "marta changed olek's branch request for rpms/btop in rawhide from Awaiting Review to Denied with message: not for EPEL",
    );
  });

  it("package.critpath.update", () => {
    const s = fedmsg("pkgdb.package.critpath.update", {
      agent: "marta",
      critpath: true,
      package: { name: "glibc" },
      branches: ["f40", "f41"],
    });
    assert.equal(s.text, "marta set the critpath flag on the rpms/glibc package (f40, f41)");
    assert.deepEqual(s.objects, ["glibc/critpath"]);
  });

  it("package.monitor.update and package.koschei.update", () => {
    const m = fedmsg("pkgdb.package.monitor.update", { agent: "marta", status: "nobuild", package: { name: "btop" } });
    assert.equal(m.text, "marta set the monitor flag of rpms/btop to nobuild");
    assert.deepEqual(m.objects, ["btop/monitor/nobuild"]);
    const k = fedmsg("pkgdb.package.koschei.update", { agent: "marta", status: false, package: { name: "btop" } });
    assert.equal(k.text, "marta set the koschei monitoring flag of rpms/btop to False");
    assert.deepEqual(k.objects, ["btop/koschei/false"]);
  });

  it("package.unretire.request", () => {
    const s = fedmsg("pkgdb.package.unretire.request", { agent: "olek", collection: coll("rawhide"), package: { name: "btop" } });
    assert.equal(s.text, "olek asks that rpms/btop be unretired on rawhide");
    assert.deepEqual(s.objects, ["btop/unretire/rawhide"]);
  });

  it("Python artifact: a list-valued agent and a null namespace read as names", () => {
    const s = fedmsg("pkgdb.acl.delete", {
      agent: ["marta"],
      acl: { acl: "commit", fas_name: "olek", packagelist: { collection: coll("f40"), package: { name: "htop", namespace: null } } },
    });
    assert.equal(s.text, "marta deleted olek's commit rights from rpms/htop (f40)");
  });
});
