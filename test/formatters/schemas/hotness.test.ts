import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

const TOPIC = "org.fedoraproject.prod.hotness";

describe("fedora-messaging: the-new-hotness", () => {
  it("hotness.update.bug.file from a version update", () => {
    const body = {
      bug: { bug_id: 2345678 },
      package: "python-widgets",
      trigger: {
        topic: "org.release-monitoring.prod.anitya.project.version.update",
        msg: {
          message: {
            packages: [
              { distro: "Fedora", package_name: "python-widgets" },
              { distro: "Debian", package_name: "widgets" },
            ],
          },
        },
      },
    };
    const s = messaging("hotness.update.bug.file", `${TOPIC}.update.bug.file`, body);
    assert.equal(s.text, "the-new-hotness filed a bug on 'python-widgets'");
    assert.equal(s.long, "The New Hotness filed a bug on 'python-widgets'\nhttps://bugzilla.redhat.com/2345678\n");
    assert.equal(s.link, "https://bugzilla.redhat.com/2345678");
    assert.deepEqual(s.packages, ["python-widgets"]);
    assert.equal(s.app, "The New Hotness");
    assert.equal(s.icon, null);
  });

  it("hotness.update.bug.file from a new mapping (no schema header)", () => {
    const body = { bug: { bug_id: 11 }, trigger: { topic: "anitya.project.map.new", msg: { message: { new: "gizmo" } } } };
    const s = messaging(null, "hotness.update.bug.file", body);
    assert.equal(s.text, "the-new-hotness filed a bug on 'gizmo'");
    assert.deepEqual(s.packages, ["gizmo"]);
  });

  it("hotness.update.drop, one line per reason", () => {
    const cases: [string, string][] = [
      ["rawhide", "but no rawhide version of the package could be found yet"],
      ["pkgdb", "but pkgdb says the maintainers are not interested in bugs being filed"],
      ["bugzilla", "but the bugzilla issue couldn't be updated"],
      ["too old", "but it got dropped for reason: 'too old'"],
      ["constructor", "but it got dropped for reason: 'constructor'"],
    ];
    for (const [reason, tail] of cases) {
      const body = {
        reason,
        agent_name: "hotbot",
        trigger: { topic: "anitya.project.version.update", msg: { package: { name: "gadget" } } },
      };
      const s = messaging("hotness.update.drop", `${TOPIC}.update.drop`, body);
      assert.equal(s.text, `the-new-hotness saw an update for 'gadget', ${tail}`);
      assert.deepEqual(s.packages, ["gadget"]);
      assert.equal(s.agent, "hotbot");
      assert.deepEqual(s.usernames, ["hotbot"]);
    }
  });

  it("hotness.update.drop: the package from a koji build or a pkgdb listing; none for anitya", () => {
    const koji = {
      reason: "rawhide",
      trigger: { topic: "org.fedoraproject.prod.buildsys.build.state.change", msg: { name: "doohickey" } },
    };
    assert.deepEqual(messaging("hotness.update.drop", "hotness.update.drop", koji).packages, ["doohickey"]);
    const pkgdb = { reason: "pkgdb", trigger: { topic: "pkgdb.x", msg: { package_listing: { package: { name: "thing" } } } } };
    assert.deepEqual(messaging("hotness.update.drop", "hotness.update.drop", pkgdb).packages, ["thing"]);
    const anitya = { reason: "anitya", trigger: { topic: "anitya.project.map.new", msg: { package: { name: "x" } } } };
    const s = messaging("hotness.update.drop", "hotness.update.drop", anitya);
    assert.equal(
      s.text,
      "the-new-hotness saw an update for '', but release-monitoring.org doesn't know what that project is called in Fedora land",
    );
    assert.deepEqual(s.packages, []);
    assert.equal(s.agent, null);
  });
});
