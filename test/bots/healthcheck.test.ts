import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHealthcheck } from "../../bots/healthcheck.js";
import { silentLogger } from "../../bots/log.js";
import { startMetricsServer } from "../../bots/metrics-http.js";
import { Metrics } from "../../bots/metrics.js";

describe("fedmsg-echo healthcheck", () => {
  const dir = mkdtempSync(join(tmpdir(), "fedmsg-echo-health-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function config(text: string): string {
    const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, text);
    return path;
  }

  it("asks the running bot's /healthz, and /readyz with --ready, at the config's metrics_listen", async () => {
    const metrics = new Metrics();
    const server = await startMetricsServer("127.0.0.1:0", metrics, silentLogger());
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`) };
    try {
      const port = server.address.split(":").at(-1);
      // A wildcard listen address is asked on loopback.
      const path = config(`metrics_listen: "0.0.0.0:${port}"\n`);
      assert.equal(await runHealthcheck({ configPath: path, ready: false, ...io }), 0);
      assert.equal(await runHealthcheck({ configPath: path, ready: true, ...io }), 1);
      metrics.readiness.register("sink", "irc:demo").set(true);
      assert.equal(await runHealthcheck({ configPath: path, ready: true, ...io }), 0);
      assert.deepEqual(lines, [
        `out http://127.0.0.1:${port}/healthz: 200 ok`,
        `err http://127.0.0.1:${port}/readyz: 503 not ready; no source or sink has reported yet`,
        `out http://127.0.0.1:${port}/readyz: 200 ready; sink irc:demo: ready`,
      ]);
    } finally {
      await server.close();
    }
  });

  it("fails when nothing answers, or when the config serves no metrics", async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const addr = s.address();
        s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
      });
    });
    assert.equal(await runHealthcheck({ configPath: config(`metrics_listen: "127.0.0.1:${closed}"\n`), ready: false, ...io }), 1);
    assert.equal(await runHealthcheck({ configPath: config("log: { level: info }\n"), ready: false, ...io }), 1);
    assert.match(lines.at(-1) ?? "", /no metrics_listen/);
    assert.equal(await runHealthcheck({ configPath: undefined, ready: false, tcp: `127.0.0.1:${closed}`, ...io }), 1);
  });

  it("--tcp reports a listening socket", async () => {
    const s = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => s.once("listening", r));
    try {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      assert.equal(await runHealthcheck({ configPath: undefined, ready: false, tcp: `127.0.0.1:${port}`, out: () => undefined }), 0);
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
