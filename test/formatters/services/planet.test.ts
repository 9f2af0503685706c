import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

/*
 * Python artifacts of the reference, deliberately not reproduced:
 * - a `username` key holding null read "None posted ..."; here the post is
 *   announced without an author ("New post: ...").
 */

const post = {
  title: "Packaging Rust crates, part 3",
  link: "https://blog.example.net/2026/rust-crates-3",
  summary: "<p>More on crates.</p>",
  content: [{ type: "text/html", value: "<p>The full post.</p>" }],
};

describe("planet (fedmsg)", () => {
  it("planet.post.new by a Fedora account", () => {
    const s = fedmsg("planet.post.new", { username: "mkowalski", name: "Marta Kowalski", face: "https://img.example.net/marta.png", post });
    assert.equal(s.text, 'mkowalski posted "Packaging Rust crates, part 3"');
    assert.equal(s.link, "https://blog.example.net/2026/rust-crates-3");
    assert.deepEqual(s.usernames, ["mkowalski"]);
    assert.equal(s.agent, "mkowalski");
    assert.deepEqual(s.objects, ["blog.example.net/2026/rust-crates-3"]);
    assert.equal(s.avatar, "https://img.example.net/marta.png");
    assert.equal(s.icon, "https://apps.fedoraproject.org/img/icons/planet_logo.png");
    assert.equal(s.long, "<p>More on crates.</p>");
  });

  it("a post without author or summary: long form from the content, default title", () => {
    const s = fedmsg("planet.post.new", { post: { link: "http://feeds.example.org/x", content: post.content } });
    assert.equal(s.text, 'New post: "(no title found)"');
    assert.deepEqual(s.usernames, []);
    assert.equal(s.avatar, null);
    assert.deepEqual(s.objects, ["feeds.example.org/x"]);
    assert.equal(s.long, "<p>The full post.</p>");
  });

  it("a null username is no author (not 'None posted')", () => {
    const s = fedmsg("planet.post.new", { username: null, post });
    assert.equal(s.text, 'New post: "Packaging Rust crates, part 3"');
  });
});
