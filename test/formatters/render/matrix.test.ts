import { strict as assert } from "node:assert";
import { MATRIX_DEFAULT_TITLE_COLOR, MATRIX_FIELD_MAX_CHARS, renderMatrix, type Summary } from "../../../formatters/index.js";
import { checkHtml } from "../../bots/matrix/helpers.js";
import { summary as base } from "../../helpers/builders.js";

/** Ralph's completed Koji build, `over` on top. */
function summary(over: Partial<Summary> = {}): Summary {
  return base({
    text: "ralph's python-foo-1.0-1.fc45 completed",
    link: "https://koji.fedoraproject.org/koji/buildinfo?buildID=1&x=2",
    usernames: ["ralph"],
    packages: ["python-foo"],
    agent: "ralph",
    app: "koji",
    ...over,
  });
}

/** Every user id or @room left live in a string (no word joiner after the @). */
function liveMentions(s: string): string[] {
  return [...s.matchAll(/@(room\b|[a-z0-9._=/+-]+:[a-z0-9.-]+)/gi)].map((m) => m[0]);
}

describe("Matrix renderer", () => {
  it("renders the plain line and the same line as HTML with the service colour and the link as an anchor", () => {
    const c = renderMatrix(summary());
    assert.equal(c.msgtype, "m.notice");
    assert.equal(c.format, "org.matrix.custom.html");
    assert.equal(
      c.body,
      "buildsys.build.state.change -- ralph's python-foo-1.0-1.fc45 completed https://koji.fedoraproject.org/koji/buildinfo?buildID=1&x=2",
    );
    assert.equal(
      c.formatted_body,
      `<font color="#b8860b" data-mx-color="#b8860b"><b>buildsys.build.state.change</b></font> -- ralph&#39;s python-foo-1.0-1.fc45 completed ` +
        `<a href="https://koji.fedoraproject.org/koji/buildinfo?buildID=1&amp;x=2">https://koji.fedoraproject.org/koji/buildinfo?buildID=1&amp;x=2</a>`,
    );
    assert.equal(checkHtml(c.formatted_body), c.body, "the HTML shows the plain line");
    assert.deepEqual(c["m.mentions"], {}, "mentions nobody");
  });

  it("keeps payload markup as text: <script> and quotes never become HTML", () => {
    const c = renderMatrix(
      summary({
        title: "bodhi.update.comment",
        text: `<script>alert("x")</script> & <b onclick='y'>bold</b> "q"`,
        link: `https://e.example/?a="><img/src=x>`,
      }),
    );
    assert.doesNotMatch(c.formatted_body, /<script|<img|<b onclick/);
    const text = checkHtml(c.formatted_body);
    assert.match(text, /<script>alert\("x"\)<\/script> & <b onclick='y'>bold<\/b> "q"/);
    assert.match(c.body, /<script>alert/, "the plain body is plain text, not HTML");
    // The link with a quote is still one attribute value.
    assert.match(c.formatted_body, /<a href="https:\/\/e\.example\/\?a=&quot;&gt;&lt;img\/src=x&gt;">/);
  });

  it("leaves no @room and no user id live, in the body or the HTML", () => {
    const c = renderMatrix(
      summary({ text: "@room look: @alice:fedora.im, @ROOM and (@bob:matrix.org) pinged by mail@example.org", agent: "@room" }),
      { template: "{agent}: {text}" },
    );
    assert.deepEqual(liveMentions(c.body), []);
    assert.deepEqual(liveMentions(checkHtml(c.formatted_body)), []);
    assert.deepEqual(c["m.mentions"], {});
    assert.match(c.body, /mail@example\.org/, "an e-mail address is left as it was");
    assert.equal(
      c.body.replace(/\u2060/g, ""),
      "@room: @room look: @alice:fedora.im, @ROOM and (@bob:matrix.org) pinged by mail@example.org",
      "only invisible joiners were added",
    );
  });

  it("does not anchor matrix.to permalinks (clients turn them into pills) nor non-http links", () => {
    for (const link of ["https://matrix.to/#/@alice:fedora.im", "javascript:alert(1)", "matrix:u/alice:fedora.im"]) {
      const c = renderMatrix(summary({ link }));
      assert.doesNotMatch(c.formatted_body, /<a /, link);
      assert.deepEqual(liveMentions(c.body), [], link);
    }
    const c = renderMatrix(summary({ link: "https://pagure.io/x?q=@room" }));
    assert.match(c.formatted_body, /<a href="https:\/\/pagure\.io\/x\?q=%40room">/, "@room inside a link is percent-encoded");
  });

  it("uses the configured colour, the default for unknown services, and ignores a colour that is not #rrggbb", () => {
    assert.match(renderMatrix(summary(), { serviceColors: { buildsys: "#123456" } }).formatted_body, /data-mx-color="#123456"/);
    assert.match(
      renderMatrix(summary({ title: "unknownsvc.thing" })).formatted_body,
      new RegExp(`data-mx-color="${MATRIX_DEFAULT_TITLE_COLOR}"`),
    );
    assert.match(renderMatrix(summary(), { serviceColors: { buildsys: `red" onmouseover="x` } }).formatted_body, /data-mx-color="#b8860b"/);
  });

  it("fills templates, leaves no gap for an empty link, escapes the template's own text, and honours msgtype", () => {
    const c = renderMatrix(summary({ link: null }), { template: "<{app}> {text} {link}", msgtype: "m.text" });
    assert.equal(c.msgtype, "m.text");
    assert.equal(c.body, "<koji> ralph's python-foo-1.0-1.fc45 completed");
    assert.equal(checkHtml(c.formatted_body), c.body);
  });

  it("folds line breaks and removes controls and bidi overrides; cuts a huge field", () => {
    const c = renderMatrix(summary({ text: "a\nb\r\nc\u0007d\u202Ee" }));
    assert.match(c.body, / -- a b cde /);
    const long = renderMatrix(summary({ text: "x".repeat(100_000), link: null }));
    assert.ok(long.body.length < MATRIX_FIELD_MAX_CHARS + 100, String(long.body.length));
    assert.ok(long.body.endsWith("…"));
    assert.ok(Buffer.byteLength(JSON.stringify(long)) < 65_536 / 2);
  });

  it("never cuts a surrogate pair", () => {
    const c = renderMatrix(summary({ text: "🎉".repeat(MATRIX_FIELD_MAX_CHARS + 10), link: null }));
    assert.doesNotMatch(c.body, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
