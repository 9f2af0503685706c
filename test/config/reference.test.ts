import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { docComments, REFERENCE_FILE, renderReference } from "../../config/reference.js";
import { configSchema } from "../../config/schema.js";

describe("config/REFERENCE.md", function () {
  this.timeout(60_000);

  it("is in step with the schema (regenerate with `npm run reference`)", () => {
    assert.equal(
      readFileSync(REFERENCE_FILE, "utf8"),
      renderReference(),
      "config/REFERENCE.md differs from the schema: run `npm run reference`",
    );
  });

  it("has a row for every top-level key and for keys nested in lists and maps", () => {
    const text = readFileSync(REFERENCE_FILE, "utf8");
    for (const key of Object.keys(configSchema.shape)) assert.match(text, new RegExp(`^\\| \`${key}\` \\|`, "m"), key);
    for (const key of ["irc[].channels[].filters.exclude_regex", "mastodon[].budget.statuses", "endpoints.*", "zmq.rcvhwm"]) {
      assert.ok(text.includes(`| \`${key}\` |`), key);
    }
    assert.match(text, /^\| `irc\[\]\.port` \| integer ≥ 1, ≤ 65535 \| `6697` \|/m);
    assert.match(text, /^\| `irc\[\]\.network` \| string not empty \| \*\*required\*\* \| Server host name \(or address\)\. \|$/m);
  });

  it("takes the doc comments from the schema sources, across files", () => {
    const docs = docComments();
    assert.match(docs.get("zmq.rcvhwm") ?? "", /^Receive high-water mark, in messages per connection\./);
    assert.equal(docs.get("irc[].channels[].notice"), "Send NOTICE instead of PRIVMSG.");
    assert.match(docs.get("verify.routing_policy") ?? "", /Topic -> certificate common names/);
  });
});
