import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { pythonDate } from "../../../formatters/schemas/mailman.js";
import { fedmsg, messaging } from "../../helpers/fixtures.js";

const SCHEMA = "mailman.messageV1";
const libravatar = (email: string): string =>
  `https://seccdn.libravatar.org/avatar/${createHash("sha256").update(email).digest("hex")}?s=64&d=retro`;

describe("schemas/mailman", () => {
  const mlist = {
    list_name: "test-announce",
    mail_host: "lists.example.org",
    fqdn_listname: "test-announce@lists.example.org",
    list_id: "test-announce.lists.example.org",
    display_name: "Test Announce",
  };
  const msg = {
    from: "Ada Lovelace <ada@example.net>",
    date: "Wed, 04 Nov 2026 09:15:42 +0100",
    subject: "F45 schedule\n draft",
    "message-id": "<abc123@example.net>",
    "message-id-hash": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    to: "test-announce@lists.example.org",
  };
  const body = {
    mlist,
    msg,
    sender_username: "ada",
    usernames: ["ada", "babbage"],
    url: "https://lists.example.org/archives/list/test-announce@lists.example.org/message/ABCDEFG/",
  };

  it("MessageV1: a new post, then a reply; long form is the headers with Python's date", () => {
    const s = messaging(SCHEMA, "mailman.receive", body);
    // Line feeds in the subject become spaces; the subject is quoted as Python's repr quotes it.
    assert.equal(s.text, "ada wrote 'F45 schedule  draft' to the test-announce list");
    assert.equal(
      s.long,
      "From: ada@example.net\nDate: 2026-11-04 09:15:42+01:00\nList-Id: test-announce.lists.example.org\nSubject: F45 schedule  draft\n",
    );
    assert.equal(s.link, body.url);
    assert.deepEqual(s.usernames, ["ada", "babbage"]);
    assert.deepEqual(s.packages, []);
    // The class names no agent and no application; its avatar is the sender's address.
    assert.equal(s.agent, null);
    assert.equal(s.app, null);
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/hyperkitty.png");
    assert.equal(s.avatar, libravatar("ada@example.net"));
    assert.equal(s.severity, 20);

    const reply = messaging(SCHEMA, "org.fedoraproject.prod.mailman.receive", {
      ...body,
      msg: { ...msg, subject: "Re: Don't panic", "in-reply-to": "<abc123@example.net>" },
    });
    assert.equal(reply.text, `On the test-announce list, ada replied to "Re: Don't panic"`);
    const byRefs = messaging(SCHEMA, "mailman.receive", { ...body, msg: { ...msg, references: "<abc123@example.net>" } });
    assert.match(byRefs.text, /^On the test-announce list, ada replied to /);
  });

  it("MessageV1: unknown sender account, missing subject, no archive URL", () => {
    const { subject: _subject, ...noSubject } = msg;
    const s = messaging(SCHEMA, "mailman.receive", { mlist, msg: { ...noSubject, from: "lurker@example.com" }, sender_username: null });
    assert.equal(s.text, "someone wrote '' to the test-announce list");
    assert.equal(s.link, null);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.avatar, libravatar("lurker@example.com"));
    // No address at all: libravatar has nothing to hash.
    assert.equal(messaging(SCHEMA, "mailman.receive", { mlist, msg: { ...msg, from: "" } }).avatar, null);
  });

  it("MessageV1: a date Python cannot read is shown as written", () => {
    const s = messaging(SCHEMA, "mailman.receive", { ...body, msg: { ...msg, date: "sometime last week" } });
    assert.match(s.long ?? "", /\nDate: sometime last week\n/);
  });

  it("pythonDate: email.utils.parsedate_to_datetime as str()", () => {
    assert.equal(pythonDate("Wed, 04 Nov 2026 09:15:42 +0100"), "2026-11-04 09:15:42+01:00");
    assert.equal(pythonDate("4 Nov 2026 09:15 GMT"), "2026-11-04 09:15:00+00:00");
    assert.equal(pythonDate("Wed, 04 Nov 26 09:15:42 -0000"), "2026-11-04 09:15:42"); // zone unknown: no offset
    assert.equal(pythonDate("Wed, 04 Nov 99 09:15:42 PST"), "1999-11-04 09:15:42-08:00");
    assert.equal(pythonDate("Wednesday, 04-Nov-26 09:15:42 -0330"), "2026-11-04 09:15:42-03:30");
    assert.equal(pythonDate("Wed, Nov 04 2026 09:15:42+0200"), "2026-11-04 09:15:42+02:00");
    assert.equal(pythonDate("Wed, 04 Nov 2026 09:15:42"), "2026-11-04 09:15:42");
    assert.equal(pythonDate("Wed, 31 Nov 2026 09:15:42 +0000"), undefined);
    assert.equal(pythonDate("Wed, 04 Nov 2026 09:15:42 +2400"), undefined);
    assert.equal(pythonDate(""), undefined);
  });

  it("by topic: an AMQP post without header gets this wording; a fedmsg envelope keeps fedmsg.meta's", () => {
    const amqp = messaging(null, "org.fedoraproject.prod.mailman.receive", body);
    assert.equal(amqp.text, "ada wrote 'F45 schedule  draft' to the test-announce list");
    const old = fedmsg("mailman.receive", { mlist, msg });
    assert.equal(old.app, "Mailman");
  });
});
