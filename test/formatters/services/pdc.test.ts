import { strict as assert } from "node:assert";
import { fedmsg, handledBy } from "../../helpers/fixtures.js";

/*
 * Python artifact of the reference, deliberately not reproduced: any other
 * pdc topic read "Unhandled PDC message..."; here it gets the generic line.
 */

const compose = { compose_id: "Fedora-41-20260102.n.1", compose_type: "nightly", compose_date: "2026-01-02", compose_respin: 1 };

describe("pdc (fedmsg)", () => {
  it("any other pdc topic gets the generic line", () => {
    const body = { compose_id: "Fedora-41-20260102.n.1" };
    assert.equal(fedmsg("pdc.something.odd", body).text, "pdc something Fedora-41-20260102.n.1 odd");
    assert.equal(handledBy("pdc.something.odd", body), "generic");
  });

  it("compose", () => {
    const s = fedmsg("pdc.compose", { ...compose, action: "create" });
    assert.equal(s.text, "An entry for the Fedora-41-20260102.n.1 nightly compose was created in the Product Definition Center");
    assert.equal(s.link, "https://pdc.fedoraproject.org/rest_api/v1/composes/Fedora-41-20260102.n.1/");
    assert.deepEqual(s.objects, ["Fedora-41-20260102.n.1/create/compose"]);
    assert.equal(s.icon, null);
  });

  it("rpms / images", () => {
    const r = fedmsg("pdc.rpms", { ...compose, action: "import", attribute: "rpms", count: 61234 });
    assert.equal(r.text, "PDC imported metadata for 61234 rpms for the Fedora-41-20260102.n.1 nightly compose");
    assert.deepEqual(r.objects, ["Fedora-41-20260102.n.1/import/rpms"]);
    const i = fedmsg("pdc.images", { ...compose, compose_type: "production", action: "import", attribute: "images", count: 12 });
    assert.equal(i.text, "PDC imported metadata for 12 images for the Fedora-41-20260102.n.1 production compose");
    assert.equal(i.link, "https://pdc.fedoraproject.org/rest_api/v1/composes/Fedora-41-20260102.n.1/");
  });

  it("human text where the reference leaked a placeholder", () => {
    assert.notEqual(fedmsg("pdc.other", { compose_id: "x" }).text, "Unhandled PDC message...");
  });
});
