import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a state Koschei did not have when the processor was written raised an
 *   error (empty line); here the line names the new state.
 * - the packages of a collection message raised an error; here there are none.
 */

const WEB = "https://apps.fedoraproject.org/koschei";

describe("koschei (fedmsg)", () => {
  it("package.state.change: each state, the collection and the hub", () => {
    const msg = {
      name: "rust-serde",
      old: "ok",
      new: "failing",
      koji_instance: "primary",
      repo: "f42",
      collection: "f42",
      collection_name: "Fedora 42",
    };
    const s = fedmsg("koschei.package.state.change", msg);
    assert.equal(s.text, "rust-serde's builds started to fail in Fedora 42");
    assert.equal(s.link, `${WEB}/package/rust-serde?collection=f42`);
    assert.deepEqual(s.packages, ["rust-serde"]);
    assert.equal(s.avatar, "https://apps.fedoraproject.org/packages/images/icons/rust-serde.png");
    assert.equal(s.icon, "https://fedoraproject.org/w/uploads/e/e9/Koschei.png");
    const at = (extra: object): string => fedmsg("koschei.package.state.change", { ...msg, ...extra }).text;
    assert.equal(at({ old: "failing", new: "ok" }), "rust-serde's builds are back to normal in Fedora 42");
    assert.equal(at({ old: "ignored", new: "ok" }), "rust-serde added to Koschei in Fedora 42");
    assert.equal(at({ new: "ignored" }), "rust-serde became retired or ignored in Fedora 42");
    assert.equal(at({ new: "unresolved", koji_instance: "s390" }), "rust-serde's dependencies failed to resolve in Fedora 42 (s390)");
  });

  it("collection.state.change", () => {
    const msg = { collection: "f43", collection_name: "Fedora 43", koji_instance: "primary", old: "ok", new: "unresolved" };
    const s = fedmsg("koschei.collection.state.change", msg);
    assert.equal(s.text, "Fedora 43 buildroot was broken");
    assert.equal(s.link, `${WEB}/collection/f43`);
    assert.deepEqual(s.packages, []);
    assert.equal(fedmsg("koschei.collection.state.change", { ...msg, old: "unresolved", new: "ok" }).text, "Fedora 43 buildroot was fixed");
    assert.equal(
      fedmsg("koschei.collection.state.change", { ...msg, old: "unknown", new: "ok", koji_instance: "arm" }).text,
      "Fedora 43 added to Koschei (arm)",
    );
  });

  it("human text where the reference leaked Python artifacts", () => {
    const s = fedmsg("koschei.package.state.change", {
      name: "foo",
      old: "ok",
      new: "blocked",
      koji_instance: "primary",
      collection_name: "EPEL 10",
    });
    assert.equal(s.text, "foo changed state to blocked in EPEL 10");
  });
});
