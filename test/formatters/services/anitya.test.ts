import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - an OpenID agent without a scheme ("kim.id.fedoraproject.org") made the
 *   reference's user the empty string; here it is the account name.
 * - a null `upstream_version` read `"None"`; here it reads as empty quotes.
 */

const RM = "org.release-monitoring.prod.";
const ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";
const project = { id: 4242, name: "tinyproxy", homepage: "https://tinyproxy.github.io/", backend: "GitHub" };
const userMap = { "kim@example.com": "kimura" };

describe("anitya (fedmsg)", () => {
  it("project.add: OpenID agent", () => {
    const s = fedmsg(`${RM}anitya.project.add`, {
      project,
      distro: null,
      message: { agent: "https://kimura.id.fedoraproject.org/", project: "tinyproxy" },
    });
    assert.equal(s.text, 'kimura added the project "tinyproxy" to anitya');
    assert.equal(s.link, "https://release-monitoring.org/project/4242/");
    assert.deepEqual(s.usernames, ["kimura"]);
    assert.deepEqual(s.objects, ["projects/tinyproxy"]);
    assert.equal(s.icon, ICON);
    assert.equal(s.avatar, fedoraAvatar("kimura"));
    assert.equal(s.agent, "kimura");
  });

  it("project.add.tried: e-mail agent through the user map", () => {
    const s = fedmsg(`${RM}anitya.project.add.tried`, { project, distro: null, message: { agent: "kim@example.com" } }, { userMap });
    assert.equal(s.text, 'kimura tried to add the project "tinyproxy" to anitya (but it already exists there)');
    assert.deepEqual(s.usernames, ["kimura"]);
  });

  it("an unknown e-mail agent is named but is no username; its avatar is by e-mail", () => {
    const s = fedmsg(`${RM}anitya.project.remove`, { project, distro: null, message: { agent: "nobody@example.org" } });
    assert.equal(s.text, 'nobody@example.org deleted the "tinyproxy" project');
    assert.deepEqual(s.usernames, []);
    assert.match(s.avatar ?? "", /^https:\/\/seccdn\.libravatar\.org\/avatar\/[0-9a-f]{32}\?s=64&d=retro$/);
  });

  it("project.edit", () => {
    const s = fedmsg(`${RM}anitya.project.edit`, {
      project,
      distro: null,
      message: { agent: "kimura@fedoraproject.org", fields: ["homepage", "backend"] },
    });
    assert.equal(s.text, 'kimura edited the following fields of the "tinyproxy" project: homepage, backend');
  });

  it("project.map.new and project.map.update (Fedora mappings are packages)", () => {
    const n = fedmsg(`${RM}anitya.project.map.new`, {
      project,
      distro: { name: "Fedora" },
      message: { agent: "kimura", new: "tinyproxy", distro: "Fedora" },
    });
    assert.equal(n.text, 'kimura mapped the name of "tinyproxy" in Fedora to "tinyproxy"');
    assert.deepEqual(n.packages, ["tinyproxy"]);
    assert.deepEqual(n.objects, ["distros/Fedora", "mappings/Fedora/tinyproxy", "projects/tinyproxy"]);
    const u = fedmsg(`${RM}anitya.project.map.update`, {
      project,
      distro: { name: "Debian" },
      message: { agent: "kimura", new: "tinyproxy", prev: "tiny-proxy" },
    });
    assert.equal(u.text, 'kimura updated the name of "tinyproxy" in "Debian" from "tiny-proxy" to "tinyproxy"');
    assert.deepEqual(u.packages, []);
    assert.deepEqual(u.objects, ["distros/Debian", "mappings/Debian/tiny-proxy", "mappings/Debian/tinyproxy", "projects/tinyproxy"]);
  });

  it("project.map.remove", () => {
    const s = fedmsg(`${RM}anitya.project.map.remove`, { project, distro: null, message: { agent: "kimura", distro: "Mageia" } });
    assert.equal(s.text, 'kimura deleted the mapping of "tinyproxy" project on "Mageia"');
  });

  it("distro.add / distro.edit / distro.remove link to the distro list", () => {
    const a = fedmsg(`${RM}anitya.distro.add`, { project: null, distro: { name: "Alpine" }, message: { agent: "kimura" } });
    assert.equal(a.text, 'kimura added the distro named "Alpine" to anitya');
    assert.equal(a.link, "https://release-monitoring.org/distros");
    assert.deepEqual(a.objects, ["distros/Alpine"]);
    const e = fedmsg(`${RM}anitya.distro.edit`, {
      project: null,
      distro: { name: "Alpin" },
      message: { agent: "kimura", old: "Alpin", new: "Alpine" },
    });
    assert.equal(e.text, 'kimura changed a distro name from "Alpin" to "Alpine"');
    assert.deepEqual(e.objects, ["distros/Alpin", "distros/Alpine"]);
    const r = fedmsg(`${RM}anitya.distro.remove`, { project: null, distro: { name: "Alpine" }, message: { agent: "kimura" } });
    assert.equal(r.text, 'kimura deleted the distro "Alpine"');
  });

  it("project.version.update: newer than the old version, packaged names in a series", () => {
    const s = fedmsg(`${RM}anitya.project.version.update`, {
      project,
      distro: null,
      message: {
        agent: "anitya",
        old_version: "1.10.0",
        upstream_version: "1.11.1",
        packages: [
          { distro: "Fedora", package_name: "tinyproxy" },
          { distro: "Fedora", package_name: "tinyproxy-compat" },
          { distro: "Ubuntu", package_name: "tinyproxy-deb" },
        ],
      },
    });
    assert.equal(
      s.text,
      'A new version of "tinyproxy" has been detected:  "1.11.1" newer than "1.10.0", packaged as "tinyproxy and tinyproxy-compat"',
    );
    assert.deepEqual(s.packages, ["tinyproxy", "tinyproxy-compat"]);
    assert.deepEqual(s.usernames, ["anitya"]);
  });

  it("project.version.update: first version, odd change, no package", () => {
    const first = fedmsg(`${RM}anitya.project.version.update`, {
      project,
      message: { agent: "anitya", old_version: "", upstream_version: "0.1", packages: [] },
    });
    assert.equal(first.text, 'A new version of "tinyproxy" has been detected:  "0.1", packaged as "(nothing)"');
    const odd = fedmsg(`${RM}anitya.project.version.update`, {
      project,
      message: { agent: "anitya", old_version: "2.0", upstream_version: "1.9", odd_change: true, packages: [] },
    });
    assert.equal(odd.text, 'A new version of "tinyproxy" has been detected:  "1.9", packaged as "(nothing)"');
  });

  it("project.version.update: legacy payload without `message`, agent from the envelope", () => {
    const s = fedmsg(
      `${RM}anitya.project.version.update`,
      { project, old_version: "", upstream_version: "3", packages: [{ distro: "Fedora", package_name: "tp" }] },
      { envelope: { username: "anitya" } },
    );
    assert.equal(s.text, 'A new version of "tinyproxy" has been detected:  "3", packaged as "tp"');
    assert.deepEqual(s.usernames, ["anitya"]);
    assert.deepEqual(s.packages, ["tp"]);
  });

  it("project.version.remove", () => {
    const s = fedmsg(`${RM}anitya.project.version.remove`, { project, message: { agent: "kimura", version: "1.0.0" } });
    assert.equal(s.text, 'kimura deleted the version 1.0.0 of "tinyproxy"');
    assert.deepEqual(s.objects, ["projects/tinyproxy"]);
  });

  it("project.flag and project.flag.set", () => {
    const f = fedmsg(`${RM}anitya.project.flag`, {
      project,
      packages: [{ distro: "fedora", package_name: "tinyproxy" }],
      message: { agent: "kimura", reason: "duplicate" },
    });
    assert.equal(f.text, 'kimura flagged the project "tinyproxy"');
    assert.deepEqual(f.packages, ["tinyproxy"]);
    const set = fedmsg(`${RM}anitya.project.flag.set`, { project: null, message: { agent: "kimura", flag: "77", state: "closed" } });
    assert.equal(set.text, 'kimura closed flag "77"');
    assert.equal(set.link, "https://release-monitoring.org/");
    assert.deepEqual(set.objects, ["flag/77"]);
  });

  it("also matches the org.fedoraproject prefix", () => {
    const s = fedmsg("anitya.project.remove", { project, message: { agent: "kimura" } });
    assert.equal(s.text, 'kimura deleted the "tinyproxy" project');
  });

  it("Python artifact: an OpenID agent without a scheme still names the account", () => {
    const s = fedmsg(`${RM}anitya.project.remove`, { project, message: { agent: "kimura.id.fedoraproject.org" } });
    assert.equal(s.text, 'kimura deleted the "tinyproxy" project');
  });

  it("a payload missing everything still gives a line", () => {
    const s = fedmsg(`${RM}anitya.project.edit`, {});
    assert.equal(s.text, 'anitya edited the following fields of the "" project: ');
    assert.equal(s.link, "https://release-monitoring.org/distros");
  });
});
