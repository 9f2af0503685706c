import { strict as assert } from "node:assert";
import { decodeMessage, formatTrace } from "../../../formatters/index.js";
import { messaging } from "../../helpers/fixtures.js";

/** Which formatter service handled a fedora-messaging message without a schema header. */
function serviceFor(topic: string, body: unknown): string {
  return formatTrace(decodeMessage({ id: null, topic, headers: {}, body })).service;
}

describe("schemas/maubot", () => {
  it("cookie.give: sender, recipient, and the release's count in the long form", () => {
    const s = messaging("maubot.cookie.give.v1", "maubot.cookie.give.v1", {
      sender: "alice",
      recipient: "bob",
      total: 7,
      fedora_release: "41",
      count_by_release: { "40": 4, "41": 3 },
    });
    assert.equal(s.text, "alice gave a cookie to bob");
    assert.equal(s.long, "alice gave a cookie to bob. They now have 7 cookie(s), 3 of which were obtained in the Fedora 41 release cycle");
    assert.deepEqual(s.usernames, ["alice", "bob"]);
    assert.equal(s.agent, "alice");
    assert.equal(s.link, null);
    assert.equal(s.app, "Maubot Fedora");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/maubot-fedora.png");
  });

  it("declines another publisher's body on its topic when there is no schema header", () => {
    assert.notEqual(serviceFor("org.fedoraproject.prod.maubot.cookie.give.v1", { foo: 1 }), "maubot");
  });
});
