import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const RM = "org.release-monitoring.prod";
const project = {
  id: 99,
  name: "libfoo",
  backend: "GitHub",
  homepage: "https://example.test/libfoo",
  version: "2.0",
  versions: ["2.0", "1.9"],
};

function check(schema: string, body: Record<string, unknown>, text: string, packages: string[] = []) {
  const s = messaging(schema, `${RM}.${schema}`, body);
  assert.equal(s.text, text);
  assert.equal(s.long, text);
  assert.equal(s.app, "anitya");
  assert.equal(s.icon, null);
  assert.equal(s.link, null);
  assert.deepEqual(s.usernames, []);
  assert.deepEqual(s.packages, packages);
  return s;
}

describe("fedora-messaging: anitya", () => {
  it("anitya.distro.add / edit / remove", () => {
    const s = check(
      "anitya.distro.add",
      { project: null, distro: { name: "Zeta OS" }, message: { agent: "zed", distro: "Zeta OS" } },
      "A new distribution, Zeta OS, was added to release-monitoring.",
    );
    assert.equal(s.agent, "zed");
    assert.equal(s.avatar, fedoraAvatar("zed"));
    check(
      "anitya.distro.edit",
      { project: null, distro: { name: "Zeta" }, message: { agent: "zed", old: "Zeta OS", new: "Zeta" } },
      "The name of the Zeta OS distribution changed to Zeta.",
    );
    check(
      "anitya.distro.remove",
      { project: null, distro: { name: "Zeta" }, message: { agent: "zed", distro: "Zeta" } },
      "The Zeta distribution was removed from release-monitoring.",
    );
  });

  it("anitya.project.add / edit / remove / flag / flag.set", () => {
    const body = { project, distro: null, message: { agent: "yan", project: "libfoo" } };
    check("anitya.project.add", body, "A new project, libfoo, was added to release-monitoring.");
    check("anitya.project.edit", body, "A project, libfoo, was edited in release-monitoring.");
    check("anitya.project.remove", body, "A project, libfoo, was deleted in release-monitoring.");
    check(
      "anitya.project.flag",
      { ...body, message: { agent: "yan", reason: "dup", packages: [] } },
      "A flag was created on project libfoo in release-monitoring.",
    );
    check(
      "anitya.project.flag.set",
      { project: null, message: { agent: "yan", flag: 12, state: "closed" } },
      "A flag '12' was closed in release-monitoring.",
    );
  });

  it("anitya.project.map.new / update / remove: Fedora mappings name packages", () => {
    check(
      "anitya.project.map.new",
      { project, distro: { name: "Fedora" }, message: { agent: "xia", new: "foo", distro: "Fedora" } },
      "A new mapping was created for project libfoo in release-monitoring.",
      ["foo"],
    );
    check(
      "anitya.project.map.new",
      { project, distro: { name: "Arch" }, message: { agent: "xia", new: "foo" } },
      "A new mapping was created for project libfoo in release-monitoring.",
    );
    check(
      "anitya.project.map.update",
      { project, distro: { name: "Fedora" }, message: { agent: "xia", prev: "libfoo", new: "foo", edited: ["package_name"] } },
      "A mapping for project libfoo was edited in release-monitoring.",
      ["foo", "libfoo"],
    );
    check(
      "anitya.project.map.remove",
      { project, distro: null, message: { agent: "xia", distro: "Fedora" } },
      "A mapping for project libfoo was deleted in release-monitoring.",
    );
  });

  it("anitya.project.version.update and .v2", () => {
    const packages = [
      { distro: "Fedora", package_name: "libfoo" },
      { distro: "Debian", package_name: "foo" },
    ];
    const s = check(
      "anitya.project.version.update",
      { project, distro: null, message: { agent: "anitya", upstream_version: "2.0", packages } },
      "A new version '2.0' was found for project libfoo in release-monitoring.",
    );
    assert.equal(s.agent, "anitya");
    check(
      "anitya.project.version.update.v2",
      { project, distro: null, message: { agent: "anitya", upstream_versions: ["2.0", "2.1"], packages } },
      "A new versions '2.0, 2.1' were found for project libfoo in release-monitoring.",
      ["libfoo"],
    );
  });

  it("anitya.project.version.remove and .v2 (one, a few, many)", () => {
    check(
      "anitya.project.version.remove",
      { project, message: { agent: "w", version: "0.1" } },
      "A version '0.1' was deleted in project libfoo in release-monitoring.",
    );
    const v2 = (versions: string[]) => ({ project, message: { agent: "w", versions } });
    check("anitya.project.version.remove.v2", v2(["0.1"]), "A version '0.1' was deleted in project libfoo in release-monitoring.");
    check(
      "anitya.project.version.remove.v2",
      v2(["0.1", "0.2"]),
      "A versions '0.1, 0.2' were deleted in project libfoo in release-monitoring.",
    );
    check(
      "anitya.project.version.remove.v2",
      v2(["1", "2", "3", "4", "5", "6"]),
      "6 versions entries were deleted in project libfoo in release-monitoring.",
    );
  });

  it("without a schema header, bare or prefixed topic", () => {
    const body = { project, distro: null, message: { agent: "yan" } };
    assert.equal(messaging(null, "anitya.project.add", body).text, "A new project, libfoo, was added to release-monitoring.");
    assert.equal(messaging(null, `${RM}.anitya.project.edit`, body).app, "anitya");
  });
});
