import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifact of the reference, deliberately not reproduced: the compose
 * id went into the objects as a number (`{378}`); here objects are strings.
 */

describe("odcs (fedmsg)", () => {
  it("compose.state-changed: named by id, or by its Pungi id once it has one", () => {
    const compose = { id: 9120, owner: "lsedlar", state_name: "done", pungi_compose_id: null };
    const s = fedmsg("odcs.compose.state-changed", { event: "state-changed", compose });
    assert.equal(s.text, "lsedlar's compose 9120 entered the done state.");
    assert.equal(s.link, "https://odcs.fedoraproject.org/api/1/composes/9120");
    assert.deepEqual(s.usernames, ["lsedlar"]);
    assert.deepEqual(s.objects, ["9120"]);
    assert.equal(s.avatar, fedoraAvatar("lsedlar"));
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/odcs.png");
    const p = fedmsg("odcs.compose.state-changed", { compose: { ...compose, pungi_compose_id: "odcs-9120-1-20260101.n.0" } });
    assert.equal(p.text, "lsedlar's compose odcs-9120-1-20260101.n.0 entered the done state.");
  });
});
