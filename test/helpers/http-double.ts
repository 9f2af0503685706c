/**
 * The HTTP plumbing of the API doubles (test/bots/mastodon/double.ts, test/bots/matrix/double.ts):
 * a node:http server on a port the OS picks, that can hold answers (a server that hangs) until it
 * closes; queues of switchable faults per route; and the faults both servers' proxies and networks
 * produce alike: an error page (JSON from the application, HTML from nginx in front), a hang, a
 * dropped connection, each before the application runs or after it did its work. What each API
 * answers, its rate limits included, stays in its own double.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A fault every API double can play. */
export type HttpFault =
  /**
   * An error page: the application's JSON (with `message` as its error text when given), or HTML like
   * nginx in front of it. `after`: the application did its work first (the request took effect).
   */
  | { readonly kind: "error"; readonly status: number; readonly body: "json" | "html"; readonly after?: boolean; readonly message?: string }
  /** Never answer (until the client gives up or the double closes). */
  | { readonly kind: "hang"; readonly after?: boolean }
  /** Drop the TCP connection; by default after the application did its work (the lost-answer case). */
  | { readonly kind: "reset"; readonly after?: boolean };

/** An error page from the application, as JSON (`after`: once the request took effect). */
export const jsonError = (status: number, after = false): HttpFault => ({ kind: "error", status, body: "json", after });
/** An error page from the proxy in front, as nginx writes it. */
export const htmlError = (status: number): HttpFault => ({ kind: "error", status, body: "html" });

/**
 * Whether a fault strikes before the application runs: the proxy's error pages and hangs do unless
 * `after`; a reset does only with `after: false` (its usual case is the answer lost after the work).
 */
export function strikesBefore(fault: { readonly kind: string; readonly after?: boolean }): boolean {
  return fault.kind === "reset" ? fault.after === false : !fault.after;
}

/** Faults queued per route, each used once, in order. */
export class FaultQueue<R, F> {
  private readonly queues = new Map<R, F[]>();

  add(route: R, ...faults: F[]): void {
    this.queues.set(route, [...(this.queues.get(route) ?? []), ...faults]);
  }

  /** The next fault for `route`, or null. */
  take(route: R): F | null {
    return this.queues.get(route)?.shift() ?? null;
  }
}

/** A node:http server on 127.0.0.1, on a port from the OS. */
export class DoubleServer {
  url = "";
  private readonly server: Server;
  private readonly held = new Set<ServerResponse>();

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
    this.server = createServer((req, res) => void handler(req, res));
  }

  /** Listens; returns the base URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Leaves `res` unanswered until the client gives up or the server closes. */
  hold(res: ServerResponse): void {
    this.held.add(res);
    res.on("close", () => this.held.delete(res));
  }

  /** Ends held answers and open connections, then stops listening. */
  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Plays a fault every double knows on `res`; `json` is the application's error body for an "error"
 * fault with a JSON body. Returns the HTTP status answered (0 for a hang or a reset).
 */
export function playHttpFault(server: DoubleServer, fault: HttpFault, res: ServerResponse, json: (message?: string) => unknown): number {
  if (fault.kind === "hang") {
    server.hold(res);
    return 0;
  }
  if (fault.kind === "reset") {
    res.socket?.resetAndDestroy();
    return 0;
  }
  if (fault.body === "html") {
    res
      .writeHead(fault.status, { "Content-Type": "text/html; charset=utf-8" })
      .end(
        `<html><head><title>${fault.status}</title></head><body><center><h1>${fault.status}</h1></center><hr><center>nginx</center></body></html>`,
      );
  } else {
    res.writeHead(fault.status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(json(fault.message)));
  }
  return fault.status;
}

/** The first value of a request header, or null. */
export function headerOf(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** The whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
