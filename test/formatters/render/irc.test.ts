import assert from "node:assert/strict";
import type { Summary } from "../../../formatters/index.js";
import { summary as base } from "../../helpers/builders.js";
import { IRC_ELLIPSIS, ircTextBudget, renderIrc, sanitizeIrc, truncateBytes, utf8Bytes } from "../../../formatters/render/irc.js";

/** Ralph's completed Koji build, `over` on top. */
function summary(over: Partial<Summary> = {}): Summary {
  return base({
    text: "ralph's python-foo-1.0-1.fc40 completed",
    link: "https://koji.fedoraproject.org/koji/buildinfo?buildID=1",
    agent: "ralph",
    app: "koji",
    ...over,
  });
}

describe("IRC renderer", () => {
  it("renders the old bot's line: coloured title, text, teal link", () => {
    const line = renderIrc(summary(), { maxBytes: 400 });
    assert.equal(
      line,
      "\x0308buildsys.build.state.change\x0f -- ralph's python-foo-1.0-1.fc40 completed \x0310https://koji.fedoraproject.org/koji/buildinfo?buildID=1\x0f",
    );
  });

  it("keeps the text's own spacing, as readers know it, while empty placeholders leave none", () => {
    const s = summary({ title: "buildsys.repo.done", text: "Repo done:  f45-build", link: null });
    assert.equal(renderIrc(s, { maxBytes: 400, colors: false }), "buildsys.repo.done -- Repo done:  f45-build");
    assert.equal(
      renderIrc(s, { maxBytes: 400, colors: false, template: "{title} -- {text} {link} [{agent}]" }),
      "buildsys.repo.done -- Repo done:  f45-build [ralph]",
    );
  });

  it("uses the service map, its overrides, and light grey for others", () => {
    assert.ok(renderIrc(summary({ title: "bodhi.update.comment" }), { maxBytes: 400 }).startsWith("\x0303bodhi"));
    assert.ok(renderIrc(summary({ title: "copr.build.end" }), { maxBytes: 400 }).startsWith("\x0315copr"));
    assert.ok(renderIrc(summary({ title: "copr.build.end" }), { maxBytes: 400, serviceColors: { copr: "pink" } }).startsWith("\x0313copr"));
  });

  it("plain without colours, a template, and no dangling space without a link", () => {
    assert.equal(
      renderIrc(summary({ link: null }), { maxBytes: 400, colors: false }),
      "buildsys.build.state.change -- ralph's python-foo-1.0-1.fc40 completed",
    );
    assert.equal(
      renderIrc(summary(), { maxBytes: 400, colors: false, template: "[{app}] {text} {link}" }),
      "[koji] ralph's python-foo-1.0-1.fc40 completed https://koji.fedoraproject.org/koji/buildinfo?buildID=1",
    );
    assert.equal(renderIrc(summary(), { maxBytes: 400, colors: false, link: "https://da.gd/x" }).endsWith(" https://da.gd/x"), true);
  });

  it("removes injection and payload formatting codes", () => {
    assert.equal(sanitizeIrc("a\r\nQUIT :x\0b\x01ACTION c\x01"), "a QUIT :xbACTION c");
    assert.equal(sanitizeIrc("\x0304,12red\x03 \x02bold\x0f \x1ditalic\x1f \x16\x11\x1e\x0499AAcc,000000x"), "red bold italic x");
    const line = renderIrc(summary({ title: "x.\x0301y", text: "evil\r\nPRIVMSG #other :hi", link: "https://a/\nb" }), {
      maxBytes: 400,
      colors: false,
    });
    assert.doesNotMatch(line, /[\r\n\0\x01\x02\x03]/);
  });

  it("a field starting with a comma and digits cannot become our colour's background", () => {
    const line = renderIrc(summary({ title: ",04x.y", link: ",01,01" }), { maxBytes: 400 });
    assert.doesNotMatch(line, /\x03\d\d,\d/, line);
  });

  it("computes the budget from the real prefix and the target", () => {
    assert.equal(ircTextBudget("bot!~u@host", "PRIVMSG", "#c"), 510 - ":bot!~u@host PRIVMSG #c :".length);
    assert.equal(ircTextBudget("bot!~u@host", "NOTICE", "#ü"), 510 - ":bot!~u@host NOTICE #ü :".length - 1);
    assert.ok(ircTextBudget(null, "PRIVMSG", "#c") < ircTextBudget("bot!u@h", "PRIVMSG", "#c"));
  });

  it("truncates at grapheme boundaries with an ellipsis", () => {
    assert.equal(truncateBytes("abc", 3), "abc");
    assert.equal(truncateBytes("abcdef", 5), "ab" + IRC_ELLIPSIS);
    const family = "👨‍👩‍👧‍👦"; // 25 bytes, one grapheme
    assert.equal(truncateBytes(family.repeat(3), 60), family.repeat(2) + IRC_ELLIPSIS);
    assert.equal(truncateBytes("e\u0301".repeat(5), 8), "e\u0301" + IRC_ELLIPSIS);
  });

  it("cuts the text, never the link, to the exact byte budget", () => {
    for (const unit of ["a", "é", "漢", "😀", "👍🏽"]) {
      for (let budget = 120; budget < 140; budget++) {
        const line = renderIrc(summary({ text: unit.repeat(200) }), { maxBytes: budget, colors: true });
        assert.ok(utf8Bytes(line) <= budget, `${unit} ${budget}: ${utf8Bytes(line)}`);
        assert.ok(line.endsWith("\x0310https://koji.fedoraproject.org/koji/buildinfo?buildID=1\x0f"));
        assert.ok(line.includes(IRC_ELLIPSIS + " "));
        assert.ok(utf8Bytes(line) > budget - 4 - utf8Bytes(unit), "no more than one grapheme and the ellipsis short");
        assert.ok(Buffer.from(line, "utf8").toString("utf8") === line);
      }
    }
  });

  it("drops the link only when even the title and link do not fit", () => {
    const link = `https://example.org/${"x".repeat(150)}`;
    const line = renderIrc(summary({ link }), { maxBytes: 120, colors: false });
    assert.ok(utf8Bytes(line) <= 120);
    assert.ok(!line.includes("https://"), "a cut link would lead nowhere");
  });
});
