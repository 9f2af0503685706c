/**
 * A loopback TCP proxy the test controls, to take a broker "down" for one client
 * without touching the shared broker: `cut()` drops every connection at once (the
 * client sees its socket close, as when the broker restarts or the network
 * fails); `down()` makes new connections fail until `up()`.
 */
import net from "node:net";

export interface TcpProxy {
  readonly port: number;
  /** Close every open connection, both ways. */
  cut(): void;
  /** Refuse new connections (accepted, then reset at once) until up(). */
  down(): void;
  up(): void;
  /** Hold each new connection's bytes this long before passing them on (a slow handshake); 0: none. */
  delay(ms: number): void;
  /** Connections opened through the proxy so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function tcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let isUp = true;
  let accepted = 0;
  let delayMs = 0;
  const server = net.createServer((client) => {
    if (!isUp) {
      client.resetAndDestroy();
      return;
    }
    accepted++;
    if (delayMs > 0) {
      client.pause();
      open.add(client);
      const held = delayMs;
      setTimeout(() => {
        if (client.destroyed) return;
        pipe(client);
        client.resume();
      }, held);
      return;
    }
    pipe(client);
  });
  const pipe = (client: net.Socket): void => {
    const upstream = net.connect(targetPort, targetHost);
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut() {
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    down() {
      isUp = false;
    },
    up() {
      isUp = true;
    },
    delay(ms: number) {
      delayMs = ms;
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
