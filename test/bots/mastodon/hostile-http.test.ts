/**
 * Hardening finding 1: a hostile Mastodon server. Bodies are read up to a bound and the attempt is
 * given up past it (an endless chunked 200, a 300 MB Content-Length); a redirect of the status POST
 * to another origin is not followed (it would re-send the status, its Idempotency-Key and the token).
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { createMastodonApi } from "../../../bots/mastodon/api.js";
import { classify } from "../../../bots/mastodon/retry.js";
import { MASTODON_HTTP_BODY_MAX_BYTES, guardOrigin } from "../../../bots/http-guard.js";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: http.Server; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const POST = { status: "hello", spoilerText: null, visibility: "unlisted", language: null } as const;

describe("Mastodon client against a hostile server (hardening finding 1)", function () {
  this.timeout(30_000);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it("gives up on an endless chunked 200 after a bounded number of bytes", async () => {
    let written = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && written < 300 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) break;
        }
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => undefined);
      pump();
    });
    closers.push(s.close);
    const api = createMastodonApi(s.url, "token", 20_000);
    const err = await api.post(POST, "key-1").then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err, "rejected");
    const f = classify(err, Date.now());
    assert.equal(f.kind, "retry", JSON.stringify(f));
    assert.match(f.reason, /larger than|bytes/);
    // What the server managed to write before the bot hung up: the cap plus socket buffers.
    assert.ok(written < MASTODON_HTTP_BODY_MAX_BYTES + 16 * 1024 * 1024, `server wrote ${written} bytes`);
  });

  it("gives up at once on a 300 MB Content-Length", async () => {
    let written = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(300 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && written < 300 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) break;
        }
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    closers.push(s.close);
    const api = createMastodonApi(s.url, "token", 20_000);
    const err = await api.verifyCredentials().then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err, "rejected");
    assert.equal(classify(err, Date.now()).kind, "retry");
    assert.ok(written < 32 * 1024 * 1024, `server wrote ${written} bytes`);
  });

  it("does not follow a 307 of the status POST to another origin", async () => {
    const elsewhere: string[] = [];
    const other = await serve((req, res) => {
      elsewhere.push(
        `${req.method ?? ""} ${req.url ?? ""} ${String(req.headers["idempotency-key"] ?? "")} ${req.headers.authorization ?? ""}`,
      );
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "The access token is invalid" }));
    });
    closers.push(other.close);
    const s = await serve((req, res) => {
      res.writeHead(307, { location: `${other.url}${req.url ?? "/"}` }).end();
    });
    closers.push(s.close);
    const api = createMastodonApi(s.url, "token", 20_000);
    const err = await api.post(POST, "key-2").then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err, "rejected");
    assert.deepEqual(elsewhere, [], "nothing reached the other origin");
    const f = classify(err, Date.now());
    assert.notEqual(f.kind, "reject", "not mistaken for a refused token");
    assert.match(f.reason, /redirect/i);
  });

  it("still reads normal answers", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/api/v1/accounts/verify_credentials") {
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "1", acct: "bot", bot: true }));
      }
      if (req.url === "/api/v1/statuses" && req.method === "POST") {
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "7", url: "https://x/7" }));
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    });
    closers.push(s.close);
    assert.deepEqual(await createMastodonApi(s.url, "token", 5000).verifyCredentials(), { acct: "bot", bot: true });
    assert.equal((await createMastodonApi(s.url, "token", 5000).post(POST, "key-3")).id, "7");
  });

  it("an abort (the request deadline, the shutdown) ends a hung request through the guard, also when garbage collections run meanwhile", async () => {
    // A server that takes the request and never answers.
    const s = await serve(() => undefined);
    closers.push(s.close);
    guardOrigin(s.url, { maxBodyBytes: MASTODON_HTTP_BODY_MAX_BYTES });
    // The collections the bug needed: a Request held only weakly lost its abort at the first one.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const collecting = setInterval(gc, 20);
    try {
      for (let i = 0; i < 5; i++) {
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(new Error("deadline")), 150);
        let hung: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          fetch(`${s.url}/api/v1/statuses`, { method: "POST", body: "{}", signal: ac.signal }).then(
            () => "answered",
            (err: unknown) => (ac.signal.aborted ? "aborted" : `failed: ${String(err)}`),
          ),
          new Promise<string>((resolve) => (hung = setTimeout(() => resolve("still hanging 10 s after the abort"), 10_150))),
        ]);
        clearTimeout(timer);
        clearTimeout(hung);
        assert.equal(outcome, "aborted", `request ${i}`);
      }
    } finally {
      clearInterval(collecting);
    }
  });

  it("a Request with a body to an origin the guard does not cover passes as it came (body, method)", async () => {
    const guardedServer = await serve(() => undefined);
    closers.push(guardedServer.close);
    guardOrigin(guardedServer.url, { maxBodyBytes: MASTODON_HTTP_BODY_MAX_BYTES });
    const echo = await serve((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => res.end(`${req.method ?? ""} ${body}`));
    });
    closers.push(echo.close);
    const res = await fetch(new Request(`${echo.url}/x`, { method: "POST", body: "hello" }));
    assert.equal(await res.text(), "POST hello");
  });
});
