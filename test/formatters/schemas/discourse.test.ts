import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";
import { fedoraAvatar } from "../../helpers/libravatar.js";

const SCHEMA = "discourse.event.v1";
const DISCUSSION = "https://discussion.fedoraproject.org";
const ASK = "https://ask.fedoraproject.org";

function hook(instance: string, type: string, event: string, contents?: unknown) {
  return {
    webhook_body: contents === undefined ? {} : { [type]: contents },
    webhook_headers: {
      "X-Discourse-Instance": instance,
      "X-Discourse-Event-Id": "99",
      "X-Discourse-Event": event,
      "X-Discourse-Event-Type": type,
      "X-Discourse-Event-Signature": "sha256=00",
    },
  };
}

const post = { username: "writer", topic_title: "Fedora 42 release party", category_slug: "project" };
const topic = { title: "Help with GRUB", created_by: { username: "asker" } };

// `discourse.event.v1` has one owner: webhook-to-fedora-messaging's DiscourseMessageV1 (the live relay),
// whose handler is formatters/schemas/discourse.ts. Its expected values in the corpus carry the Discourse
// icon; discourse2fedmsg's class (same name, same body, no icon) is no longer registered.
describe("fedora-messaging: discourse (webhook relay's DiscourseMessageV1)", () => {
  it("post_created on Fedora Discussion", () => {
    const s = messaging(SCHEMA, "org.fedoraproject.prod.discourse.post.post_created", hook(DISCUSSION, "post", "post_created", post));
    assert.equal(s.text, "New Post on Fedora Discussion: writer posted in 'Fedora 42 release party'");
    assert.equal(s.long, s.text);
    assert.equal(s.app, "Discourse");
    // The relay's class sets this icon (corpus: webhook-to-fedora-messaging-messages, post_created).
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/discourse.png");
    assert.equal(s.link, null);
    assert.equal(s.agent, "writer");
    assert.equal(s.avatar, fedoraAvatar("writer"));
    // The class lists no users for posts and topics (only the agent).
    assert.deepEqual(s.usernames, []);
  });

  it("post_edited / post_recovered / post_destroyed on Ask Fedora", () => {
    for (const [event, label] of [
      ["post_edited", "Post Edited"],
      ["post_recovered", "Post Recovered"],
      ["post_destroyed", "Post Destroyed"],
    ]) {
      const s = messaging(SCHEMA, `discourse.post.${event}`, hook(ASK, "post", event ?? "", post));
      assert.equal(s.text, `${label} on Ask Fedora: writer's post on 'Fedora 42 release party'`);
      assert.equal(s.agent, "writer");
    }
  });

  it("post_liked: the liker is the agent, the author a username", () => {
    const s = messaging(SCHEMA, "discourse.like.post_liked", hook(DISCUSSION, "like", "post_liked", { post, user: { username: "fan" } }));
    assert.equal(s.text, "Post Liked on Fedora Discussion: fan liked writer's post on 'Fedora 42 release party'");
    assert.equal(s.agent, "fan");
    assert.deepEqual(s.usernames, ["writer"]);
  });

  it("topic_created / edited / destroyed / recovered", () => {
    const created = messaging(SCHEMA, "discourse.topic.topic_created", hook(ASK, "topic", "topic_created", topic));
    assert.equal(created.text, "New Topic on Ask Fedora: asker created the topic 'Help with GRUB'");
    assert.equal(created.agent, "asker");
    for (const [event, label] of [
      ["topic_edited", "Topic Edited"],
      ["topic_destroyed", "Topic Destroyed"],
      ["topic_recovered", "Topic Recovered"],
    ]) {
      const s = messaging(SCHEMA, `discourse.topic.${event}`, hook(ASK, "topic", event ?? "", topic));
      assert.equal(s.text, `${label} on Ask Fedora: asker's topic 'Help with GRUB'`);
    }
  });

  it("accepted_solution: no agent, the answer's author is a username", () => {
    const s = messaging(
      SCHEMA,
      "discourse.solved.accepted_solution",
      hook(ASK, "solved", "accepted_solution", { ...post, username: "helper" }),
    );
    assert.equal(s.text, "Accepted Solution on Ask Fedora: helper's post on topic 'Fedora 42 release party' marked as the solution.");
    assert.equal(s.agent, null);
    assert.deepEqual(s.usernames, ["helper"]);
  });

  it("an event it has no words for: instance, type and event", () => {
    assert.equal(
      messaging(SCHEMA, "discourse.user.user_created", hook(DISCUSSION, "user", "user_created")).text,
      "Fedora Discussion: user.user_created",
    );
    assert.equal(messaging(SCHEMA, "discourse.post.post_moved", hook(ASK, "post", "post_moved", post)).text, "Ask Fedora: post.post_moved");
  });

  it("event names that are Object.prototype keys are just unknown events; a missing title is (untitled)", () => {
    assert.equal(
      messaging(SCHEMA, "discourse.post.constructor", hook(ASK, "post", "constructor", post)).text,
      "Ask Fedora: post.constructor",
    );
    assert.equal(messaging(SCHEMA, "discourse.topic.toString", hook(ASK, "topic", "toString", topic)).text, "Ask Fedora: topic.toString");
    const s = messaging(SCHEMA, "discourse.post.post_created", hook(ASK, "post", "post_created", { username: "writer" }));
    assert.equal(s.text, "New Post on Ask Fedora: writer posted in '(untitled)'");
    const anon = messaging(SCHEMA, "discourse.post.post_created", hook(ASK, "post", "post_created", {}));
    assert.equal(anon.text, "New Post on Ask Fedora: someone posted in '(untitled)'");
  });

  it("without a schema header, by topic", () => {
    const s = messaging(null, "org.fedoraproject.prod.discourse.post.post_created", hook(DISCUSSION, "post", "post_created", post));
    assert.equal(s.text, "New Post on Fedora Discussion: writer posted in 'Fedora 42 release party'");
  });

  // Python artifacts of the reference (discourse2fedmsg's f-strings), and what we write instead:
  // - unknown instance: "None: fake.fake_action" -> the instance's host ("forum.example.test: misc.thing");
  // - missing author or title: "None posted in 'None'" -> "someone posted in '(untitled)'".
  it("an unknown instance is named by its host, not Python's None", () => {
    const s = messaging(SCHEMA, "discourse.misc.thing", hook("https://forum.example.test", "misc", "thing"));
    assert.equal(s.text, "forum.example.test: misc.thing");
  });

  it("declines a body that is not a relayed Discourse webhook", () => {
    const s = messaging(SCHEMA, "discourse.post.post_created", { body: { post }, headers: {} });
    assert.notEqual(s.app, "Discourse");
  });
});
