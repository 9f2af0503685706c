import { strict as assert } from "node:assert";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMatrixApi, MATRIX_RESPONSE_MAX_BYTES } from "../../../bots/matrix/api.js";
import { freePort } from "../../helpers/collect.js";
import { classify, MatrixHttpError, MatrixNetworkError, MatrixResponseError, MatrixTimeoutError } from "../../../bots/matrix/errors.js";

describe("matrix client", () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
  beforeEach(async () => {
    seen.length = 0;
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        handler(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  const api = (timeoutMs = 2000) => createMatrixApi({ homeserver: url, accessToken: "secret-token", timeoutMs });

  it("sends the token as a Bearer header, JSON bodies, and encodes room ids and txn ids in the path", async () => {
    handler = (_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ event_id: "$e" }));
    assert.deepEqual(await api().send("!a/b:x.org", "fe/1", { body: "hi" }), { event_id: "$e" });
    assert.equal(seen[0]?.method, "PUT");
    assert.equal(seen[0].url, "/_matrix/client/v3/rooms/!a%2Fb%3Ax.org/send/m.room.message/fe%2F1");
    assert.equal(seen[0].auth, "Bearer secret-token");
    assert.deepEqual(JSON.parse(seen[0].body), { body: "hi" });
  });

  it("joins with via and server_name as repeated parameters", async () => {
    handler = (_req, res) => res.writeHead(200).end(JSON.stringify({ room_id: "!r:x" }));
    await api().join("!r:x", ["a.org", "b.org"]);
    assert.equal(seen[0]?.url, "/_matrix/client/v3/join/!r%3Ax?via=a.org&via=b.org&server_name=a.org&server_name=b.org");
  });

  it("refuses a body over the bound, declared or streamed", async () => {
    handler = (_req, res) => res.writeHead(200, { "Content-Length": String(MATRIX_RESPONSE_MAX_BYTES + 1) }).end();
    await assert.rejects(api().whoami(), (e: unknown) => e instanceof MatrixResponseError && /over the \d+-byte bound/.test(e.message));
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < MATRIX_RESPONSE_MAX_BYTES + chunk.length * 2) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    };
    await assert.rejects(api().whoami(), (e: unknown) => e instanceof MatrixResponseError && classify(e).kind === "retry");
  });

  it("puts a deadline on every request, also on a body that never ends", async () => {
    handler = () => undefined;
    const t = Date.now();
    await assert.rejects(api(200).whoami(), (e: unknown) => e instanceof MatrixTimeoutError && classify(e).kind === "retry");
    handler = (_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).write('{"user_id": ');
    await assert.rejects(api(200).whoami(), MatrixTimeoutError);
    assert.ok(Date.now() - t < 5000);
  });

  it("reads Matrix errors, HTML pages and retry hints", async () => {
    handler = (_req, res) =>
      res
        .writeHead(429, { "Content-Type": "application/json" })
        .end(JSON.stringify({ errcode: "M_LIMIT_EXCEEDED", error: "Too many", retry_after_ms: 1234 }));
    await assert.rejects(
      api().whoami(),
      (e: unknown) => e instanceof MatrixHttpError && e.retryAfterMs === 1234 && classify(e).kind === "rate-limited",
    );
    handler = (_req, res) => res.writeHead(429, { "Retry-After": "7" }).end("");
    await assert.rejects(api().whoami(), (e: unknown) => e instanceof MatrixHttpError && e.retryAfterMs === 7000);
    handler = (_req, res) => res.writeHead(502, { "Content-Type": "text/html" }).end("<html><body>Bad Gateway</body></html>");
    await assert.rejects(api().whoami(), (e: unknown) => e instanceof MatrixHttpError && e.body === "html" && classify(e).kind === "retry");
    handler = (_req, res) => res.writeHead(401).end(JSON.stringify({ errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token passed." }));
    await assert.rejects(
      api().whoami(),
      (e: unknown) => classify(e).kind === "unauthorized" && /M_UNKNOWN_TOKEN/.test(String(e)) && !/secret-token/.test(String(e)),
    );
    handler = (_req, res) => res.writeHead(200).end("not json");
    await assert.rejects(api().whoami(), MatrixResponseError);
  });

  it("reports a refused connection as a network error", async () => {
    const dead = createMatrixApi({ homeserver: `http://127.0.0.1:${await freePort()}`, accessToken: "t", timeoutMs: 2000 });
    await assert.rejects(dead.whoami(), (e: unknown) => e instanceof MatrixNetworkError && /ECONNREFUSED/.test(e.message));
  });

  it("answers null for a room without m.room.encryption (404)", async () => {
    handler = (_req, res) => res.writeHead(404).end(JSON.stringify({ errcode: "M_NOT_FOUND", error: "Event not found." }));
    assert.equal(await api().encryption("!r:x"), null);
  });
});
