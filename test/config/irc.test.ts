import assert from "node:assert/strict";
import { ConfigError } from "../../config/errors.js";
import { parseConfig } from "../../config/load.js";
import { IRC_DEFAULT_TEMPLATE } from "../../formatters/render/irc.js";

const base = { network: "irc.libera.chat", nickname: "fedmsg-bot", channels: ["#fedora-fedmsg"] };

describe("IRC config", () => {
  it("fills the defaults an operator can rely on", () => {
    const [c] = parseConfig({ irc: [base] }).irc;
    assert.ok(c);
    assert.equal(c.port, 6697);
    assert.equal(c.tls, true);
    assert.deepEqual(c.limit, { burst: 4, rate: 1, queue_max: 100 });
    assert.equal(c.channels[0]?.name, "#fedora-fedmsg");
    assert.equal(c.channels[0].template, IRC_DEFAULT_TEMPLATE);
    assert.equal(c.channels[0].colors, true);
    assert.equal(c.channels[0].notice, false);
    assert.equal(c.reconnect_max_ms, 300_000);
  });

  it("takes channel objects with key, filters, template, colours and NOTICE", () => {
    const [c] = parseConfig({
      irc: [
        {
          ...base,
          channels: [
            {
              name: "#x",
              key: "k",
              colors: false,
              notice: true,
              template: "[{app}] {text} {link}",
              filters: { include: ["org.fedoraproject.*.bodhi.**"] },
            },
          ],
        },
      ],
    }).irc;
    const ch = c?.channels[0];
    assert.equal(ch?.key, "k");
    assert.deepEqual(ch.filters.include, ["org.fedoraproject.*.bodhi.**"]);
    assert.deepEqual(ch.filters.exclude, [], "the filter keys not given keep their defaults");
    assert.equal(ch.template, "[{app}] {text} {link}");
    assert.equal(ch.colors, false);
    assert.equal(ch.notice, true);
  });

  for (const [what, over, key] of [
    ["SASL PLAIN without a password", { sasl_mechanism: "PLAIN" }, "irc.0.sasl_password"],
    ["SASL EXTERNAL without a certificate", { sasl_mechanism: "EXTERNAL" }, "irc.0.client_cert_file"],
    ["an unknown colour", { service_colors: { koji: "mauve" } }, "irc.0.service_colors.koji"],
    ["a template without {text}", { channels: [{ name: "#x", template: "{title}" }] }, "irc.0.channels.0"],
    ["an unknown key", { nick: "x" }, "irc.0.nick"],
    // Lines the wire guard would refuse: every message, the registration or the QUIT would be lost.
    ["a template with a line break", { channels: [{ name: "#x", template: "{title}\n{text}" }] }, "irc.0.channels.0"],
    ["a template with a CTCP marker", { channels: [{ name: "#x", template: "\x01ACTION {text}\x01" }] }, "irc.0.channels.0"],
    ["a channel key with a space", { channels: [{ name: "#x", key: "open sesame" }] }, "irc.0.channels.0"],
    ["a real name with a line break", { realname: "fedmsg\r\nQUIT :x" }, "irc.0.realname"],
    ["a quit message with a line break", { quit_message: "bye\nJOIN #x" }, "irc.0.quit_message"],
    ["a NickServ password with a line break", { nickserv_password: "pw\nQUIT" }, "irc.0.nickserv_password"],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => parseConfig({ irc: [{ ...base, ...over }] }),
        (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.key.startsWith(key)),
      );
    });
  }
});
