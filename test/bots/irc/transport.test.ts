import assert from "node:assert/strict";
import net from "node:net";
import { GuardedTransport, WRITE_BUFFER_MAX_BYTES } from "../../../bots/irc/transport.js";

describe("IRC transport backpressure", () => {
  it("gives up a connection whose server stops reading, instead of buffering lines without bound", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      s.pause(); // never reads
      sockets.push(s);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const t = new GuardedTransport({ host: "127.0.0.1", port, tls: false });
    try {
      const opened = new Promise<void>((resolve) => t.once("open", () => resolve()));
      const closed = new Promise<unknown>((resolve) => t.once("close", resolve));
      t.connect();
      await opened;
      const line = `PRIVMSG #c :${"x".repeat(480)}`;
      let written = 0;
      let peak = 0;
      // Far more than the kernel's buffers take: what is left waits in the socket, up to the bound.
      for (let i = 0; i < 40_000 && t.isConnected(); i++) {
        if (!t.writeLine(line)) break;
        written++;
        peak = Math.max(peak, t.bufferedBytes());
      }
      const err = await closed;
      assert.match(String(err), /does not read/);
      assert.ok(peak <= WRITE_BUFFER_MAX_BYTES + 1024, `at most the bound waited (${peak} bytes)`);
      assert.ok(written < 40_000, "writing stopped once the connection was given up");
    } finally {
      t.disposeSocket();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
