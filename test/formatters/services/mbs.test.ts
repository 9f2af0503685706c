import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

describe("mbs (fedmsg)", () => {
  it("module.state.change", () => {
    const s = fedmsg("mbs.module.state.change", {
      id: 31337,
      name: "nodejs",
      stream: "22",
      owner: "sgallagh",
      state: 3,
      state_name: "done",
    });
    assert.equal(s.text, "sgallagh's build of modules/nodejs entered the done state.");
    assert.equal(s.link, "https://mbs.fedoraproject.org/module-build-service/1/module-builds/31337");
    assert.deepEqual(s.usernames, ["sgallagh"]);
    assert.deepEqual(s.objects, ["nodejs"]);
    assert.deepEqual(s.packages, []);
    assert.equal(s.avatar, fedoraAvatar("sgallagh"));
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/modularity.png");
  });

  it("an mbs message that is no module build gets the generic line", () => {
    const s = fedmsg("mbs.something.else", { foo: 1 });
    assert.ok(!s.text.includes("entered the"));
  });
});
