/**
 * The operator's window, on the address of `metrics_listen` (e.g. `127.0.0.1:9464`):
 * - `GET /metrics`: Prometheus text format, with the process metrics (RSS, event-loop lag, GC);
 * - `GET /healthz`: liveness: 200 while the process lives (it answers at all). The body is "ok" when
 *   every part that reports health is well, else "degraded" and one line per part: a source
 *   retrying a broker that is down, or whose queue declare is refused, says so here (issue 10). A
 *   restart would not fix a broker outage, so the status stays 200: a liveness probe on it does
 *   not kill the bot in a loop; whether the bot consumes is `/readyz`'s question;
 * - `GET /readyz`: 200 when every source and sink that reports readiness is connected, 503 with
 *   the list of what is not (a readiness probe; see bots/readiness.ts for how to report).
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

/** `/healthz`: 200 while the process answers; "ok" when every part is well, else "degraded" and one line per part. */
export async function startMetricsServer(
  listen: string,
  metrics: Metrics,
  log: Logger,
  health: () => readonly HealthReport[] = () => [],
): Promise<MetricsServer> {
  const { host, port } = parseListen(listen);
  metrics.enableProcessMetrics();
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/metrics") {
      metrics.prometheus().then(
        (text) => res.writeHead(200, { "content-type": metrics.contentType }).end(text),
        (err: unknown) => {
          log.error({ err }, "metrics exposition failed");
          res.writeHead(500, { "content-type": "text/plain" }).end("metrics exposition failed\n");
        },
      );
    } else if (path === "/healthz") {
      const parts = health();
      if (parts.every((p) => p.ok)) res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      else
        res
          .writeHead(200, { "content-type": "text/plain; charset=utf-8" })
          .end(`degraded\n${parts.map((p) => `${p.name}: ${p.ok ? "ok" : "NOT OK"}: ${p.detail}\n`).join("")}`);
    } else if (path === "/readyz") {
      const state = metrics.readiness.state();
      const lines = state.components.map(
        (c) => `${c.kind} ${c.name}: ${c.ready ? "ready" : "not ready"}${c.detail ? ` (${c.detail})` : ""}`,
      );
      if (state.components.length === 0) lines.push("no source or sink has reported yet");
      res
        .writeHead(state.ready ? 200 : 503, { "content-type": "text/plain; charset=utf-8" })
        .end(`${state.ready ? "ready" : "not ready"}\n${lines.join("\n")}\n`);
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics, /healthz or /readyz\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const address =
    typeof addr === "object" && addr ? `${addr.address.includes(":") ? `[${addr.address}]` : addr.address}:${addr.port}` : listen;
  log.info({ address }, "serving /metrics, /healthz and /readyz");
  return {
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
