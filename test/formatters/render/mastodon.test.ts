import { strict as assert } from "node:assert";
import { graphemeCount, mastodonLength, neutraliseEntities, renderMastodon } from "../../../formatters/index.js";
import { hashtagsIn, mentionsIn, statusLength } from "../../bots/mastodon/double-text.js";
import { summary } from "../../helpers/sink-tests.js";

const LINK = "https://koji.fedoraproject.org/koji/taskinfo?taskID=123456789";

describe("mastodon renderer", () => {
  it("puts the text, then the link on its own line, then the service's hashtags", () => {
    const r = renderMastodon(summary("bob built rpm-4.20", LINK), { hashtags: ["koji", "#fedora"] });
    assert.equal(r.status, `bob built rpm-4.20\n${LINK}\n#koji #fedora`);
    assert.equal(r.truncated, false);
    assert.deepEqual(hashtagsIn(r.status), ["koji", "fedora"]);
  });

  it("leaves out a link holding a bidi control or a lone surrogate, which would reorder or break the status", () => {
    for (const bad of ["https://example.org/a?b=c#d\u2069", "https://example.org/\u202eevil", "https://example.org/\ud800x"]) {
      const { status } = renderMastodon(summary("a build", bad));
      assert.ok(!status.includes("example.org"), JSON.stringify(status));
      assert.doesNotMatch(status, /[\u202a-\u202e\u2066-\u2069]/);
    }
    assert.match(renderMastodon(summary("a build", "https://example.org/caf%C3%A9")).status, /https:\/\/example\.org\/caf%C3%A9/);
  });

  it("leaves out template lines whose placeholders are all empty", () => {
    assert.equal(renderMastodon(summary("no link here", null)).status, "no link here");
    assert.equal(
      renderMastodon(summary("x", LINK), { template: "[{app}] {title}: {text}\n{link}" }).status,
      `[koji] buildsys.build.state.change: x\n${LINK}`,
    );
  });

  it("counts like Mastodon: graphemes, URLs as the URL weight, @user@domain as @user", () => {
    assert.equal(mastodonLength("👨‍👩‍👧‍👦🇫🇷é"), 3); // a ZWJ family, a flag, e + combining accent
    assert.equal(mastodonLength("日本語のテキスト"), 8);
    assert.equal(mastodonLength(`see ${LINK}`), 4 + 23);
    assert.equal(mastodonLength(`see ${LINK}`, "", 30), 4 + 30);
    assert.equal(mastodonLength("hi @alice@fosstodon.org"), "hi @alice".length);
    assert.equal(mastodonLength("abc", "CW!"), 6);
    // Trailing punctuation is outside the URL; a reserved TLD is no URL at all.
    assert.equal(mastodonLength(`(${LINK}).`), 1 + 23 + 2);
    assert.equal(mastodonLength("http://build.internal/a/very/long/path/that/counts/in/full"), 58);
  });

  it("neutralises mentions and hashtags from payload text, but not links, e-mail addresses or issue numbers", () => {
    const text = "@someone@example.org and (@root) fixed #koji #1234 for a@b.org, see https://pagure.io/@user/repo#c1 ＠wide";
    const out = neutraliseEntities(text);
    assert.deepEqual(mentionsIn(out), []);
    assert.deepEqual(hashtagsIn(out), []);
    assert.ok(out.includes("https://pagure.io/@user/repo#c1"));
    assert.ok(out.includes("a@b.org") && out.includes("#1234"));
    // The double really does see mentions in the raw text: the check above can fail.
    assert.deepEqual(mentionsIn(text), ["someone@example.org", "root"]);
    assert.deepEqual(hashtagsIn(text), ["koji"]);
  });

  it("neutralises the hashtags and mentions Mastodon finds after non-ASCII letters, in digit names with separators, and after other numbers", () => {
    const text = "café#fedora 日本#タグ build #1_2 and #12·3 for ²@alice";
    assert.notDeepEqual(hashtagsIn(text), []);
    assert.notDeepEqual(mentionsIn(text), []);
    const out = neutraliseEntities(text);
    assert.deepEqual(hashtagsIn(out), []);
    assert.deepEqual(mentionsIn(out), []);
    // Still left alone: issue numbers, e-mail addresses, C#.
    assert.equal(neutraliseEntities("#1234 a@b.org C#"), "#1234 a@b.org C#");
  });

  it("removes control characters and folds line breaks from payload text", () => {
    assert.equal(renderMastodon(summary("a\r\nb\u0000c\u202Ed", null)).status, "a bcd");
  });

  it("truncates the text with an ellipsis and keeps the link and hashtags whole", () => {
    const r = renderMastodon(summary("word ".repeat(200), LINK), { hashtags: ["koji"] });
    assert.equal(r.truncated, true);
    assert.ok(r.length <= 500);
    assert.equal(r.length, statusLength(r.status, "", 23));
    assert.match(r.status, new RegExp(`word…\\n${LINK.replace(/[?]/g, "\\?")}\\n#koji$`));
  });

  it("never cuts inside a URL of the payload text", () => {
    const text = `${"x".repeat(460)} https://bodhi.fedoraproject.org/updates/FEDORA-2026-${"a".repeat(80)} tail`;
    const r = renderMastodon(summary(text, LINK));
    assert.ok(r.length <= 500);
    const first = r.status.split("\n")[0] ?? "";
    assert.ok(first.endsWith(`FEDORA-2026-${"a".repeat(80)} …`) || first.endsWith("x…"), first.slice(-40));
  });

  it("counts a payload URL on a private TLD at full length, as Mastodon does, and stays within the limit", () => {
    const local = `https://builder.lan/logs/${"x".repeat(60)}/build.log`;
    assert.equal(mastodonLength(local), local.length);
    const r = renderMastodon(summary(`${"word ".repeat(80)}${local} ${local}`, LINK));
    assert.ok(statusLength(r.status, "", 23) <= 500, `double counts ${statusLength(r.status, "", 23)}`);
  });

  it("fits the limit with a content warning, emoji and CJK", () => {
    const text = "🎉 リリース完了 ".repeat(80);
    const r = renderMastodon(summary(text, LINK), { spoilerText: "Rawhide compose", maxCharacters: 300 });
    assert.equal(r.spoilerText, "Rawhide compose");
    assert.ok(r.length <= 300 && r.length >= 290, String(r.length));
    assert.equal(statusLength(r.status, r.spoilerText, 23), r.length);
    assert.ok(!/\uFFFD/.test(r.status) && graphemeCount(r.status) > 0);
  });

  it("stays within the limit, as the double counts, over many tricky texts", () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      "word",
      "👩🏽‍💻",
      "🇯🇵",
      "漢字",
      "é",
      "e\u0301",
      "@bob@example.org",
      "#tag",
      LINK,
      "https://src.fedoraproject.org/rpms/kernel/c/0123456789abcdef0123456789abcdef01234567?branch=rawhide",
      "(x)",
      "!",
      " ",
      "  ",
    ];
    for (let i = 0; i < 120; i++) {
      const text = Array.from({ length: 20 + rnd(200) }, () => pieces[rnd(pieces.length)]).join(" ");
      const max = 100 + rnd(500);
      const spoiler = rnd(3) === 0 ? "CW: spam 🙈" : null;
      const r = renderMastodon(summary(text, rnd(4) === 0 ? null : LINK), {
        maxCharacters: max,
        spoilerText: spoiler,
        hashtags: rnd(2) ? ["fedora"] : [],
      });
      const server = statusLength(r.status, r.spoilerText ?? "", 23);
      assert.ok(server <= max, `double counts ${server} > ${max}: ${JSON.stringify(r.status)}`);
      assert.ok(r.length >= server, "the renderer never counts less than the server");
      assert.deepEqual(mentionsIn(r.status), []);
    }
  });

  it("counts graphemes exactly as Intl.Segmenter does, with its ASCII fast path", () => {
    const seg = new Intl.Segmenter("en", { granularity: "grapheme" });
    const pieces = ["a", " ", "\r", "\n", "\u0301", "\u0600", "1", "👩🏽‍💻", "🇯🇵", "\u200d", "漢", "\u0915\u094d", "\ufe0f"];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: i % 12 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return pieces[seed % pieces.length];
      }).join("");
      assert.equal(graphemeCount(s), [...seg.segment(s)].length, JSON.stringify(s));
    }
  });

  it("shortens an oversized content warning rather than exceed the limit", () => {
    const r = renderMastodon(summary("text", LINK), { spoilerText: "w".repeat(120), maxCharacters: 100 });
    assert.ok(r.length <= 100);
    assert.ok(r.status.includes(LINK));
  });
});
