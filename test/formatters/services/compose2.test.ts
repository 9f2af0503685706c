import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (fedmsg.meta's pungi processor):
// - the link stripped the *characters* "/compose" from both ends of `location`
//   (so "/mnt/..." lost its "m"); here only a trailing "/compose" directory is dropped;
// - a missing compose id, config or detail was printed as "None".

const LOCATION = "https://kojipkgs.example.org/compose//branched/Fedora-30-20190210.n.1/compose";
const LINK = "https://kojipkgs.example.org/compose//branched/Fedora-30-20190210.n.1";
const PUNGI_ICON = "https://apps.fedoraproject.org/img/icons/pungi.png";

describe("compose2 / pungi (fedmsg era)", () => {
  it("status changes", () => {
    const base = { compose_id: "Fedora-30-20190210.n.1", location: LOCATION };
    const started = fedmsg("pungi.compose.status.change", { ...base, status: "STARTED" });
    assert.equal(started.text, "pungi-koji compose of Fedora-30-20190210.n.1 started");
    assert.equal(started.link, LINK);
    assert.equal(started.icon, PUNGI_ICON);
    assert.deepEqual(started.objects, ["rawhide/Fedora-30-20190210/n/1"]);
    assert.equal(
      fedmsg("pungi.compose.status.change", { ...base, status: "FINISHED" }).text,
      "pungi-koji compose of Fedora-30-20190210.n.1 just finished",
    );
    assert.equal(
      fedmsg("pungi.compose.status.change", { ...base, status: "DOOMED" }).text,
      "pungi-koji compose of Fedora-30-20190210.n.1 failed in a horrible fire",
    );
    assert.equal(
      fedmsg("pungi.compose.status.change", { ...base, status: "FINISHED_INCOMPLETE" }).text,
      "pungi-koji compose of Fedora-30-20190210.n.1 FINISHED_INCOMPLETE",
    );
  });

  it("phases", () => {
    const base = { compose_id: "Fedora-30-20190210.n.1", location: LOCATION, phase_name: "gather" };
    assert.equal(
      fedmsg("pungi.compose.phase.start", base).text,
      "pungi-koji started the gather phase of the Fedora-30-20190210.n.1 compose",
    );
    assert.equal(
      fedmsg("pungi.compose.phase.stop", base).text,
      "pungi-koji finished the gather phase of the Fedora-30-20190210.n.1 compose",
    );
  });

  it("createiso images and targets", () => {
    const file = "/mnt/koji/compose/branched/Fedora-30-20190210.n.1/compose/Workstation/x86_64/iso/Fedora-Workstation-30.iso";
    const done = fedmsg("pungi.compose.createiso.imagedone", { compose_id: "Fedora-30-20190210.n.1", file, location: LOCATION });
    assert.equal(done.text, "pungi-koji finished createiso for Workstation/x86_64/iso/Fedora-Workstation-30.iso");
    assert.deepEqual(done.objects, [file.slice(1)]);
    assert.equal(done.link, LINK);
    assert.equal(
      fedmsg("pungi.compose.createiso.imagefail", { file }).text,
      "pungi-koji createiso for Workstation/x86_64/iso/Fedora-Workstation-30.iso failed!",
    );
    const targets = fedmsg("pungi.compose.createiso.targets", { deliverables: ["/Server/x86_64/iso/a.iso", "Server/aarch64/iso/b.iso/"] });
    assert.equal(targets.text, "pungi-koji assigned 2 createiso targets");
    assert.deepEqual(targets.objects, ["Server/aarch64/iso/b.iso", "Server/x86_64/iso/a.iso"]);
  });

  it("ostree commits", () => {
    const s = fedmsg("pungi.compose.ostree", {
      compose_id: "Fedora-Atomic-29-20190101.0",
      arch: "aarch64",
      commitid: "abc123",
      ref: "fedora/29/aarch64/atomic-host",
      location: LOCATION,
    });
    assert.equal(
      s.text,
      "pungi-koji ostree compose Fedora-Atomic-29-20190101.0 produced ostree commit abc123 for aarch64 fedora/29/aarch64/atomic-host",
    );
  });

  it("failure to start, without the None of missing fields", () => {
    const s = fedmsg("pungi.compose.fail.to.start", { config: "fedora-cloud.conf", detail: "no label given" });
    assert.equal(s.text, 'failed to compose from fedora-cloud.conf: "no label given"');
    assert.equal(s.link, null);
    assert.deepEqual(s.objects, []);
    assert.equal(fedmsg("pungi.compose.fail.to.start", {}).text, "failed to compose");
  });

  it("a relative location keeps its first letter", () => {
    const s = fedmsg("pungi.compose.status.change", { compose_id: "X-1", location: "/mnt/koji/compose/X-1/compose/", status: "STARTED" });
    assert.equal(s.link, "mnt/koji/compose/X-1");
  });
});
