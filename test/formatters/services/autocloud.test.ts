import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (fedmsg.meta's autocloud processor):
// - an image status it did not know (or a compose-era message without `compose_id`)
//   raised an exception; here the line names the status (or "unknown compose").

const ICON = "https://apps.fedoraproject.org/img/icons/fedimg.png";

describe("autocloud (fedmsg era)", () => {
  const image = {
    compose_id: "Fedora-27-20171110.n.1",
    image_name: "Fedora-Cloud-Base-27-20171110.n.1",
    job_id: 42,
    release: "27",
    family: "Base",
    type: "raw",
  };

  it("image tests of the compose era", () => {
    const queued = fedmsg("autocloud.image.queued", { ...image, status: "queued" });
    assert.equal(queued.text, "Fedora-Cloud-Base-27-20171110.n.1 (27)(Fedora-27-20171110.n.1) is queued for testing");
    assert.equal(queued.link, "https://apps.fedoraproject.org/autocloud/jobs/42/output");
    assert.deepEqual(queued.objects, ["autocloud/image/queued"]);
    assert.equal(queued.icon, ICON);
    assert.equal(queued.avatar, ICON);
    assert.equal(
      fedmsg("autocloud.image.running", { ...image, status: "running" }).text,
      "The tests for the Fedora-Cloud-Base-27-20171110.n.1 (27)(Fedora-27-20171110.n.1) have started running",
    );
    assert.equal(
      fedmsg("autocloud.image.aborted", { ...image, status: "aborted" }).text,
      "The tests for the Fedora-Cloud-Base-27-20171110.n.1 (27)(Fedora-27-20171110.n.1) have been aborted",
    );
    assert.equal(
      fedmsg("autocloud.image.failed", { ...image, status: "failed" }).text,
      "The tests for the Fedora-Cloud-Base-27-20171110.n.1 (27)(Fedora-27-20171110.n.1) failed",
    );
    assert.equal(
      fedmsg("autocloud.image.success", { ...image, status: "success" }).text,
      "The tests for Fedora-Cloud-Base-27-20171110.n.1 (27)(Fedora-27-20171110.n.1) were a success",
    );
  });

  it("legacy image tests link to the image", () => {
    const s = fedmsg("autocloud.image.failed", {
      buildid: "1",
      image_name: "Fedora-Atomic",
      image_url: "https://example.org/a.qcow2",
      status: "failed",
    });
    assert.equal(s.text, "The tests for the Fedora-Atomic failed");
    assert.equal(s.link, "https://example.org/a.qcow2");
  });

  it("compose tests", () => {
    const base = { compose_job_id: 9, id: "Fedora-27-20171110.n.1", release: "27", type: "nightly" };
    const queued = fedmsg("autocloud.compose.queued", { ...base, status: "queued" });
    assert.equal(queued.text, "Fedora-27-20171110.n.1 is queued for testing");
    assert.equal(queued.link, "https://apps.fedoraproject.org/autocloud/jobs/9");
    assert.deepEqual(queued.objects, ["autocloud/compose/queued"]);
    assert.equal(
      fedmsg("autocloud.compose.running", { ...base, status: "running" }).text,
      "Fedora-27-20171110.n.1 tests have started running",
    );
    const done = fedmsg("autocloud.compose.complete", { compose_id: "Fedora-27-20171110.n.1", status: "completed" });
    assert.equal(done.text, "Fedora-27-20171110.n.1 tests have completed");
    assert.equal(done.link, "https://apps.fedoraproject.org/autocloud/");
  });

  it("unknown statuses still read as a sentence", () => {
    assert.equal(
      fedmsg("autocloud.image.weird", { ...image, status: "paused" }).text,
      "The tests for Fedora-Cloud-Base-27-20171110.n.1 (27)(Fedora-27-20171110.n.1) are paused",
    );
    assert.equal(
      fedmsg("autocloud.image.queued", { compose_job_id: 3, image_name: "img", status: "queued" }).text,
      "img(unknown compose) is queued for testing",
    );
  });
});
