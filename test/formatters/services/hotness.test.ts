import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a build followup whose koji state is outside 0..4 raised IndexError (no
 *   line at all); here the status reads "unknown".
 */

const ICONS = "https://apps.fedoraproject.org/packages/images/icons/";
const anityaTrigger = {
  topic: "org.release-monitoring.prod.anitya.project.version.update",
  msg: {
    project: { id: 808, name: "Text-CSV" },
    message: {
      agent: "anitya",
      old_version: "2.01",
      upstream_version: "2.02",
      packages: [{ distro: "Fedora", package_name: "perl-Text-CSV" }],
    },
  },
};

describe("hotness (fedmsg)", () => {
  it("update.bug.file", () => {
    const s = fedmsg("hotness.update.bug.file", { bug: { bug_id: 2200001 }, trigger: anityaTrigger });
    assert.equal(s.text, "the-new-hotness filed a bug on perl-Text-CSV");
    assert.equal(s.link, "https://bugzilla.redhat.com/show_bug.cgi?id=2200001");
    assert.deepEqual(s.packages, ["perl-Text-CSV"]);
    assert.deepEqual(s.objects, ["bugs/2200001", "packages/perl-Text-CSV", "projects/Text-CSV"]);
    assert.equal(s.avatar, `${ICONS}perl-Text-CSV.png`);
    assert.equal(s.icon, `${ICONS}package_128x128.png`);
    assert.deepEqual(s.usernames, []);
  });

  it("update.bug.file after a new mapping names the mapped package", () => {
    const s = fedmsg("hotness.update.bug.file", {
      bug: { bug_id: 5 },
      trigger: {
        topic: "org.release-monitoring.prod.anitya.project.map.new",
        msg: { project: { id: 1, name: "x" }, message: { new: "python-x" } },
      },
    });
    assert.equal(s.text, "the-new-hotness filed a bug on python-x");
  });

  it("update.bug.followup: scratch build (staging links to partner bugzilla)", () => {
    const s = fedmsg("org.fedoraproject.stg.hotness.update.bug.followup", {
      bug: { bug_id: 31337 },
      trigger: {
        topic: "org.fedoraproject.stg.buildsys.task.state.change",
        msg: { srpm: "perl-Text-CSV-2.02-1.fc40.src.rpm", new: "CLOSED", owner: "hotness" },
      },
    });
    assert.equal(s.text, "scratch build of perl-Text-CSV-2.02-1.fc40.src.rpm for RHBZ#31337 completed");
    assert.equal(s.link, "https://partner-bugzilla.redhat.com/show_bug.cgi?id=31337");
  });

  it("update.bug.followup: real build", () => {
    const s = fedmsg("hotness.update.bug.followup", {
      bug: { bug_id: 77 },
      trigger: {
        topic: "org.fedoraproject.prod.buildsys.build.state.change",
        msg: { name: "htop", version: "3.3.0", release: "1.fc41", owner: "marta", new: 3, old: 0 },
      },
    });
    assert.equal(s.text, "marta's real build of htop-3.3.0-1.fc41 for RHBZ#77 cancelled");
    assert.deepEqual(s.usernames, ["marta"]);
    assert.deepEqual(s.packages, ["htop"]);
    assert.equal(s.agent, "marta");
  });

  it("update.drop for each reason", () => {
    const drop = (reason: string) => fedmsg("hotness.update.drop", { reason, trigger: anityaTrigger }).text;
    assert.equal(drop("bugzilla"), "the-new-hotness saw an update for perl-Text-CSV, but a bugzilla ticket had already been filed");
    assert.equal(
      drop("rawhide"),
      "the-new-hotness saw an update for perl-Text-CSV, but no rawhide version of the package could be found yet",
    );
    assert.equal(
      drop("pkgdb"),
      "the-new-hotness saw an update for perl-Text-CSV, but pkgdb says the maintainers are not interested in bugs being filed",
    );
    assert.equal(
      drop("anitya"),
      "the-new-hotness saw an update for perl-Text-CSV, but release-monitoring.org doesn't know what that project is called in Fedora land",
    );
    assert.equal(drop("other"), "the-new-hotness saw an update for perl-Text-CSV, but .... I dunno.  Whatever.");
    const s = fedmsg("hotness.update.drop", { reason: "bugzilla", trigger: anityaTrigger });
    assert.equal(s.link, "https://release-monitoring.org/project/808/");
  });

  it("project.map: the outcomes", () => {
    const trigger = {
      topic: "org.fedoraproject.prod.pkgdb.package.new",
      msg: {
        package_listing: {
          package: { name: "python-zz", review_url: "https://bugzilla.redhat.com/99", upstream_url: "https://zz.example" },
        },
      },
    };
    const map = (extra: Record<string, unknown>) => fedmsg("hotness.project.map", { trigger, ...extra });
    assert.equal(
      map({ success: false, reason: "no homepage" }).text,
      'hotness tried to map python-zz to an upstream project, but failed:  "no homepage"',
    );
    assert.equal(
      map({ success: false, total: 4 }).text,
      "hotness tried to map python-zz to an upstream project, but failed due to ambiguity.  4 other projects share the same homepage",
    );
    const ok = map({ success: true, project: { id: 12, name: "zz" } });
    assert.equal(ok.text, "hotness mapped python-zz to the pre-existing upstream project zz");
    assert.equal(ok.link, "https://release-monitoring.org/project/12/");
    assert.deepEqual(ok.objects, ["packages/python-zz", "projects/zz"]);
    assert.equal(
      map({ success: false, project: { id: 12, name: "zz" } }).text,
      "hotness tried to map python-zz to the pre-existing upstream project zz, but failed for unknown reasons",
    );
    const fresh = map({ success: true });
    assert.equal(fresh.text, "hotness mapped python-zz to a brand-new upstream project");
    assert.equal(fresh.link, "https://bugzilla.redhat.com/99");
    assert.deepEqual(fresh.packages, ["python-zz"]);
    assert.equal(
      map({ success: false }).text,
      "hotness tried to map python-zz to a brand-new upstream project, but failed for unknown reasons",
    );
  });

  it("Python artifact: an unknown koji build state reads 'unknown'", () => {
    const s = fedmsg("hotness.update.bug.followup", {
      bug: { bug_id: 1 },
      trigger: {
        topic: "org.fedoraproject.prod.buildsys.build.state.change",
        msg: { name: "a", version: "1", release: "1", owner: "o", new: 9 },
      },
    });
    assert.equal(s.text, "o's real build of a-1-1 for RHBZ#1 unknown");
  });
});
