/*
 * bugzilla2fedmsg on the fedmsg bus (fedmsg.meta's bugzilla processor).
 *
 * Where we deliberately differ from the Python reference (it raises, so
 * fedmsg.meta fell back to its generic line):
 *  - a bug without `summary` (Python: `len(None)`): the bug number alone;
 *  - no actor address anywhere (Python: `email2fas(None)`): "someone";
 *  - 0.3.1+ objects for `component` (Python: unhashable dict in `packages`): its name;
 *  - an event without `who` (newer relays): the address in `event.user.login`;
 *  - `bug.update` with `event: null` and no comment (Python: `None.get`): "updated RHBZ#...".
 * Agent: fedmsg.meta took an arbitrary member of the usernames set; we name the
 * actor when it is a Fedora account and null otherwise.
 */
import { strict as assert } from "node:assert";
import { fedmsg, handledBy } from "../../helpers/fixtures.js";
import { fedmsgAvatarUrl, fedmsgEmailAvatarUrl } from "../../../formatters/util/avatar.js";

const ICON = "https://apps.fedoraproject.org/img/icons/bugzilla.png";
const userMap = { "kim@example.org": "kimf", "dev@example.net": "devone" };

/** A 2016-era (bugzilla2fedmsg 0.3.0) bug: plain strings everywhere. */
function legacyBug(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 2400101,
    summary: "frobnicate crashes when the config file is empty or missing",
    product: "Fedora EPEL",
    component: "frobnicate",
    creator: "reporter@example.com",
    assigned_to: "dev@example.net",
    cc: ["kim@example.org", "devel@lists.fedoraproject.org", "someone@example.com", "packager@fedoraproject.org"],
    weburl: "https://bugzilla.redhat.com/show_bug.cgi?id=2400101",
    ...extra,
  };
}

/** A Bugzilla 5 (bugzilla2fedmsg 0.3.1) bug: objects for product and people, no weburl. */
function bz5Bug(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 2500202,
    summary: "widgetd: segfault on start",
    product: { id: 49, name: "Fedora" },
    component: "widgetd",
    creator: null,
    assigned_to: "maint@example.com",
    cc: [],
    qa_contact: { id: 1, login: "extras-qa@fedoraproject.org", real_name: "QA" },
    weburl: null,
    ...extra,
  };
}

