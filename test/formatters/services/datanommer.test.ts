import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

describe("datanommer (fedmsg)", () => {
  it("datanommer.wat", () => {
    const s = fedmsg("datanommer.wat", { uuid: "2026-0badc0de-0000-4000-8000-000000000001" });
    assert.equal(s.text, "datanommer encountered a duplicate uuid");
    assert.equal(s.link, "https://www.destroyallsoftware.com/talks/wat");
    assert.deepEqual(s.objects, ["wat"]);
    assert.equal(s.icon, "https://i.imgur.com/4g9NZu1.png");
    assert.equal(s.avatar, "https://i.imgur.com/58oJkOr.gif");
    assert.deepEqual(s.usernames, []);
  });
});
