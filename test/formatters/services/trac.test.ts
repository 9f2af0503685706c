import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const instance = { base_url: "https://fedorahosted.org/sssd/", project_name: "sssd" };
const ticket = {
  id: 3100,
  summary: "Crash on login",
  description: "It crashes.",
  owner: "jhrozek",
  reporter: "anna",
  cc: "anna, pbrezina ,",
  status: "new",
  resolution: "",
};
const page = { author: "anna", name: "Design/Cache", version: 4 };

describe("trac (fedmsg)", () => {
  it("trac.ticket.new: everyone on the ticket, summary and description as long form", () => {
    const s = fedmsg("trac.ticket.new", { agent: "anna", instance, ticket });
    assert.equal(s.text, "anna opened a new ticket on the sssd trac instance");
    assert.equal(s.link, "https://fedorahosted.org/sssd/ticket/3100");
    assert.deepEqual(s.usernames, ["anna", "jhrozek", "pbrezina"]);
    assert.equal(s.agent, "anna");
    assert.deepEqual(s.objects, ["sssd/ticket/3100"]);
    assert.equal(s.avatar, fedoraAvatar("anna"));
    assert.equal(s.long, "Summary: Crash on login\nDescription: It crashes.\n");
    assert.equal(s.icon, "https://www.edgewall.org/gfx/trac_bullet.png");
  });

  it("trac.ticket.update: plain, reopened, closed", () => {
    const plain = fedmsg("trac.ticket.update", { agent: "jhrozek", instance, ticket, old_values: {}, comment: "Looking." });
    assert.equal(plain.text, "jhrozek updated a ticket on the sssd trac instance");
    assert.equal(plain.long, "Summary: Crash on login\nComment: Looking.\n");
    const reopened = fedmsg("trac.ticket.update", {
      agent: "anna",
      instance,
      ticket: { ...ticket, status: "reopened" },
      old_values: { status: "closed" },
    });
    assert.equal(reopened.text, "anna reopened a ticket on the sssd trac instance");
    const closed = fedmsg("trac.ticket.update", {
      agent: "jhrozek",
      instance,
      ticket: { ...ticket, status: "closed", resolution: "fixed" },
      old_values: { status: "new" },
    });
    assert.equal(closed.text, "jhrozek closed a ticket on the sssd trac instance as 'fixed'");
  });

  it("trac.ticket.delete", () => {
    const s = fedmsg("trac.ticket.delete", { agent: "admin1", instance, ticket });
    assert.equal(s.text, "admin1 straight-up deleted a ticket on the sssd trac instance");
    assert.equal(s.link, "https://fedorahosted.org/sssd/ticket/3100");
  });

  it("trac.wiki.page.new and .update (an edit links to its diff)", () => {
    const created = fedmsg("trac.wiki.page.new", { agent: "anna", instance, page: { ...page, version: 1 } });
    assert.equal(created.text, "anna created a new 'Design/Cache' wiki page on the sssd trac instance");
    assert.equal(created.link, "https://fedorahosted.org/sssd/wiki/Design/Cache");
    assert.deepEqual(created.objects, ["sssd/wiki/Design/Cache"]);
    const updated = fedmsg("trac.wiki.page.update", { agent: "anna", instance, page });
    assert.equal(updated.text, "anna updated the 'Design/Cache' wiki page on the sssd trac instance");
    assert.equal(updated.link, "https://fedorahosted.org/sssd/wiki/Design/Cache?action=diff&version=4");
  });

  it("trac.wiki.page.delete and .version.delete", () => {
    assert.equal(
      fedmsg("trac.wiki.page.delete", { agent: "admin1", instance, page }).text,
      "admin1 straight-up deleted the 'Design/Cache' wiki page on the sssd trac instance",
    );
    assert.equal(
      fedmsg("trac.wiki.page.version.delete", { agent: "admin1", instance, page }).text,
      "admin1 deleted a version of the 'Design/Cache' wiki page on the sssd trac instance",
    );
  });

  it("trac.wiki.page.rename: both names are objects", () => {
    const s = fedmsg("trac.wiki.page.rename", {
      agent: "anna",
      instance,
      page: { ...page, name: "Design/Caches" },
      old_name: "Design/Cache",
    });
    assert.equal(s.text, "anna renamed the wiki page 'Design/Cache' to 'Design/Caches' on the sssd trac instance");
    assert.equal(s.link, "https://fedorahosted.org/sssd/wiki/Design/Caches");
    assert.deepEqual(s.objects, ["sssd/wiki/Design/Cache", "sssd/wiki/Design/Caches"]);
  });

  it("trac.git.receive: project from the path; short repos have no .git suffix", () => {
    const commit = { username: "pbrezina", rev: "1234abcd", stats: { files: { "src/a.c": {} } } };
    const s = fedmsg("trac.git.receive", { commit: { ...commit, path: "/srv/git/sssd.git", repo: "ignored" } });
    assert.equal(s.text, "pbrezina pushed some commits to the 'sssd' fedorahosted git repository");
    assert.equal(s.link, "https://git.fedorahosted.org/cgit/sssd.git/commit/?id=1234abcd");
    assert.deepEqual(s.objects, ["sssd/git/src/a.c"]);
    assert.deepEqual(s.usernames, ["pbrezina"]);
    const short = fedmsg("trac.git.receive", { commit: { ...commit, repo: "koji" } });
    assert.equal(short.link, "https://git.fedorahosted.org/cgit/koji/commit/?id=1234abcd");
  });
});
