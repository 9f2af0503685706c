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
    assert.equal(c.channels[0]?.template, IRC_DEFAULT_TEMPLATE);
    assert.equal(c.channels[0]?.colors, true);
    assert.equal(c.channels[0]?.notice, false);
    assert.equal(c.reconnect_max_ms, 300_000);
  });

  it("takes channel objects with key, filters, template, colours and NOTICE", () => {
    const [c] = parseConfig({
      irc: [{ ...base, channels: [{ name: "#x", key: "k", colors: false, notice: true, template: "[{app}] {text} {link}", filters: { include: ["org.fedoraproject.*.bodhi.**"] } }] }],
    }).irc;
    assert.equal(c?.channels[0]?.key, "k");
    assert.equal(c?.channels[0]?.notice, true);
  });

  for (const [what, over, key] of [
    ["SASL PLAIN without a password", { sasl_mechanism: "PLAIN" }, "irc.0.sasl_password"],
    ["SASL EXTERNAL without a certificate", { sasl_mechanism: "EXTERNAL" }, "irc.0.client_cert_file"],
    ["an unknown colour", { service_colors: { koji: "mauve" } }, "irc.0.service_colors.koji"],
    ["a template without {text}", { channels: [{ name: "#x", template: "{title}" }] }, "irc.0.channels.0"],
    ["an unknown key", { nick: "x" }, "irc.0.nick"],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(() => parseConfig({ irc: [{ ...base, ...over }] }), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.key.startsWith(key)));
    });
  }
});
