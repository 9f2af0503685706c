import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

const ICON = "https://apps.fedoraproject.org/img/icons/atomic.png";
const LINK = "https://download.fedoraproject.org/pub/alt/atomic/stable/";
const image = (release: string): object => ({ release, image_name: "img", image_url: "/pub/alt/img" });

describe("releng (fedmsg)", () => {
  it("atomic.twoweek.begin: images by architecture", () => {
    const s = fedmsg("releng.atomic.twoweek.begin", {
      x86_64: { atomic_raw: image("29"), atomic_qcow2: image("29") },
      aarch64: { atomic_raw: image("29") },
    });
    assert.equal(s.text, "Release engineering scripts started evaluating a new set of builds for a Fedora 29 Atomic Host release");
    assert.equal(s.link, LINK);
    assert.deepEqual(s.objects, ["aarch64", "x86_64"]);
    assert.equal(s.avatar, ICON);
    assert.equal(s.icon, ICON);
  });

  it("atomic.twoweek.complete: the old flat payload", () => {
    const s = fedmsg("releng.atomic.twoweek.complete", { atomic_raw: image("23"), atomic_vagrant_libvirt: image("23"), other: {} });
    assert.equal(s.text, "A new release of Fedora 23 Atomic Host is ready");
    assert.equal(s.link, LINK);
    assert.deepEqual(s.objects, ["23/atomic_raw", "23/atomic_vagrant_libvirt"]);
  });
});
