/**
 * The HTTP layer, on node:http: the page and its files, Server-Sent Events on
 * `/events`, `GET /api/recent`, `GET /api/stats`, `/metrics` and `/healthz`.
 * Every response carries a strict Content-Security-Policy and nosniff.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { StartError } from "../../config/errors.js";
import type { Logger } from "../log.js";
import { parseListen } from "../metrics-http.js";
import type { Metrics } from "../metrics.js";
import type { Asset } from "./assets.js";
import type { Hub } from "./hub.js";
import { intParam, parseRowFilter, QueryError } from "./query.js";
import type { Row } from "./row.js";
import type { Ring } from "./ring.js";
import type { StatsSnapshot } from "./stats.js";

/** A browser retries a refused stream after this long, seconds (503 Retry-After). */
const RETRY_AFTER_S = 10;
/** Non-stream connections beyond the stream limit (page, API, metrics), so that a full page still loads. */
const EXTRA_CONNECTIONS = 64;

export interface WebServerOptions {
  readonly listen: string;
  readonly hub: Hub;
  readonly ring: Ring<Row>;
  readonly stats: () => StatsSnapshot;
  readonly backlog: number;
  readonly maxClients: number;
  readonly imageOrigins: readonly string[];
  readonly assets: ReadonlyMap<string, Asset>;
  readonly sink: string;
  readonly log: Logger;
  readonly metrics: Metrics;
}

export function securityHeaders(imageOrigins: readonly string[]): Record<string, string> {
  const img = ["'self'", ...imageOrigins].join(" ");
  return {
    "content-security-policy": `default-src 'none'; script-src 'self'; style-src 'self'; img-src ${img}; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
}

/** The page cannot listen where it was told (address in use, not local, no permission). */
export class WebListenError extends StartError {
  override readonly name = "WebListenError";
  readonly heading = "cannot start";
}

export interface WebServer {
  readonly address: string;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const headers = securityHeaders(opts.imageOrigins);
  const server: Server = createServer({ noDelay: true }, (req, res) => {
    try {
      route(req, res);
    } catch (err) {
      if (err instanceof QueryError) send(res, 400, "text/plain; charset=utf-8", `${err.message}\n`);
      else {
        opts.log.error({ err, url: req.url }, "web request failed");
        if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
        else res.destroy();
      }
    }
  });
  server.maxConnections = opts.maxClients + EXTRA_CONNECTIONS;

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    res.writeHead(status, { ...headers, "content-type": type, "cache-control": "no-cache", ...extra });
    res.end(body);
  }

  function json(res: ServerResponse, value: unknown): void {
    send(res, 200, "application/json; charset=utf-8", JSON.stringify(value));
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "text/plain; charset=utf-8", "GET or HEAD\n", { allow: "GET, HEAD" });
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const asset = opts.assets.get(url.pathname);
    if (asset) {
      send(res, 200, asset.type, asset.body);
      return;
    }
    switch (url.pathname) {
      case "/events":
        if (req.method === "HEAD") send(res, 200, "text/event-stream; charset=utf-8", "");
        else events(req, res, url.searchParams);
        break;
      case "/api/recent": {
        const filter = parseRowFilter(url.searchParams);
        const n = intParam(url.searchParams, "n", opts.backlog, 0, opts.ring.capacity);
        json(res, { rows: opts.ring.newest(n, (r) => filter.matches(r)) });
        break;
      }
      case "/api/stats":
        json(res, opts.stats());
        break;
      case "/metrics":
        // The exposition is async (prom-client's registry); a failure is a 500, never an unhandled rejection.
        void opts.metrics.prometheus().then(
          (text) => send(res, 200, "text/plain; version=0.0.4; charset=utf-8", text),
          () => send(res, 500, "text/plain; charset=utf-8", "metrics unavailable\n"),
        );
        break;
      case "/healthz":
        send(res, 200, "text/plain; charset=utf-8", "ok\n");
        break;
      default:
        send(res, 404, "text/plain; charset=utf-8", "not found\n");
    }
  }

  function events(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void {
    const filter = parseRowFilter(params);
    if (opts.hub.full) {
      opts.metrics.inc("web_clients_refused", { sink: opts.sink });
      send(res, 503, "text/plain; charset=utf-8", `too many live clients (${opts.maxClients}); retry later\n`, {
        "retry-after": String(RETRY_AFTER_S),
      });
      return;
    }
    // A reconnecting EventSource resumes after the last row it saw (as far as the ring reaches);
    // a new one gets the last `n` rows first.
    const last = req.headers["last-event-id"];
    const lastSeq = typeof last === "string" && /^\d{1,15}$/.test(last) ? Number(last) : null;
    const n = intParam(params, "n", opts.backlog, 0, opts.ring.capacity);
    const backlog =
      lastSeq === null
        ? opts.ring.newest(n, (r) => filter.matches(r))
        : opts.ring.newest(opts.ring.capacity, (r) => r.seq > lastSeq && filter.matches(r));
    opts.hub.open(req, res, headers, filter, backlog.reverse());
  }

  const { host, port } = parseListen(opts.listen);
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) =>
      reject(new WebListenError(`web.listen ${opts.listen}: cannot listen (${err.code ?? err.message})`, { cause: err }));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve();
    });
  });
  const addr = server.address();
  const address =
    typeof addr === "object" && addr ? `${addr.address.includes(":") ? `[${addr.address}]` : addr.address}:${addr.port}` : opts.listen;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        opts.hub.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
