import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce (fedmsg.meta's fedimg processor):
// - without `extra` the details read "(None, None, None)"; here they are left out,
//   and only the known ones of id / virtualisation / volume type are listed;
// - a copy without `source_image_id` said "using source image, None".

const ICON = "https://apps.fedoraproject.org/img/icons/fedimg.png";

describe("fedimg (fedmsg era)", () => {
  const extra = { id: "ami-0abc", virt_type: "hvm", vol_type: "standard" };

  it("uploads", () => {
    const started = fedmsg("fedimg.image.upload", {
      destination: "us-east-1",
      image_name: "Fedora-Cloud-Base-31.x86_64",
      status: "started",
    });
    assert.equal(started.text, "Fedora-Cloud-Base-31.x86_64 started uploading to us-east-1");
    assert.equal(started.link, null);
    assert.equal(started.icon, ICON);
    assert.deepEqual(started.objects, ["image/upload/started"]);
    assert.equal(
      fedmsg("fedimg.image.upload", { destination: "us-east-1", image_name: "F31", status: "completed", extra }).text,
      "F31 finished uploading to us-east-1 (ami-0abc, hvm, standard)",
    );
    assert.equal(
      fedmsg("fedimg.image.upload", { destination: "us-east-1", image_name: "F31", status: "failed" }).text,
      "F31 failed to upload to us-east-1",
    );
  });

  it("tests", () => {
    const s = fedmsg("fedimg.image.test", { destination: "ap-south-1", image_name: "F31", status: "completed", extra });
    assert.equal(s.text, "F31 finished testing on ap-south-1 (ami-0abc, hvm, standard)");
    assert.deepEqual(s.objects, ["image/test/completed"]);
    assert.equal(
      fedmsg("fedimg.image.test", { destination: "ap-south-1", image_name: "F31", status: "started", extra }).text,
      "F31 started testing on ap-south-1 (ami-0abc, hvm, standard)",
    );
    assert.equal(
      fedmsg("fedimg.image.test", { destination: "ap-south-1", image_name: "F31", status: "failed", extra }).text,
      "F31 failed testing on ap-south-1 (ami-0abc, hvm, standard)",
    );
  });

  it("publish and copy", () => {
    const pub = fedmsg("fedimg.image.publish", { destination: "sa-east-1", image_name: "F31", extra, service: "EC2" });
    assert.equal(pub.text, "F31 published in region, sa-east-1 (ami-0abc, hvm, standard)");
    assert.deepEqual(pub.objects, []);
    const copy = fedmsg("fedimg.image.copy", {
      destination: "eu-north-1",
      image_name: "F31",
      extra: { ...extra, source_image_id: "ami-src" },
    });
    assert.equal(copy.text, "F31 copied to eu-north-1 using source image, ami-src (ami-0abc, hvm, standard)");
  });

  it("missing details are left out, not written as None", () => {
    assert.equal(
      fedmsg("fedimg.image.test", { destination: "eu-west-3", image_name: "F31", status: "started" }).text,
      "F31 started testing on eu-west-3",
    );
    assert.equal(
      fedmsg("fedimg.image.copy", { destination: "eu-west-3", image_name: "F31", extra: { id: "ami-9" } }).text,
      "F31 copied to eu-west-3 (ami-9)",
    );
  });
});
