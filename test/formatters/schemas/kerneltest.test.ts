import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

// Python artifacts we deliberately do not reproduce: a missing `agent` would read
// "None uploaded ..." in the reference; we write "Someone".
describe("schemas/kerneltest", () => {
  it("upload.new: who uploaded results for which kernel", () => {
    const s = messaging("kerneltest.upload.new.v1", "kerneltest.upload.new", {
      agent: "kpatcher",
      test: { kernel_version: "6.11.4-301.fc41.x86_64", result: "FAIL", arch: "x86_64", tester: "kpatcher" },
    });
    assert.equal(s.text, "kpatcher uploaded new kernel test results for 6.11.4-301.fc41.x86_64");
    assert.equal(s.long, s.text);
    assert.equal(s.link, null);
    assert.equal(s.agent, "kpatcher");
    assert.deepEqual(s.usernames, []);
    assert.equal(s.app, "kerneltest");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/kerneltest.png");
    assert.equal(s.severity, 20);
  });

  it("release.new and release.edit: number and support status", () => {
    const body = { agent: "kadmin", release: { releasenum: 42, support: "RAWHIDE" } };
    assert.equal(
      messaging("kerneltest.release.new.v1", "kerneltest.release.new", body).text,
      "kadmin created a new release 42 with status RAWHIDE",
    );
    assert.equal(
      messaging("kerneltest.release.edit.v1", "kerneltest.release.edit", body).text,
      "kadmin edited release 42 with status RAWHIDE",
    );
  });

  it("is found by its production topic without a schema header", () => {
    const s = messaging(null, "org.fedoraproject.prod.kerneltest.upload.new", { agent: "kp", test: { kernel_version: "6.1.0" } });
    assert.equal(s.text, "kp uploaded new kernel test results for 6.1.0");
  });

  it("writes a person's text where the reference prints None", () => {
    const s = messaging("kerneltest.upload.new.v1", "kerneltest.upload.new", { test: { kernel_version: "6.1.0" } });
    assert.equal(s.text, "Someone uploaded new kernel test results for 6.1.0");
    assert.equal(s.agent, null);
  });
});
