import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

describe("schemas/meetbot", () => {
  it("meeting.start", () => {
    const s = messaging("meetbot.meeting.start", "meetbot.meeting.start", {
      start_time: "2025-03-04T15:00:00+0000",
      start_user: "chairone",
      location: "#fedora-qa:fedoraproject.org",
      meeting_name: "qa",
    });
    assert.equal(s.text, "Meeting 'qa' started in #fedora-qa:fedoraproject.org");
    assert.equal(s.long, "chairone started meeting 'qa' in #fedora-qa:fedoraproject.org at 2025-03-04T15:00:00+0000");
    assert.equal(s.agent, "chairone");
    assert.deepEqual(s.usernames, ["chairone"]);
    assert.equal(s.link, null);
    assert.equal(s.app, "meetbot");
  });

  it("meeting.complete: attendees and logs in Markdown, chairs and attendees as users", () => {
    const s = messaging("meetbot.meeting.complete", "meetbot.meeting.complete", {
      start_time: "2025-03-04T15:00:00+0000",
      start_user: "chairone",
      end_time: "2025-03-04T15:40:00+0000",
      end_user: "chairtwo",
      location: "#fedora-qa:fedoraproject.org",
      meeting_name: "qa",
      url: "https://meetbot.example/qa/2025-03-04",
      chairs: ["chairone", "chairtwo"],
      attendees: [
        { name: "chairone", lines_said: 10 },
        { name: "guest", lines_said: 2 },
      ],
      logs: [{ log_type: "HTML Minutes", log_url: "https://meetbot.example/qa.html" }],
    });
    assert.equal(s.text, "Meeting 'qa' in #fedora-qa:fedoraproject.org finished");
    assert.equal(
      s.long,
      "chairtwo ended meeting 'qa' in #fedora-qa:fedoraproject.org at 2025-03-04T15:40:00+0000\n\n# Attendees\n\n" +
        "* chairone: 10 lines said\n* guest: 2 lines said\n\n# Logs\n\n* [HTML Minutes](https://meetbot.example/qa.html)\n",
    );
    assert.equal(s.link, "https://meetbot.example/qa/2025-03-04");
    assert.equal(s.agent, "chairtwo");
    assert.deepEqual(s.usernames, ["chairone", "chairtwo", "guest"]);
  });
});
