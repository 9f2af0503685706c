import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a message without an `agent` read "None updated ..."; here "someone".
 * The reminder's "starts in ..." is measured from the message's timestamp, not
 * from the moment of formatting as the reference did.
 */

const calendar = { calendar_name: "infra", calendar_contact: "infra@example.org" };
const meeting = {
  meeting_id: 1234,
  meeting_name: "Infra weekly",
  meeting_date: "2026-09-22",
  meeting_time_start: "15:00:00",
  calendar_name: "infra",
};
const BASE = "https://apps.fedoraproject.org/calendar/";

describe("fedocal (fedmsg)", () => {
  it("meeting.new / update / delete", () => {
    const n = fedmsg("fedocal.meeting.new", { agent: "marta", calendar, meeting });
    assert.equal(n.text, 'marta created a "Infra weekly" meeting in the "infra" calendar');
    assert.equal(n.link, `${BASE}meeting/1234/`);
    assert.deepEqual(n.objects, ["infra/meetings/Infra weekly/new"]);
    assert.deepEqual(n.usernames, ["marta"]);
    assert.equal(n.avatar, fedoraAvatar("marta"));
    assert.equal(n.icon, "https://apps.fedoraproject.org/calendar/static/calendar.png");
    assert.equal(
      fedmsg("fedocal.meeting.update", { agent: "marta", calendar, meeting }).text,
      'marta updated the "Infra weekly" meeting from the "infra" calendar',
    );
    assert.equal(
      fedmsg("fedocal.meeting.delete", { agent: "marta", calendar, meeting }).text,
      'marta deleted the "Infra weekly" meeting from the "infra" calendar',
    );
  });

  it("calendar.new / update / delete / clear / upload", () => {
    const c = (t: string) => fedmsg(`fedocal.calendar.${t}`, { agent: "olek", calendar });
    assert.equal(c("new").text, 'olek created a whole new "infra" calendar');
    assert.equal(c("new").link, `${BASE}infra/`);
    assert.deepEqual(c("new").objects, ["infra/new"]);
    assert.equal(c("update").text, 'olek updated the "infra" calendar');
    assert.equal(c("delete").text, 'olek deleted the "infra" calendar');
    assert.equal(c("clear").text, 'olek cleared the "infra" calendar of all its meetings');
    assert.equal(c("upload").text, 'olek uploaded an iCalendar file into the calendar "infra"');
  });

  it("meeting.reminder counts from when it was sent", () => {
    const sent = Date.UTC(2026, 8, 22, 13, 0, 30) / 1000;
    const s = fedmsg("fedocal.meeting.reminder", { calendar, meeting }, { envelope: { timestamp: sent } });
    assert.equal(s.text, 'Friendly reminder!  The "Infra weekly" meeting from the "infra" calendar starts in 1 hour');
    assert.deepEqual(s.usernames, []);
    assert.deepEqual(s.objects, ["infra/meetings/Infra weekly/reminder"]);
    const days = fedmsg(
      "fedocal.meeting.reminder",
      { calendar, meeting },
      { envelope: { timestamp: Date.UTC(2026, 8, 19, 15, 0, 0) / 1000 } },
    );
    assert.match(days.text, /starts in 3 days$/);
    const now = fedmsg(
      "fedocal.meeting.reminder",
      { calendar, meeting },
      { envelope: { timestamp: Date.UTC(2026, 8, 22, 14, 59, 40) / 1000 } },
    );
    assert.match(now.text, /starts right now$/);
  });

  it("Python artifact: no agent reads 'someone', not 'None'", () => {
    assert.equal(fedmsg("fedocal.calendar.update", { calendar }).text, 'someone updated the "infra" calendar');
  });
});
