import { strict as assert } from "node:assert";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { createLogger } from "../../bots/log.js";
import { REDACTED, SECRET_KEYS, URL_KEYS, readAmqplib, readWhatwg, redactUrl } from "../../config/secrets.js";

// The parsers themselves: WHATWG's (Node's URL, used by fetch) and the url-parse that amqplib
// loads from its own dependencies (lib/connect.js), required from amqplib's directory.
const requireFromAmqplib = createRequire(createRequire(import.meta.url).resolve("amqplib"));
const amqplibUrlParse = requireFromAmqplib("url-parse") as (
  url: string,
  parseQuery: boolean,
) => { username: string; password: string; host: string; pathname: string };

interface Parsed {
  username: string;
  password: string;
  host: string;
  pathname: string;
}
const PARSERS: Record<string, (url: string) => Parsed | undefined> = {
  WHATWG: (url) => {
    try {
      return new URL(url);
    } catch {
      return undefined;
    }
  },
  amqplib: (url) => amqplibUrlParse(url, true),
};

const TRICKY = [
  "amqps://user:p@ss@host",
  "amqps://user:p@ss@host:5671/%2Fpubsub?heartbeat=30",
  "amqp://us@er:pw@host/vh",
  "amqp://:only-password@host",
  "amqp://user:pa%40ss@host",
  "amqp://u:p:q@host",
  "amqp://u:a@b@c@host/v@h",
  "https://bot:s3cr3t@da.gd/s?url={url}",
  "https://bot:p@ss@short.example/s?url={url}",
];

describe("config/secrets: URL credentials", () => {
  it("amqps://user:p@ss@host loses the whole password, as both parsers read it", () => {
    assert.equal(redactUrl("amqps://user:p@ss@host"), `amqps://user:${REDACTED}@host`);
    for (const read of [readAmqplib, readWhatwg]) assert.equal(redactUrl("amqps://user:p@ss@host", read), `amqps://user:${REDACTED}@host`);
  });

  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`the password ${name} reads is gone; user name, host and path stay as ${name} reads them`, () => {
      for (const url of TRICKY) {
        const before = parse(url);
        assert.ok(before, url);
        assert.notEqual(before.password, "", url);
        const shown = redactUrl(url);
        const secret = decodeURIComponent(before.password);
        assert.ok(!shown.includes(secret) && !shown.includes(before.password), `${url} -> ${shown}`);
        const after = parse(shown);
        assert.ok(after, shown);
        assert.deepEqual(
          [after.username, after.host, after.pathname],
          [before.username, before.host, before.pathname],
          `${url} -> ${shown}`,
        );
      }
    });
  }

  it("a password meant but not read as one (an unescaped / ? #) goes with everything before the last @", () => {
    for (const url of ["amqp://u:p/x@host/vh", "amqp://u:p?x@host", "amqp://u:p#x@host"]) {
      assert.equal(amqplibUrlParse(url, true).password, "", url);
      assert.equal(redactUrl(url), `amqp://${REDACTED}@host${url.endsWith("/vh") ? "/vh" : ""}`);
    }
  });

  it("a URL without a password is left as written", () => {
    for (const url of ["amqp://guest@127.0.0.1:5672/%2F", "amqps://rabbitmq.example/%2Fpubsub", "https://da.gd/s?url={url}"])
      assert.equal(redactUrl(url), url);
  });

  it("credentials in the query (ioredis reads ?password=) go, as does a Redis password with an @ in it", () => {
    const url = "redis://127.0.0.1:6379/0?password=hunter2&db=0";
    const out = redactUrl(url);
    assert.equal(out, `redis://127.0.0.1:6379/0?password=${REDACTED}&db=0`);
    assert.equal(new URL(out).searchParams.get("password"), REDACTED, "the parser reads the redacted value as the password");
    assert.equal(new URL(out).searchParams.get("db"), "0");
    const withAt = redactUrl("redis://default:p@ssw0rd@redis.example:6379");
    assert.equal(withAt, `redis://default:${REDACTED}@redis.example:6379`);
    assert.doesNotMatch(withAt, /ssw0rd/);
    assert.equal(
      redactUrl("amqps://broker.example/%2F?auth=s3cret;heartbeat=30"),
      `amqps://broker.example/%2F?auth=${REDACTED};heartbeat=30`,
    );
  });

  it("a URL the parser refuses is redacted whole", () => {
    assert.equal(redactUrl("https://user:pw@[::1"), REDACTED);
  });
});

describe("config/secrets: the logger", () => {
  it("blanks every secret key and the credentials of a url, top level and one down", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const log = createLogger("info", out);
    const secrets = Object.fromEntries(SECRET_KEYS.map((k, i) => [k, `secret-${i}`]));
    const [urlKey = "url"] = URL_KEYS;
    log.info({ ...secrets, nested: secrets, [urlKey]: "amqps://user:p@ss@host/vh", sink: { [urlKey]: "https://u:p@ss@h/x" } }, "x");
    log.flush();
    await new Promise((r) => setImmediate(r));
    SECRET_KEYS.forEach((_k, i) => assert.doesNotMatch(text, new RegExp(`secret-${i}`)));
    assert.doesNotMatch(text, /ss@/);
    const line = JSON.parse(text) as { url: string; sink: { url: string } };
    assert.equal(line.url, `amqps://user:${REDACTED}@host/vh`);
    assert.equal(line.sink.url, `https://u:${REDACTED}@h/x`);
  });
});
