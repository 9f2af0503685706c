import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { GuardedTransport, WRITE_BUFFER_MAX_BYTES } from "../../../bots/irc/transport.js";
import { makeCertificate, tempDir } from "../../helpers/irc/harness.js";

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

describe("IRC transport: a line in the kernel", () => {
  /** A server that reads (or not) over TCP or TLS, and a transport connected to it. */
  async function connected(useTls: boolean, reads: boolean) {
    const sockets: net.Socket[] = [];
    const tmp = tempDir("fedmsg-echo-tls-");
    const keep = (s: net.Socket): void => {
      sockets.push(s);
      if (!reads) s.pause();
      else s.resume();
    };
    let server: net.Server;
    let ca: string | undefined;
    if (useTls) {
      const { cert, key } = makeCertificate(tmp.dir);
      ca = readFileSync(cert, "utf8");
      server = tls.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, keep);
    } else server = net.createServer(keep);
    // The TCP connections under TLS too: a paused server never sees the client's close.
    server.on("connection", (s: net.Socket) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    const t = new GuardedTransport({ host: "127.0.0.1", port, tls: useTls, ...(ca ? { tls_ca: ca } : {}) });
    const opened = new Promise<void>((resolve) => t.once("open", () => resolve()));
    t.connect();
    await opened;
    return {
      t,
      close: async () => {
        t.disposeSocket();
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => server.close(resolve));
        tmp.cleanup();
      },
    };
  }

  for (const useTls of [false, true]) {
    it(`says, in the tick of the write, that a line reached the kernel, and not when it waits in the process (${useTls ? "TLS" : "TCP"})`, async () => {
      const reading = await connected(useTls, true);
      try {
        const line = "PRIVMSG #c :hello";
        const done = new Promise<void>((resolve) => reading.t.writeLine(line, () => resolve()));
        assert.equal(reading.t.lastWriteInKernel(), true, "written at once: a SIGKILL now would not lose it");
        await done;
      } finally {
        await reading.close();
      }
      const stuck = await connected(useTls, false);
      try {
        // The server does not read: once the kernel's buffers are full, lines wait in the process.
        let sawWaiting = false;
        for (let i = 0; i < 20_000 && stuck.t.isConnected() && !sawWaiting; i++) {
          stuck.t.writeLine(`PRIVMSG #c :${"x".repeat(400)}`);
          if (!stuck.t.lastWriteInKernel()) sawWaiting = true;
        }
        assert.ok(sawWaiting, "a line that waits in the process is not said to be in the kernel");
        assert.equal(stuck.t.lastWriteInKernel(), false);
        assert.equal(stuck.t.writeLine("PRIVMSG #c :more"), true);
        assert.equal(stuck.t.lastWriteInKernel(), false, "nor any line behind it");
      } finally {
        await stuck.close();
      }
    });
  }
});
