/**
 * The operator's window: `GET /metrics` (Prometheus text format) and
 * `GET /healthz`, on the address of `metrics_listen` (e.g. `127.0.0.1:9464`).
 */
import { createServer, type Server } from "node:http";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";

export interface MetricsServer {
  readonly address: string;
  close(): Promise<void>;
}

/** Parse `host:port` (or `[v6]:port`). */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const port = Number(m?.[3]);
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`metrics_listen must be host:port, got ${JSON.stringify(listen)}`);
  return { host: m[1] ?? m[2] ?? "127.0.0.1", port };
}

/** A part of the bot that can be unwell (a source retrying its broker): named, with a line for a person. */
export interface HealthReport {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** `/healthz`: 200 "ok" when every part is well, else 503 with one line per part. */
export async function startMetricsServer(listen: string, metrics: Metrics, log: Logger, health: () => readonly HealthReport[] = () => []): Promise<MetricsServer> {
  const { host, port } = parseListen(listen);
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(metrics.prometheus());
    } else if (path === "/healthz") {
      const parts = health();
      if (parts.every((p) => p.ok)) res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      else res.writeHead(503, { "content-type": "text/plain" }).end(`unhealthy\n${parts.map((p) => `${p.name}: ${p.ok ? "ok" : "NOT OK"}: ${p.detail}\n`).join("")}`);
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics or /healthz\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const address = typeof addr === "object" && addr ? `${addr.address.includes(":") ? `[${addr.address}]` : addr.address}:${addr.port}` : listen;
  log.info({ address }, "serving /metrics and /healthz");
  return {
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
