import { strict as assert } from "node:assert";
import { fedmsg, messaging } from "../helpers/fixtures.js";

describe("generic line (topics no formatter knows)", () => {
  it("says who did what to what, in the past tense", () => {
    const s = fedmsg("gizmo.widget.update", { agent: "zoe", name: "w-9", url: "https://gizmo.example/w/9" });
    assert.equal(s.text, "zoe updated gizmo widget w-9");
    assert.equal(s.link, "https://gizmo.example/w/9");
    assert.deepEqual(s.usernames, ["zoe"]);
    assert.equal(s.agent, "zoe");
    assert.equal(s.app, "gizmo");
  });

  it("puts 'new' first and reads nested names and links", () => {
    const s = fedmsg("resultsdb.result.new", { testcase: { name: "dist.depcheck" }, ref_url: "https://results.example/7" });
    assert.equal(s.text, "new resultsdb result dist.depcheck");
    assert.equal(s.link, "https://results.example/7");
  });

  it("takes people and packages from fedora-messaging headers", () => {
    const s = messaging(
      null,
      "org.fedoraproject.prod.ci.koji-build.test.complete",
      { artifact: { nvr: "nano-8.7-1.fc45" } },
      {
        fedora_messaging_user_carol: true,
        fedora_messaging_rpm_nano: true,
      },
    );
    assert.equal(s.text, "carol completed ci koji build test nano-8.7-1.fc45");
    assert.deepEqual(s.usernames, ["carol"]);
    assert.deepEqual(s.packages, ["nano"]);
  });

  it("is never empty, whatever the payload", () => {
    assert.equal(fedmsg("lonely", null).text, "lonely");
    assert.equal(messaging("some.unknown.schema.v1", "", {}).text, "some unknown schema v1");
    assert.equal(fedmsg("x.y.made", { agent: "has spaces so not a name", title: "T" }).text, "x y T made");
  });
});
