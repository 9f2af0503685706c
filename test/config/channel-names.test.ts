/**
 * Hardening finding 7: channel names are checked the same way in the string and the object form
 * (RFC 2812 channel prefixes, no comma, space, CR, LF, NUL or BEL), and metrics_listen's port is a port.
 */
import assert from "node:assert/strict";
import { ConfigError } from "../../config/errors.js";
import { parseConfig } from "../../config/load.js";

const base = { network: "irc.libera.chat", nickname: "fedmsg-bot" };

function problemKeys(value: unknown): string[] {
  try {
    parseConfig(value);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.key);
    throw err;
  }
  return [];
}

describe("config: IRC channel names and metrics_listen (hardening finding 7)", () => {
  for (const bad of ["nochan", "#a,#b", "#x y", "#x\r\nQUIT", "#x\ny", "#nul\0", "#bel\x07", "#", "", "#tab\there"]) {
    it(`refuses ${JSON.stringify(bad)} as a plain string and as an object`, () => {
      assert.deepEqual(problemKeys({ irc: [{ ...base, channels: [bad] }] }), ["irc.0.channels.0.name"]);
      assert.deepEqual(problemKeys({ irc: [{ ...base, channels: [{ name: bad }] }] }), ["irc.0.channels.0.name"]);
    });
  }

  for (const good of ["#fedora-fedmsg", "&local", "+modeless", "!12345chan", "#日本語", "##fedora"]) {
    it(`takes ${good} in both forms`, () => {
      for (const form of [good, { name: good }]) {
        const c = parseConfig({ irc: [{ ...base, channels: [form] }] });
        assert.deepEqual(
          c.irc[0]?.channels.map((ch) => ch.name),
          [good],
        );
      }
    });
  }

  // One channel listed twice in a connection would get each line twice; IRC channel names are case-insensitive.
  for (const [a, b] of [
    ["#fedora", "#fedora"],
    ["#Fedora-Fedmsg", "#fedora-fedmsg"],
  ] as const) {
    it(`refuses ${a} and ${b} in one connection, naming the second`, () => {
      assert.deepEqual(problemKeys({ irc: [{ ...base, channels: [a, { name: b }] }] }), ["irc.0.channels.1.name"]);
    });
  }

  for (const bad of ["0.0.0.0:99999", "127.0.0.1:65536", "[::1]:70000"]) {
    it(`refuses metrics_listen ${bad}`, () => {
      assert.deepEqual(problemKeys({ metrics_listen: bad }), ["metrics_listen"]);
    });
  }

  it("takes metrics_listen with a port from 0 to 65535", () => {
    for (const ok of ["127.0.0.1:9464", "[::1]:65535", "localhost:0"]) assert.equal(parseConfig({ metrics_listen: ok }).metrics_listen, ok);
  });
});
