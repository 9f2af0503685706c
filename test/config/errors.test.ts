import { strict as assert } from "node:assert";
import { ConfigError, StartError } from "../../config/errors.js";
import { IrcAuthError, IrcConfigError, IrcTlsError } from "../../bots/irc/errors.js";
import { MastodonAuthError, MastodonScopeError, MastodonStartError } from "../../bots/mastodon/errors.js";

describe("config/errors: start errors", () => {
  it("every error that stops a start is a StartError the CLI maps to a heading and exit status 1", () => {
    const cause = new Error("underneath");
    const cases: [StartError, string][] = [
      [new ConfigError([{ file: "a.yaml", key: "irc.0.port", reason: "too big" }]), "bad config"],
      [new IrcConfigError("irc ca_file: cannot read /x: ENOENT", { cause }), "bad config"],
      [new IrcTlsError("irc.example", "TLS certificate refused", { cause }), "cannot start"],
      [new IrcAuthError("irc.example", "SASL PLAIN failed"), "cannot start"],
      [new MastodonStartError("https://m.example", "start failed", { cause }), "cannot start"],
      [new MastodonAuthError("https://m.example", "HTTP 401"), "cannot start"],
      [new MastodonScopeError("https://m.example", "write:statuses", "HTTP 403"), "cannot start"],
    ];
    for (const [err, heading] of cases) {
      assert.ok(err instanceof StartError, err.name);
      assert.equal(err.heading, heading, err.name);
      assert.equal(err.exitCode, 1, err.name);
    }
    assert.equal(cases[1]?.[0].cause, cause);
  });
});