describe("bz (fedmsg)", () => {
  it("bugzilla.bug.new (0.3.0, event null): the reporter filed it; title cut at 40 characters", () => {
    const s = fedmsg(
      "bugzilla.bug.new",
      {
        bug: legacyBug(),
        comment: { author: "reporter@example.com", creator: "reporter@example.com", text: "It crashes.", count: 0 },
        event: null,
      },
      { userMap },
    );
    assert.equal(s.title, "bugzilla.bug.new");
    assert.equal(s.text, "reporter@example.com filed a new bug RHBZ#2400101 'frobnicate crashes when the config file ...'");
    assert.equal(s.link, "https://bugzilla.redhat.com/show_bug.cgi?id=2400101");
    assert.deepEqual(s.usernames, ["devone", "kimf", "packager"]);
    assert.deepEqual(s.packages, ["frobnicate"]);
    assert.deepEqual(s.objects, ["Fedora EPEL/frobnicate/2400101"]);
    assert.equal(s.icon, ICON);
    assert.equal(s.avatar, fedmsgEmailAvatarUrl("reporter@example.com"));
    assert.equal(s.agent, null);
    assert.equal(s.long, s.text);
  });

  it("bugzilla.bug.update with changes (0.3.0): the fields quoted, Oxford comma", () => {
    const s = fedmsg(
      "bugzilla.bug.update",
      {
        bug: legacyBug(),
        comment: null,
        event: {
          who: "kim@example.org",
          when: 1790000000,
          changes: [
            { field_name: "status", added: "ASSIGNED", removed: "NEW" },
            { field_name: "assigned_to", added: "dev@example.net", removed: "nobody@fedoraproject.org" },
            { field_name: "priority", added: "high", removed: "unspecified" },
          ],
        },
      },
      { userMap },
    );
    assert.equal(
      s.text,
      "kimf updated 'status', 'assigned_to', and 'priority' on RHBZ#2400101 'frobnicate crashes when the config file ...'",
    );
    assert.equal(s.agent, "kimf");
    assert.equal(s.avatar, fedmsgAvatarUrl("kimf"));
    assert.deepEqual(s.usernames, ["devone", "kimf", "packager"]);
  });

  it("one and two changed fields", () => {
    const one = fedmsg(
      "bugzilla.bug.update",
      {
        bug: legacyBug({ summary: "short one" }),
        comment: null,
        event: { who: "dev@example.net", changes: [{ field_name: "flagtypes.name", added: "needinfo?", removed: "" }] },
      },
      { userMap },
    );
    assert.equal(one.text, "devone updated 'flagtypes.name' on RHBZ#2400101 'short one'");
    const two = fedmsg(
      "bugzilla.bug.update",
      {
        bug: legacyBug({ summary: "short one" }),
        comment: null,
        event: { who: "dev@example.net", changes: [{ field_name: "cc" }, { field_name: "keywords" }] },
      },
      { userMap },
    );
    assert.equal(two.text, "devone updated 'cc' and 'keywords' on RHBZ#2400101 'short one'");
  });

  it("bugzilla.bug.update with a comment: the commenter commented", () => {
    const s = fedmsg(
      "bugzilla.bug.update",
      {
        bug: legacyBug({ summary: "frobnicate-2.1 is available" }),
        comment: { author: "upstream-bot@fedoraproject.org", text: "Built.", count: 3 },
        event: { who: "dev@example.net", changes: [{ field_name: "status", added: "CLOSED", removed: "NEW" }] },
      },
      { userMap },
    );
    assert.equal(s.text, "upstream-bot commented on RHBZ#2400101 'frobnicate-2.1 is available'");
    assert.deepEqual(s.usernames, ["devone", "kimf", "packager", "upstream-bot"]);
    assert.equal(s.agent, "upstream-bot");
  });

  it("bugzilla.bug.update announcing a new bug (0.3.1): link built from the id, product object read by name", () => {
    const s = fedmsg("bugzilla.bug.update", {
      bug: bz5Bug(),
      comment: null,
      event: {
        action: "create",
        target: "bug",
        routing_key: "bug.create",
        changes: [],
        who: "tester@example.com",
        user: { id: 7, login: "tester@example.com", real_name: "T" },
      },
      headers: { destination: "/topic/VirtualTopic.eng.bugzilla.bug.create" },
    });
    assert.equal(s.title, "bugzilla.bug.update");
    assert.equal(s.text, "tester@example.com filed a new bug RHBZ#2500202 'widgetd: segfault on start'");
    assert.equal(s.link, "https://bugzilla.redhat.com/show_bug.cgi?id=2500202");
    assert.deepEqual(s.objects, ["Fedora/widgetd/2500202"]);
    assert.deepEqual(s.packages, ["widgetd"]);
    assert.deepEqual(s.usernames, []);
    assert.equal(s.avatar, fedmsgEmailAvatarUrl("tester@example.com"));
  });

  it("bugzilla.bug.update without changes (0.3.1 bug.modify): fedmsg.meta's 'nothing?' wording", () => {
    const s = fedmsg("bugzilla.bug.update", {
      bug: bz5Bug(),
      comment: null,
      event: { action: "modify", target: "bug", changes: [], who: "maint@example.com" },
    });
    assert.equal(
      s.text,
      "maint@example.com updated nothing? (likely bugzilla sent us a buggy message) on RHBZ#2500202 'widgetd: segfault on start'",
    );
  });

  it("Package Review is a queue, not a package", () => {
    const s = fedmsg("bugzilla.bug.new", {
      bug: legacyBug({ component: "Package Review", summary: "Review Request: python-foo - Foo" }),
      comment: null,
      event: null,
    });
    assert.deepEqual(s.packages, []);
    assert.deepEqual(s.objects, ["Fedora EPEL/Package Review/2400101"]);
    assert.equal(s.text, "reporter@example.com filed a new bug RHBZ#2400101 'Review Request: python-foo - Foo'");
  });

  it("newer shapes and odd payloads read as a person would (Python raised on these)", () => {
    const s = fedmsg(
      "bugzilla.bug.update",
      {
        bug: bz5Bug({
          summary: undefined,
          component: { id: 3, name: "widgetd" },
          assigned_to: { id: 2, login: "dev@example.net", real_name: "Dev" },
        }),
        event: {
          action: "modify",
          target: "bug",
          changes: [{ field: "bug_status", added: "POST", removed: "NEW" }],
          user: { id: 2, login: "dev@example.net", real_name: "Dev" },
        },
      },
      { userMap },
    );
    assert.equal(s.text, "devone updated 'bug_status' on RHBZ#2500202");
    assert.deepEqual(s.packages, ["widgetd"]);
    assert.deepEqual(s.usernames, ["devone"]);
    const bare = fedmsg("bugzilla.bug.update", { bug: { id: 42 }, event: null, comment: null });
    assert.equal(bare.text, "someone updated RHBZ#42");
    assert.equal(bare.link, "https://bugzilla.redhat.com/show_bug.cgi?id=42");
    assert.equal(bare.avatar, null);
  });

  it("a bugzilla.* message without a bug is declined, and bugzilla2fedmsg's schema wording takes it", () => {
    // Not the generic line: the fedora-messaging era's bugzilla2fedmsg formatter matches the topic too.
    const body = { something: "else" };
    assert.equal(handledBy("bugzilla.bug.update", body), "bugzilla2fedmsg");
    const s = fedmsg("bugzilla.bug.update", body);
    assert.equal(s.text, "someone updated something unknown on RHBZ#? ''");
    assert.equal(s.app, "Bugzilla");
  });
});
