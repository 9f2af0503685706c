import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (fedmsg.meta's compose processor):
// - `arch: null` or `short: null` were printed as "None" ("Started None 30 compose");
//   here a null arch is no arch and a null short is treated as missing.

describe("compose (fedmsg era)", () => {
  it("numbered release start with a short name", () => {
    const s = fedmsg("compose.31.start", { arch: "", branch: "31", log: "start", short: "Fedora-Cloud" });
    assert.equal(s.text, "Started Fedora-Cloud 31 compose");
    assert.equal(s.link, "https://kojipkgs.fedoraproject.org/compose/");
    assert.deepEqual(s.objects, ["31/primary"]);
  });

  it("rsync completion with compose id and location", () => {
    const s = fedmsg("compose.rawhide.rsync.complete", {
      arch: "",
      branch: "rawhide",
      compose_id: "Fedora-Rawhide-20190401.n.1",
      location: "https://example.org/rawhide",
      log: "done",
      short: "Fedora",
    });
    assert.equal(s.text, "Completed master mirror publication for Fedora Rawhide compose Fedora-Rawhide-20190401.n.1");
    assert.equal(s.link, "https://example.org/rawhide");
    assert.deepEqual(s.objects, ["rawhide/primary"]);
  });

  it("legacy branched steps with a secondary arch", () => {
    assert.equal(
      fedmsg("compose.branched.mash.start", { arch: "ppc", branch: "19", log: "start" }).text,
      "Started mashing Fedora 19 (ppc) compose",
    );
    assert.equal(
      fedmsg("compose.branched.pungify.complete", { branch: "19", log: "done" }).text,
      "Completed building boot.iso for Fedora 19 compose",
    );
    const img = fedmsg("compose.branched.image.start", { arch: "ppc", branch: "19" });
    assert.equal(img.text, "Started building other images for Fedora 19 (ppc) compose");
    assert.deepEqual(img.objects, ["branched/ppc"]);
  });

  it("post-release respin steps", () => {
    assert.equal(
      fedmsg("compose.25.make-updates.done", { branch: "25" }).text,
      "Completed Fedora 25 post-release Cloud/Atomic/Docker respin compose",
    );
    assert.equal(
      fedmsg("compose.25.cloudimg-build.start", { branch: "25" }).text,
      "Started building images for Fedora 25 post-release Cloud/Atomic/Docker respin compose",
    );
    assert.equal(
      fedmsg("compose.25.mash-atomic.stop", { branch: "25", log: "start" }).text,
      "Completed Atomic updates mash for Fedora 25 post-release Cloud/Atomic/Docker respin compose",
    );
    assert.equal(
      fedmsg("compose.25.atomic-lorax.done", { branch: "25" }).text,
      "Completed Atomic lorax run for Fedora 25 post-release Cloud/Atomic/Docker respin compose",
    );
    assert.equal(
      fedmsg("compose.25.cloudimg-staging.done", { branch: "25" }).text,
      "Completed master mirror publication for Fedora 25 post-release Cloud/Atomic/Docker respin compose",
    );
    assert.equal(
      fedmsg("compose.25.cloudimg-checksum.start", { branch: "25" }).text,
      "Started image checksum generation for Fedora 25 post-release Cloud/Atomic/Docker respin compose",
    );
  });

  it("modular branches and the ambiguous pre-short era", () => {
    assert.equal(
      fedmsg("compose.rawhide.complete", { branch: "Modular-Rawhide", compose_id: "Fedora-Modular-Rawhide-20180101.n.2" }).text,
      "Completed Fedora-Modular Rawhide compose Fedora-Modular-Rawhide-20180101.n.2",
    );
    assert.equal(
      fedmsg("compose.26.complete", { arch: "", branch: "26", log: "done" }).text,
      "Completed Fedora, Fedora-Atomic, Fedora-Cloud or Fedora-Docker 26 compose",
    );
  });

  it("old messages without branch take the release from the topic", () => {
    assert.equal(fedmsg("compose.epelbeta.start", { log: "start" }).text, "Started Fedora EPEL Beta compose");
    assert.equal(fedmsg("compose.rawhide.mash.complete", {}).text, "Completed mashing Fedora Rawhide compose");
  });

  it("null arch and short read as absent, not as None", () => {
    const s = fedmsg("compose.30.start", { arch: null, branch: "30", short: null, compose_id: "Fedora-30-20190301.n.0" });
    assert.equal(s.text, "Started Fedora 30 compose Fedora-30-20190301.n.0");
    assert.deepEqual(s.objects, ["30/primary"]);
  });
});
