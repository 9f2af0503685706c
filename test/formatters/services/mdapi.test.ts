import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

const ICON = "https://apps.fedoraproject.org/packages/images/icons/package_128x128.png";

describe("mdapi (fedmsg era)", () => {
  it("old messages with per-category differences", () => {
    const s = fedmsg("mdapi.repo.update", {
      name: "f30-updates",
      url: "fedora/linux/updates/30/Everything/x86_64/repodata/abc-primary.sqlite.xz",
      differences: {
        packages: { added: [["nano", "4.2", "1.fc30", "0", "x86_64"]], removed: [] },
        files: { added: [["/usr/bin/nano", "file", "nano"]], removed: [["/usr/bin/pico", "file", "pico-compat"]] },
        requires: { added: [], removed: [["libc.so.6(GLIBC_2.2.5)(64bit)", "EQ", null, null, null, "nano"]] },
        enhances: { added: [], removed: [] },
      },
    });
    assert.equal(s.text, "mdapi noticed a f30-updates repomd change: files: +1/-1, packages: +1/-0, requires: +0/-1");
    assert.equal(s.link, "https://download.fedoraproject.org/pub/fedora/linux/updates/30/Everything/x86_64/repodata/abc-primary.sqlite.xz");
    assert.deepEqual(s.packages, ["libc.so.6", "nano", "pico-compat"]);
    assert.deepEqual(s.objects, [
      "f30-updates/files/added/nano",
      "f30-updates/files/removed/pico-compat",
      "f30-updates/packages/added/nano",
      "f30-updates/requires/removed/libc.so.6(GLIBC_2.2.5)(64bit)",
    ]);
    assert.equal(s.icon, ICON);
    assert.equal(s.avatar, ICON);
  });

  it("newer messages listing packages", () => {
    const s = fedmsg("mdapi.repo.update", {
      name: "rawhide",
      packages: ["zsh", "bash", "fish", "tcsh"],
      url: "https://mirror.example.org/rawhide/repodata/x.xz",
    });
    assert.equal(s.text, "mdapi noticed a rawhide repomd change: bash, fish, and 2 others");
    assert.equal(s.link, "https://mirror.example.org/rawhide/repodata/x.xz");
    assert.deepEqual(s.objects, ["rawhide/bash", "rawhide/fish", "rawhide/tcsh", "rawhide/zsh"]);
    assert.equal(
      fedmsg("mdapi.repo.update", { name: "rawhide", packages: ["a", "b"] }).text,
      "mdapi noticed a rawhide repomd change: a and b",
    );
  });
});
