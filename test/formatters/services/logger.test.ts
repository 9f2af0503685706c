import { strict as assert } from "node:assert";
import { fedmsg } from "../../helpers/fixtures.js";

describe("logger (fedmsg)", () => {
  it("logger.log with a line", () => {
    const s = fedmsg("logger.log", { log: "mass rebuild started" }, { envelope: { username: "releng" } });
    assert.equal(s.text, "mass rebuild started (releng)");
    assert.equal(s.long, "mass rebuild started (releng)");
    assert.deepEqual(s.usernames, ["releng"]);
    assert.equal(s.agent, "releng");
    assert.equal(s.link, null);
  });

  it("logger.log with a custom JSON payload shows it in the long form", () => {
    const s = fedmsg("logger.log", { step: "sign", count: 3 }, { envelope: { username: "root" } });
    assert.equal(s.text, "<custom JSON message> (root)");
    assert.equal(s.long, 'A custom JSON message was logged by root::\n\n    "msg": {\n        "step": "sign",\n        "count": 3\n    }');
  });

  it("old messages without a username", () => {
    assert.equal(fedmsg("logger.log", { log: "hello" }).text, "hello (none)");
  });

  it("other logger topics", () => {
    assert.equal(fedmsg("logger.something", { x: 1 }).text, "<unhandled log message>");
  });
});
