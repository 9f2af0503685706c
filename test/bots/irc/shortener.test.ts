import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { LinkShortener } from "../../../bots/irc/shortener.js";
import { silentLogger } from "../../../bots/log.js";
import { Metrics } from "../../../bots/metrics.js";

describe("IRC link shortener", () => {
  let server: http.Server;
  let base: string;
  const hanging: http.ServerResponse[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const target = url.searchParams.get("url") ?? "";
      if (target.includes("hang")) return void hanging.push(res);
      if (target.includes("fail")) return void res.writeHead(500).end("oops");
      if (target.includes("html")) return void res.writeHead(200).end("<html>no</html>");
      res.writeHead(200, { "content-type": "text/plain" }).end(`https://da.gd/${target.length}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s?url={url}`;
  });

  after(async () => {
    for (const r of hanging) r.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("returns the service's short link, and the original on any failure", async () => {
    const metrics = new Metrics();
    const s = new LinkShortener({ url: base, timeout_ms: 200 }, silentLogger(), metrics, "irc:test");
    const long = "https://bodhi.fedoraproject.org/updates/FEDORA-2026-1?a=1&b=2";
    assert.equal(await s.shorten(long), `https://da.gd/${long.length}`);
    for (const bad of ["https://x.org/fail", "https://x.org/html", "https://x.org/hang"]) assert.equal(await s.shorten(bad), bad);
    assert.equal(metrics.total("irc_shortener_failures"), 3);
  });
});
