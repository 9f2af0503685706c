import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const original = { agent: "ttanaka", filename: "zstd-1.5.9.tar.gz", md5sum: "0123456789abcdef0123456789abcdef", name: "zstd" };
const LINK = "http://pkgs.fedoraproject.org/lookaside/pkgs/zstd/zstd-1.5.9.tar.gz/0123456789abcdef0123456789abcdef/zstd-1.5.9.tar.gz";

describe("summershum (fedmsg)", () => {
  it("summershum.ingest.start", () => {
    const s = fedmsg("summershum.ingest.start", { original });
    assert.equal(s.text, "summershum started working on zstd-1.5.9.tar.gz for zstd");
    assert.equal(s.link, LINK);
    assert.deepEqual(s.usernames, ["ttanaka"]);
    assert.deepEqual(s.packages, ["zstd"]);
    assert.deepEqual(s.objects, ["digests/zstd/zstd-1.5.9.tar.gz/0123456789abcdef0123456789abcdef"]);
    assert.equal(s.avatar, fedoraAvatar("ttanaka"));
  });

  it("summershum.ingest.complete", () => {
    const s = fedmsg("summershum.ingest.complete", { original });
    assert.equal(s.text, "summershum ingested zstd-1.5.9.tar.gz for zstd");
    assert.equal(s.icon, "https://raw.githubusercontent.com/fedora-infra/summershum/develop/summershum.png");
  });

  it("summershum.ingest.fail, with a lookaside path", () => {
    const s = fedmsg("summershum.ingest.fail", { original: { ...original, path: "zstd/zstd-1.5.9.tar.gz/sha512/abc/zstd-1.5.9.tar.gz" } });
    assert.equal(s.text, "yikes!  summershum failed to process zstd-1.5.9.tar.gz for zstd");
    assert.equal(s.link, "http://pkgs.fedoraproject.org/lookaside/pkgs/zstd/zstd-1.5.9.tar.gz/sha512/abc/zstd-1.5.9.tar.gz");
  });
});
