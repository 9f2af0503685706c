import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - an item without `details.nick` read "None noted an action ..."; here the
 *   speaker is left empty. The meeting.complete long form (the minutes, fetched
 *   over the network by the reference) is out of scope: it is the summary line.
 */

const userMap = { "olek-irc": "olek" };
const base = {
  attendees: { "olek-irc": 12, marta: 3, zodbot: 4 },
  chairs: { marta: true },
  channel: "#fedora-meeting-2",
  meeting_topic: "Infrastructure",
  owner: "marta",
  url: "http://meetbot.fedoraproject.org/fedora-meeting-2/2026-09-22/infra.2026-09-22-15.00",
};

describe("supybot / meetbot (fedmsg)", () => {
  it("meeting.start with and without a title; nicks resolve through the user map; zodbot is no attendee", () => {
    const s = fedmsg("meetbot.meeting.start", base, { userMap });
    assert.equal(s.text, 'marta started meeting "Infrastructure" in #fedora-meeting-2');
    assert.deepEqual(s.usernames, ["marta", "olek"]);
    assert.deepEqual(s.objects, ["attendees/marta", "attendees/olek", "channels/#fedora-meeting-2", "titles/Infrastructure"]);
    assert.equal(s.link, null);
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/meetbot.png");
    assert.equal(s.avatar, fedoraAvatar("marta"));
    const untitled = fedmsg("meetbot.meeting.start", { ...base, meeting_topic: null, owner: "olek-irc" }, { userMap });
    assert.equal(untitled.text, "olek started a meeting in #fedora-meeting-2");
  });

  it("meeting.complete links to the minutes over https", () => {
    const s = fedmsg("meetbot.meeting.complete", { ...base, topic: "open floor" });
    assert.equal(s.text, 'marta\'s meeting titled "Infrastructure" ended in #fedora-meeting-2');
    assert.equal(s.link, "https://meetbot.fedoraproject.org/fedora-meeting-2/2026-09-22/infra.2026-09-22-15.00.html");
    assert.ok(s.objects.includes("topics/open floor"));
    assert.equal(fedmsg("meetbot.meeting.complete", { ...base, meeting_topic: "" }).text, "marta's meeting ended in #fedora-meeting-2");
  });

  it("meeting.topic.update", () => {
    const s = fedmsg("meetbot.meeting.topic.update", { ...base, topic: "Backups" });
    assert.equal(s.text, 'The topic of marta\'s "Infrastructure" meeting changed to "Backups" in #fedora-meeting-2');
    assert.equal(
      fedmsg("meetbot.meeting.topic.update", { ...base, meeting_topic: null, topic: "Backups" }).text,
      'The topic of marta\'s meeting changed to "Backups" in #fedora-meeting-2',
    );
  });

  it("meeting.item.* for every kind", () => {
    const item = (kind: string, line: string, extra: Record<string, unknown> = {}) =>
      fedmsg(`meetbot.meeting.item.${kind}`, { ...base, ...extra, details: { nick: "olek-irc", line, linenum: 3 } }, { userMap });
    const s = item("agreed", "we ship it");
    assert.equal(s.text, 'olek noted agreement in the "Infrastructure" meeting in #fedora-meeting-2: "we ship it"');
    assert.equal(s.avatar, fedoraAvatar("olek"));
    assert.equal(item("accepted", "x").text, 'olek accepted an item in the "Infrastructure" meeting in #fedora-meeting-2: "x"');
    assert.equal(item("rejected", "x").text, 'olek rejected an item in the "Infrastructure" meeting in #fedora-meeting-2: "x"');
    assert.equal(item("action", "x").text, 'olek noted an action in the "Infrastructure" meeting in #fedora-meeting-2: "x"');
    assert.equal(item("info", "x").text, 'olek raised a point of information in the "Infrastructure" meeting in #fedora-meeting-2: "x"');
    assert.equal(item("idea", "x").text, 'olek proposed an idea in the "Infrastructure" meeting in #fedora-meeting-2: "x"');
    assert.equal(item("help", "x", { meeting_topic: null }).text, 'olek called for help in a meeting in #fedora-meeting-2: "x"');
    const link = item("link", "see https://pagure.io/fedora-infrastructure/issue/1 for details");
    assert.equal(
      link.text,
      'olek linked to more information in the "Infrastructure" meeting in #fedora-meeting-2: "see https://pagure.io/fedora-infrastructure/issue/1 for details"',
    );
    assert.equal(link.link, "https://pagure.io/fedora-infrastructure/issue/1");
    // Like the reference, a URL that ends the line is not picked up.
    assert.equal(item("link", "https://example.org/end").link, null);
  });

  it("an unknown item kind falls back to the generic line", () => {
    const s = fedmsg("meetbot.meeting.item.shrug", { ...base, details: { nick: "marta", line: "meh" } });
    assert.doesNotMatch(s.text, /undefined/);
  });

  it("Python artifact: an item without a speaker has no 'None' in it", () => {
    const s = fedmsg("meetbot.meeting.item.info", { ...base, details: { line: "note" } });
    assert.equal(s.text, ' raised a point of information in the "Infrastructure" meeting in #fedora-meeting-2: "note"');
    assert.doesNotMatch(s.text, /None/);
  });
});
