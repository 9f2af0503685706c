import { strict as assert } from "node:assert";
import { messaging } from "../../helpers/fixtures.js";

describe("schemas/mediawiki", () => {
  const body = {
    title: "Changes/Frobnicate",
    summary: "typo",
    minor_edit: true,
    user: "wikiwriter",
    page_url: "https://fedoraproject.org/wiki/Changes/Frobnicate",
    diff_url: "https://fedoraproject.org/w/index.php?title=Changes/Frobnicate&diff=7&oldid=6",
  };

  it("article.edit: page, editor, diff link and the long form", () => {
    const s = messaging("wiki.article.edit.v1", "wiki.article.edit", body);
    assert.equal(s.text, "Wiki page Changes/Frobnicate was edited by wikiwriter");
    assert.equal(
      s.long,
      "Wiki page Changes/Frobnicate was edited by wikiwriter\nSummary: typo\nPage: https://fedoraproject.org/wiki/Changes/Frobnicate\n" +
        "Diff: https://fedoraproject.org/w/index.php?title=Changes/Frobnicate&diff=7&oldid=6\n",
    );
    assert.equal(s.link, body.diff_url);
    assert.deepEqual(s.usernames, ["wikiwriter"]);
    assert.equal(s.app, "Wiki");
  });

  it("a user page concerns its owner (lower-cased)", () => {
    const s = messaging("wiki.article.edit.v1", "org.fedoraproject.prod.wiki.article.edit", { ...body, title: "User:JaneDoe" });
    assert.deepEqual(s.usernames, ["janedoe", "wikiwriter"]);
  });
});
