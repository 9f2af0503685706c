/**
 * Hardening finding 13: the link shortener reads at most a small answer (a 10 MB or endless answer
 * is cut off, not read whole before the length check), and bidi or control characters in a short
 * link never reach an IRC line.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { LinkShortener } from "../../../bots/irc/shortener.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";

describe("IRC link shortener against a hostile service (hardening finding 13)", () => {
  let server: http.Server;
  let base: string;
  let written = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      const target = new URL(req.url ?? "/", "http://x").searchParams.get("url") ?? "";
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      if (target.includes("huge")) {
        res.writeHead(200, { "content-type": "text/plain", "content-length": String(10 * 1024 * 1024) });
      } else if (target.includes("endless")) {
        res.writeHead(200, { "content-type": "text/plain" });
      } else if (target.includes("bidi")) {
        return void res.writeHead(200).end("https://da.gd/\u202Eevil\u2066x\u0003\u0004y\n");
      } else return void res.writeHead(200).end("https://da.gd/ok\n");
      const pump = (): void => {
        while (!res.destroyed && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s?url={url}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("gives back the original link for a 10 MB or an endless answer, without reading it all", async () => {
    for (const link of ["https://x.org/huge", "https://x.org/endless"]) {
      written = 0;
      const metrics = new Metrics();
      const s = new LinkShortener({ url: base, timeout_ms: 10_000 }, silentLogger(), metrics, "irc:test");
      assert.equal(await s.shorten(link), link);
      assert.equal(metrics.total("irc_shortener_failures"), 1);
      assert.ok(written < 8 * 1024 * 1024, `${link}: the service wrote ${written} bytes`);
    }
  });

  it("strips bidi and control characters from a short link", async () => {
    const s = new LinkShortener({ url: base, timeout_ms: 2000 }, silentLogger(), new Metrics(), "irc:test");
    assert.equal(await s.shorten("https://x.org/bidi"), "https://da.gd/evilxy");
    assert.equal(await s.shorten("https://x.org/fine"), "https://da.gd/ok");
  });
});
