import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

const ICON = "https://apps.fedoraproject.org/img/icons/downloads.png";

describe("mm2 / mirrormanager (fedmsg)", () => {
  it("crawler.start", () => {
    const s = fedmsg("mirrormanager.crawler.start", {
      hosts: [
        { id: 1, name: "mirror.a.example" },
        { id: 2, host: "mirror.b.example" },
      ],
    });
    assert.equal(s.text, "mirrormanager's crawler started a crawl of 2 mirrors");
    assert.equal(s.link, "https://mirrors.fedoraproject.org");
    assert.deepEqual(s.objects, ["mirrors/mirror.a.example", "mirrors/mirror.b.example"]);
    assert.equal(s.icon, ICON);
    assert.equal(s.avatar, ICON);
    assert.deepEqual(s.usernames, []);
  });

  it("crawler.complete", () => {
    const s = fedmsg("mirrormanager.crawler.complete", {
      results: [
        { rc: 0, host: { name: "mirror.a.example" } },
        { rc: 0, host: { name: "mirror.b.example" } },
        { rc: 4, host: { name: "mirror.c.example" } },
      ],
    });
    assert.equal(s.text, "mirrormanager's crawler finished a crawl of 3 mirrors (2 succeeded, 1 failed)");
    assert.deepEqual(s.objects, ["mirrors/mirror.a.example", "mirrors/mirror.b.example", "mirrors/mirror.c.example"]);
  });

  it("netblocks.get", () => {
    const s = fedmsg("mirrormanager.netblocks.get", { type: "global", success: true });
    assert.equal(s.text, "mirrormanager's backend successfully updated its global netblocks file");
    assert.deepEqual(s.objects, ["netblocks/global"]);
  });
});
