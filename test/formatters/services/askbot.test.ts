import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const thread = { pk: 77, tagnames: ["dnf", "", "upgrade"], title: "dnf system-upgrade hangs" };
const ICON = "https://apps.fedoraproject.org/img/icons/ask_fedora.png";

function edit(created: boolean, type: string): Record<string, unknown> {
  return { agent: "lena", created, newly_mentioned_users: ["otto"], post: { pk: 80, post_type: type }, thread, topmost_post_id: 77 };
}

describe("askbot (fedmsg)", () => {
  it("askbot.post.edit: a new question", () => {
    const s = fedmsg("askbot.post.edit", edit(true, "question"));
    assert.equal(s.text, "lena asked the question 'dnf system-upgrade hangs'");
    assert.equal(s.link, "https://ask.fedoraproject.org/question/77/");
    assert.deepEqual(s.usernames, ["lena", "otto"]);
    assert.equal(s.agent, "lena");
    assert.deepEqual(s.objects, ["tags/dnf", "tags/upgrade", "threads/77"]);
    assert.equal(s.avatar, fedoraAvatar("lena"));
    assert.equal(s.icon, ICON);
  });

  it("askbot.post.edit: new answer, updated question, updated answer; staging link", () => {
    assert.equal(
      fedmsg("askbot.post.edit", edit(true, "answer")).text,
      "lena suggested an answer to the question 'dnf system-upgrade hangs'",
    );
    assert.equal(fedmsg("askbot.post.edit", edit(false, "question")).text, "lena updated the question 'dnf system-upgrade hangs'");
    const s = fedmsg("org.fedoraproject.stg.askbot.post.edit", edit(false, "answer"));
    assert.equal(s.text, "lena updated an answer to the question 'dnf system-upgrade hangs'");
    assert.equal(s.link, "https://ask.stg.fedoraproject.org/question/77/");
  });

  it("askbot.tag.update: objects from the new tags", () => {
    const s = fedmsg("askbot.tag.update", { agent: "lena", tags: ["f44", "kde"], thread, topmost_post_id: 77 });
    assert.equal(s.text, "lena altered tags on askbot question 'dnf system-upgrade hangs'");
    assert.deepEqual(s.objects, ["tags/f44", "tags/kde", "threads/77"]);
  });

  it("askbot.post.flag_offensive.add and .delete", () => {
    const body = (type: string): Record<string, unknown> => ({
      agent: "mod1",
      instance: { pk: 81, post_type: type },
      thread,
      topmost_post_id: 77,
    });
    assert.equal(fedmsg("askbot.post.flag_offensive.add", body("answer")).text, "mod1 flagged an answer as offensive!");
    assert.equal(fedmsg("askbot.post.flag_offensive.add", body("question")).text, "mod1 flagged a question as offensive!");
    assert.equal(fedmsg("askbot.post.flag_offensive.delete", body("question")).text, "mod1 unflagged a question as offensive...");
    assert.equal(fedmsg("askbot.post.flag_offensive.delete", body("answer")).text, "mod1 unflagged an answer as offensive...");
  });

  it("askbot.post.delete", () => {
    const body = (type: string): Record<string, unknown> => ({
      agent: "mod1",
      instance: { pk: 81, post_type: type },
      thread,
      topmost_post_id: 81,
    });
    const s = fedmsg("askbot.post.delete", body("question"));
    assert.equal(s.text, "mod1 deleted the question 'dnf system-upgrade hangs'");
    assert.equal(s.link, "https://ask.fedoraproject.org/question/81/");
    assert.equal(fedmsg("askbot.post.delete", body("answer")).text, "mod1 deleted an answer on 'dnf system-upgrade hangs'");
  });
});
