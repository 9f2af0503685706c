import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

describe("schemas/koschei", () => {
  const pkg = {
    name: "python-foo",
    old: "ok",
    new: "failing",
    koji_instance: "primary",
    collection: "f43",
    collection_name: "Fedora 43",
    groups: ["python-sig"],
    repo: "f43",
  };

  it("package.state.change: each state", () => {
    const s = messaging("koschei.package.state.change", "koschei.package.state.change", pkg);
    assert.equal(s.text, "python-foo's builds started to fail in f43");
    assert.equal(s.long, s.text);
    assert.equal(s.link, "https://koschei.fedoraproject.org/package/python-foo?collection=f43");
    assert.deepEqual(s.packages, ["python-foo"]);
    assert.deepEqual(s.groups, ["python-sig"]);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.agent, null);
    assert.equal(s.app, "Koschei");
    const text = (o: Record<string, unknown>): string =>
      messaging("koschei.package.state.change", "koschei.package.state.change", { ...pkg, ...o }).text;
    assert.equal(text({ new: "unresolved" }), "python-foo's dependencies failed to resolve in f43");
    assert.equal(text({ new: "ignored" }), "python-foo became retired or ignored in f43");
    assert.equal(text({ new: "ok", old: "ignored" }), "python-foo added to Koschei in f43");
    assert.equal(text({ new: "ok", koji_instance: "s390" }), "python-foo's builds are back to normal in f43 (s390)");
  });

  it("collection.state.change", () => {
    const col = {
      repo_id: "123",
      old: "ok",
      new: "unresolved",
      koji_instance: "primary",
      collection: "epel10",
      collection_name: "EPEL 10",
    };
    const s = messaging("koschei.collection.state.change", "koschei.collection.state.change", col);
    assert.equal(s.text, "EPEL 10 buildroot was broken");
    assert.equal(s.link, "https://koschei.fedoraproject.org/collection/epel10");
    const added = messaging("koschei.collection.state.change", "koschei.collection.state.change", { ...col, old: "unknown", new: "ok" });
    assert.equal(added.text, "EPEL 10 added to Koschei");
  });
});
