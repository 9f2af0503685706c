import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

/*
 * Python artifact of the reference, deliberately not reproduced: a decision
 * without the old `subject` list had no link and no packages (its lookup
 * failed); here they come from `subject_type` and `subject_identifier`.
 */

const RESULTSDB = "https://taskotron.fedoraproject.org/resultsdb/results";

describe("greenwave (fedmsg)", () => {
  it("decision.update: NO-GO on a compose", () => {
    const s = fedmsg("greenwave.decision.update", {
      decision_context: "rawhide_compose_sync_to_mirrors",
      product_version: "fedora-rawhide",
      policies_satisfied: false,
      subject: [{ item: "Fedora-Rawhide-20260103.n.0", type: "compose" }],
      subject_identifier: "Fedora-Rawhide-20260103.n.0",
      subject_type: "compose",
    });
    assert.equal(s.text, 'greenwave says NO-GO on Fedora-Rawhide-20260103.n.0 for "rawhide_compose_sync_to_mirrors" (fedora-rawhide)');
    assert.equal(s.link, `${RESULTSDB}?item=Fedora-Rawhide-20260103.n.0&type=compose`);
    assert.deepEqual(s.packages, []);
    assert.equal(s.avatar, null);
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/greenwave.png");
  });

  it("decision.update: GO on a Koji build (old misspelt key)", () => {
    const s = fedmsg("greenwave.decision.update", {
      decision_context: "bodhi_update_push_stable",
      product_version: "fedora-41",
      policies_satisified: true,
      subject: [{ type: "koji_build", item: "python-rich-13.9.4-1.fc41" }],
    });
    assert.equal(s.text, 'greenwave is a GO on python-rich-13.9.4-1.fc41 for "bodhi_update_push_stable" (fedora-41)');
    assert.equal(s.link, `${RESULTSDB}?item=python-rich-13.9.4-1.fc41&type=koji_build`);
    assert.deepEqual(s.packages, ["python-rich"]);
    assert.equal(s.avatar, "https://apps.fedoraproject.org/packages/images/icons/python-rich.png");
  });

  it("query values are encoded like Python's urlencode", () => {
    const s = fedmsg("greenwave.decision.update", {
      policies_satisfied: true,
      decision_context: "c",
      product_version: "p",
      subject: [{ item: "a b/c", type: "x", original_spec_nvr: null }],
    });
    assert.equal(s.link, `${RESULTSDB}?item=a+b%2Fc&original_spec_nvr=None&type=x`);
  });

  it("human text where the reference leaked Python artifacts", () => {
    const s = fedmsg("greenwave.decision.update", {
      policies_satisfied: true,
      decision_context: "bodhi_update_push_testing",
      product_version: "fedora-42",
      subject_type: "koji_build",
      subject_identifier: "zstd-1.5.6-2.fc42",
    });
    assert.equal(s.text, 'greenwave is a GO on zstd-1.5.6-2.fc42 for "bodhi_update_push_testing" (fedora-42)');
    assert.equal(s.link, `${RESULTSDB}?item=zstd-1.5.6-2.fc42&type=koji_build`);
    assert.deepEqual(s.packages, ["zstd"]);
  });
});
