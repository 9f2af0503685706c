import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { messagingEmailAvatarUrl } from "../../../formatters/util/avatar.js";

const ICON = "https://bugzilla.redhat.com/extensions/RedHat/web/css/favicon.ico?v=0";

/** A Bugzilla 5 style body (component as an object); `bz4` gives the compat shape. */
function bz(
  event: Record<string, unknown>,
  opts: { bz4?: boolean; summary?: string; component?: string; extra?: Record<string, unknown> } = {},
) {
  const component = opts.component ?? "widget";
  return {
    bug: {
      id: 2200001,
      summary: opts.summary ?? "widget crashes on start",
      component: opts.bz4 ? component : { id: 1, name: component },
      product: opts.bz4 ? "Fedora" : { id: 2, name: "Fedora" },
    },
    event: {
      bug_id: 2200001,
      change_set: "1.2",
      routing_key: "bug.modify",
      time: 1,
      user: { id: 5, login: "Reporter@Example.test", real_name: "R" },
      ...event,
    },
    ...opts.extra,
  };
}

describe("fedora-messaging: bugzilla2fedmsg", () => {
  it("messageV1: a new bug, the reporter known to Fedora", () => {
    const s = messaging(
      "bugzilla2fedmsg.messageV1",
      "bugzilla.bug.new",
      bz({ action: "create", target: "bug" }, { extra: { agent_name: "rep", usernames: ["rep", "maint"] } }),
    );
    assert.equal(s.text, "rep filed a new bug RHBZ#2200001 'widget crashes on start'");
    assert.equal(s.long, s.text);
    assert.equal(s.link, "https://bugzilla.redhat.com/show_bug.cgi?id=2200001");
    assert.equal(s.agent, "rep");
    // fedora-messaging hashes the address as given, upper case included.
    assert.equal(s.avatar, messagingEmailAvatarUrl("Reporter@Example.test"));
    assert.notEqual(s.avatar, messagingEmailAvatarUrl("reporter@example.test"));
    assert.deepEqual(s.usernames, ["maint", "rep"]);
    assert.deepEqual(s.packages, ["widget"]);
    assert.equal(s.app, "Bugzilla");
    assert.equal(s.icon, ICON);
  });

  it("messageV1bz4: an attachment added by an unknown user; long titles cut at 40 characters", () => {
    const title = "Ünïcode title that is longer than forty characters for sure";
    const s = messaging(
      "bugzilla2fedmsg.messageV1bz4",
      "bugzilla.bug.update",
      bz({ action: "create", target: "attachment" }, { bz4: true, summary: title }),
    );
    assert.equal(s.text, "Reporter@Example.test added attachment on RHBZ#2200001 'Ünïcode title that is longer than forty ...'");
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, []);
    assert.deepEqual(s.packages, ["widget"]);
  });

  it("modified fields: one, two, several (Oxford comma), none", () => {
    const changes = (...f: string[]) => f.map((field) => ({ field, added: "x", removed: "" }));
    const text = (c: unknown[], target = "bug") =>
      messaging("bugzilla2fedmsg.messageV1", "bugzilla.bug.update", bz({ action: "modify", target, changes: c })).text;
    assert.equal(text(changes("cc")), "Reporter@Example.test updated 'cc' on RHBZ#2200001 'widget crashes on start'");
    assert.equal(
      text(changes("cc", "status")),
      "Reporter@Example.test updated 'cc' and 'status' on RHBZ#2200001 'widget crashes on start'",
    );
    assert.equal(
      text(changes("cc", "status", "priority")),
      "Reporter@Example.test updated 'cc', 'status', and 'priority' on RHBZ#2200001 'widget crashes on start'",
    );
    assert.equal(text([]), "Reporter@Example.test updated something unknown on RHBZ#2200001 'widget crashes on start'");
    assert.equal(
      text(changes("isobsolete"), "attachment"),
      "Reporter@Example.test updated 'isobsolete' for attachment on RHBZ#2200001 'widget crashes on start'",
    );
  });

  it("comments; components that are not packages; no schema header", () => {
    const s = messaging(
      null,
      "org.fedoraproject.prod.bugzilla.bug.update",
      bz({ action: "create", target: "comment" }, { component: "Package Review" }),
    );
    assert.equal(s.text, "Reporter@Example.test added comment on RHBZ#2200001 'widget crashes on start'");
    assert.deepEqual(s.packages, []);
    assert.equal(s.app, "Bugzilla");
  });
});
