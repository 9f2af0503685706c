import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors.js";
import { loadConfig, redactConfig } from "../../config/load.js";

describe("config loading", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  function problemsOf(fn: () => unknown): { file: string | null; key: string; reason: string }[] {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
      return [...err.problems];
    }
    assert.fail("expected a ConfigError");
  }

  it("gives the defaults with no file", () => {
    const { config } = loadConfig(undefined);
    assert.equal(config.environment, "prod");
    assert.equal(config.topic_prefix, "org.fedoraproject");
    assert.deepEqual(config.zmq.subscribe, [""]);
    assert.equal(config.zmq.rcvhwm, 10_000);
    assert.deepEqual(config.irc, []);
  });

  it("merges a directory recursively in file-name order, later files winning", () => {
    write("20-endpoints.yaml", "endpoints:\n  bodhi: [tcp://127.0.0.1:3000]\nzmq:\n  reconnect_ms: 500\n");
    write(
      "10-base.json",
      JSON.stringify({ environment: "stg", endpoints: { koji: ["tcp://127.0.0.1:3001"] }, zmq: { reconnect_ms: 200, rcvhwm: 5 } }),
    );
    write("30-override.yml", "environment: dev\n");
    write("README.txt", "not a config file: ignored");
    const { config, files } = loadConfig(dir);
    assert.deepEqual(
      files.map((f) => f.slice(dir.length + 1)),
      ["10-base.json", "20-endpoints.yaml", "30-override.yml"],
    );
    assert.equal(config.environment, "dev");
    assert.deepEqual(config.endpoints, { koji: ["tcp://127.0.0.1:3001"], bodhi: ["tcp://127.0.0.1:3000"] });
    assert.equal(config.zmq.reconnect_ms, 500); // 20 overrides 10
    assert.equal(config.zmq.rcvhwm, 5); // kept from 10: maps merge key by key
  });

  it("expands ${VAR} and ${VAR:-default} from the environment", () => {
    const f = write("c.yaml", 'topic_prefix: ${PREFIX}\nendpoints:\n  a: ["tcp://${HOST:-127.0.0.1}:${PORT}"]\n');
    const { config } = loadConfig(f, { PREFIX: "org.example", PORT: "4000" });
    assert.equal(config.topic_prefix, "org.example");
    assert.deepEqual(config.endpoints.a, ["tcp://127.0.0.1:4000"]);
  });

  it("names the file and key of a missing environment variable", () => {
    const f = write("c.yaml", "topic_prefix: ${NOPE_NOT_SET}\n");
    const [p] = problemsOf(() => loadConfig(f, {}));
    assert.deepEqual(p, { file: f, key: "topic_prefix", reason: "environment variable NOPE_NOT_SET is not set" });
  });

  it("reads secrets from <key>_file", () => {
    const secret = write("token.txt", "s3cr3t-token\n");
    const f = write("c.yaml", `mastodon:\n  - instance: https://fosstodon.example\n    access_token_file: ${secret}\n`);
    const { config } = loadConfig(f, {});
    assert.equal(config.mastodon[0]?.access_token, "s3cr3t-token");
    assert.doesNotMatch(JSON.stringify(redactConfig(config)), /s3cr3t/);
  });

  it("reports an unknown key with the file it came from and its path", () => {
    write("10-a.yaml", "environment: stg\n");
    const b = write("20-b.yaml", "zmq:\n  reconect_ms: 100\n");
    const [p, ...rest] = problemsOf(() => loadConfig(dir, {}));
    assert.equal(rest.length, 0);
    assert.deepEqual(p, { file: b, key: "zmq.reconect_ms", reason: "unknown key" });
  });

  it("reports a wrong type with file, key path and reason", () => {
    const f = write(
      "c.yaml",
      "endpoints:\n  bodhi: tcp://127.0.0.1:3000\nirc:\n  - network: irc.example\n    nickname: bot\n    channels: ['#x']\n    port: '6697'\n",
    );
    const problems = problemsOf(() => loadConfig(f, {}));
    const keys = problems.map((p) => p.key).sort();
    assert.deepEqual(keys, ["endpoints.bodhi", "irc.0.port"]);
    for (const p of problems) {
      assert.equal(p.file, f);
      assert.match(p.reason, /expected (array|number)/i);
    }
  });

  it("reports a bad regular expression in a filter", () => {
    const f = write("c.yaml", "web:\n  filters:\n    include_regex: ['(unclosed']\n");
    const [p] = problemsOf(() => loadConfig(f, {}));
    assert.equal(p?.key, "web.filters.include_regex.0");
    assert.match(p.reason, /not a valid regular expression/);
  });

  it("reports YAML syntax errors and unreadable paths with the file", () => {
    const f = write("c.yaml", "endpoints: [unclosed\n");
    const [p] = problemsOf(() => loadConfig(f, {}));
    assert.equal(p?.file, f);
    assert.match(p.reason, /not valid YAML/);
    const [q] = problemsOf(() => loadConfig(join(dir, "missing.yaml"), {}));
    assert.match(q?.reason ?? "", /cannot read: ENOENT/);
  });

  it("redacts secrets but keeps the rest readable", () => {
    const f = write("c.yaml", "amqp:\n  url: amqps://fedora:hunter2@rabbitmq.example/%2Fpubsub\n");
    const shown = JSON.stringify(redactConfig(loadConfig(f, {}).config));
    assert.doesNotMatch(shown, /hunter2/);
    assert.match(shown, /amqps:\/\/fedora:<redacted>@rabbitmq\.example/);
  });
});

describe("the shipped example config", () => {
  it("passes the checks (with its secret files in place)", () => {
    const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-example-"));
    try {
      const secret = join(dir, "secret");
      writeFileSync(secret, "not-a-real-secret\n");
      const text = readFileSync(new URL("../../config/example.yaml", import.meta.url), "utf8").replace(/\/run\/secrets\/[\w-]+/g, secret);
      writeFileSync(join(dir, "example.yaml"), text);
      const { config } = loadConfig(join(dir, "example.yaml"), {});
      assert.equal(config.irc[0]?.channels.length, 2);
      assert.equal(config.mastodon[0]?.access_token, "not-a-real-secret");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
