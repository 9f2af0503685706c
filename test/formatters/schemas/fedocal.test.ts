import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/fedocal.png";
const calendar = {
  calendar_name: "infra",
  calendar_contact: "infra@example.test",
  calendar_description: "Infrastructure meetings",
  calendar_editor_group: null,
  calendar_admin_group: "sysadmin",
  calendar_status: "active",
};
const meeting = {
  meeting_id: 7,
  meeting_name: "Weekly sync",
  meeting_manager: ["pat"],
  meeting_date: "2026-03-02",
  meeting_date_end: "2026-03-02",
  meeting_time_start: "15:00:00",
  meeting_time_stop: "16:00:00",
  meeting_timezone: "UTC",
  meeting_information: null,
  meeting_location: "#fedora-meeting",
  calendar_name: "infra",
};

describe("fedora-messaging: fedocal", () => {
  const cases: [string, string][] = [
    ["fedocal.calendar.new", "pat has created a new calendar infra"],
    ["fedocal.calendar.update", "pat has updated a calendar infra"],
    ["fedocal.calendar.upload", "pat has uploaded meetings in the calendar infra"],
    ["fedocal.calendar.delete", "pat has deleted the calendar infra"],
    ["fedocal.calendar.clear", "pat has cleared the calendar infra"],
  ];
  for (const [schema, text] of cases) {
    it(schema, () => {
      const s = messaging(schema, schema, { agent: "pat", calendar });
      assert.equal(s.text, text);
      assert.equal(s.long, text);
      assert.equal(s.app, "fedocal");
      assert.equal(s.icon, ICON);
      assert.equal(s.link, null);
      // The class names no agent, but shows the user's avatar.
      assert.equal(s.agent, null);
      assert.equal(s.avatar, fedoraAvatar("pat"));
      assert.deepEqual(s.usernames, ["pat"]);
    });
  }

  it("fedocal.meeting.new / update / delete", () => {
    const body = { agent: "quinn", calendar, meeting };
    assert.equal(
      messaging("fedocal.meeting.new", "fedocal.meeting.new", body).text,
      "quinn has created a new meeting Weekly sync in calendar infra",
    );
    assert.equal(messaging(null, "fedocal.meeting.update", body).text, "quinn has updated meeting Weekly sync in calendar infra");
    const d = messaging("fedocal.meeting.delete", "org.fedoraproject.prod.fedocal.meeting.delete", body);
    assert.equal(d.text, "quinn has deleted the meeting Weekly sync from the calendar infra");
    assert.deepEqual(d.usernames, ["quinn"]);
  });

  it("fedocal.meeting.reminder: no user; the long form counts from the send time", () => {
    const headers = { "sent-at": "2026-03-02T12:59:00+00:00" };
    const s = messaging("fedocal.meeting.reminder", "fedocal.meeting.reminder", { calendar, meeting }, headers);
    assert.equal(s.text, "Remember about the meeting 'Weekly sync' from the 'infra' calendar");
    assert.deepEqual(s.usernames, []);
    assert.equal(s.agent, null);
    // Python artifact: the reference shows the avatar of a user named "None".
    assert.equal(s.avatar, null);
    assert.equal(s.long, "Friendly reminder!  The 'Weekly sync' meeting from the 'infra' calendar starts in 2 hours");
    const soon = messaging(
      "fedocal.meeting.reminder",
      "fedocal.meeting.reminder",
      { calendar, meeting },
      { "sent-at": "2026-03-02T14:59:30Z" },
    );
    assert.match(soon.long ?? "", /starts right now$/);
    const days = messaging(
      "fedocal.meeting.reminder",
      "fedocal.meeting.reminder",
      { calendar, meeting },
      { "sent-at": "2026-02-27T15:00:00Z" },
    );
    assert.match(days.long ?? "", /starts in 3 days$/);
    const day = messaging(
      "fedocal.meeting.reminder",
      "fedocal.meeting.reminder",
      { calendar, meeting },
      { "sent-at": "2026-03-01T14:00:00Z" },
    );
    assert.match(day.long ?? "", /starts in 1 day$/);
  });

  it("fedocal.meeting.reminder long form without a send time gives the date", () => {
    const s = messaging("fedocal.meeting.reminder", "fedocal.meeting.reminder", { calendar, meeting });
    assert.equal(s.long, "Friendly reminder!  The 'Weekly sync' meeting from the 'infra' calendar starts on 2026-03-02 at 15:00:00 UTC");
  });
});
