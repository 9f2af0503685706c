/**
 * The socket under irc-framework. Its own net transport cannot take a CA bundle,
 * so this one replaces it: TCP or TLS with certificate verification always on
 * (system CAs or `tls_ca`), SNI, an optional client certificate. It is also the
 * last guard of the wire: a line with CR, LF or NUL, or over 510 bytes, is never
 * written (a server drops the client for an over-long line; CR/LF would inject).
 *
 * Two doors lead to the socket, one per payer: `writeLine` for irc-framework's own
 * lines (registration, CAP, SASL, PING, PONG, QUIT; nobody paid for them), and
 * `writePaced` for the bot's lines, paid before they came (IrcConnection.send). Both
 * end in `put`, the one place a line is handed to the socket; it tells the
 * connection (`WireListener.lineWritten`) in the same tick, which charges the
 * unpaid lines to the pace: servers count every line of a connection.
 */
import { EventEmitter } from "node:events";
import net from "node:net";
import tls from "node:tls";
import type { ClientOptions, Transport } from "irc-framework";
import { IRC_LINE_MAX_BYTES } from "../../formatters/index.js";

/** Who hears what happens on the wire (IrcConnection). */
export interface WireListener {
  /**
   * A line was handed to the socket just now. `paced`: it came through `writePaced`, its tokens
   * paid; else irc-framework wrote it and it costs a token now (a PONG held back by
   * PONG_MIN_INTERVAL_MS costs nothing until it is written).
   */
  lineWritten(line: string, paced: boolean): void;
  /** The wire guard refused a line (a bug: counted and logged). */
  lineRefused(line: string, reason: string): void;
  /** Handling a line from the server threw (a malformed line irc-framework or a handler did not expect). */
  badLine(line: string, err: unknown): void;
}

/** Extra options this transport reads from the irc-framework options object (irc-framework builds a transport per connect). */
export interface TransportExtras {
  /** PEM CA bundle; absent means the system's CAs. */
  tls_ca?: string;
  wire?: WireListener;
}

/**
 * At most one PONG per this interval; a PING arriving sooner is answered by one PONG to the
 * newest token when the interval is over. A server (or a relay) pinging fast got a PONG for
 * every PING, each charged to the pace: the channel lines starved.
 */
export const PONG_MIN_INTERVAL_MS = 2000;
/** Past this many bytes waiting in the socket (a server that stops reading), the connection is given up and redialled. */
export const WRITE_BUFFER_MAX_BYTES = 256 * 1024;

/** Longer than any server line (IRCv3 tags 8191 + 512 bytes): past this without a line end, the server is broken. */
export const SERVER_LINE_MAX_BYTES = 64 * 1024;

export class GuardedTransport extends EventEmitter implements Transport {
  private socket: net.Socket | tls.TLSSocket | null = null;
  private connected = false;
  private buffer: Buffer = Buffer.alloc(0);
  private lastError: Error | null = null;
  private lastPongAt = Number.NEGATIVE_INFINITY;
  private heldPong: string | null = null;
  private pongTimer: NodeJS.Timeout | undefined;
  private lastInKernel = false;

  constructor(private readonly options: ClientOptions & TransportExtras) {
    super();
  }

  isConnected(): boolean {
    return this.connected;
  }

  connect(): void {
    const o = this.options;
    this.disposeSocket();
    this.buffer = Buffer.alloc(0);
    this.lastError = null;
    const host = o.host ?? "localhost";
    const port = o.port ?? 6697;
    let socket: net.Socket | tls.TLSSocket;
    if (o.tls) {
      socket = tls.connect({
        host,
        port,
        // SNI only for names; an address as servername is an error in Node.
        servername: net.isIP(host) ? undefined : host,
        rejectUnauthorized: true,
        ca: o.tls_ca,
        key: o.client_certificate?.private_key,
        cert: o.client_certificate?.certificate,
      });
      socket.once("secureConnect", () => this.opened());
    } else {
      socket = net.connect({ host, port });
      socket.once("connect", () => this.opened());
    }
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("error", (err: Error) => {
      this.lastError = err;
      this.emit("debug", `socket error: ${err.message}`);
    });
    socket.on("close", () => {
      this.connected = false;
      this.emit("close", this.lastError ?? false);
    });
  }

  private opened(): void {
    this.connected = true;
    this.emit("open");
  }

  private onData(data: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    let start = 0;
    for (;;) {
      const end = this.buffer.indexOf(0x0a, start);
      if (end < 0) break;
      const line = this.buffer.subarray(start, end).toString("utf8").replace(/\r$/, "");
      start = end + 1;
      // The handlers run inside this socket callback: a throw would crash the process.
      if (line) {
        try {
          this.emit("line", line);
        } catch (err) {
          this.options.wire?.badLine(line, err);
        }
      }
    }
    this.buffer = this.buffer.subarray(start);
    if (this.buffer.length > SERVER_LINE_MAX_BYTES) {
      // Buffering it all would let a broken server exhaust memory: drop it and reconnect.
      this.buffer = Buffer.alloc(0);
      this.socket?.destroy(new Error(`the server sent over ${SERVER_LINE_MAX_BYTES} bytes without a line end`));
    }
  }

  /**
   * irc-framework's door (its Transport contract): a line nobody paid for. `cb` runs once the
   * socket has taken it (with an error if it could not). False when the line was not handed to
   * the socket (refused, not connected).
   */
  writeLine(line: string, cb?: (err?: Error | null) => void): boolean {
    return this.write(line, false, cb);
  }

  /** The bot's door (IrcConnection.send): a line whose tokens are paid. As `writeLine` otherwise. */
  writePaced(line: string, cb?: (err?: Error | null) => void): boolean {
    return this.write(line, true, cb);
  }

  private write(line: string, paced: boolean, cb?: (err?: Error | null) => void): boolean {
    const refused = /[\r\n\0]/.test(line)
      ? "contains CR, LF or NUL"
      : Buffer.byteLength(line) > IRC_LINE_MAX_BYTES
        ? "longer than 510 bytes"
        : null;
    this.lastInKernel = false;
    if (refused !== null || !this.socket || !this.connected) {
      if (refused !== null) this.options.wire?.lineRefused(line, refused);
      if (cb) process.nextTick(cb);
      return false;
    }
    // irc-framework answers every PING: the throttle is on its door only.
    if (!paced && /^PONG /i.test(line)) return this.pong(line, cb);
    this.put(this.socket, line, paced, cb);
    return true;
  }

  /** The one place a line is handed to the socket; the listener hears of it in the same tick. */
  private put(socket: net.Socket, line: string, paced: boolean, cb?: (err?: Error | null) => void): void {
    const idle = socket.writableLength === 0;
    socket.write(`${line}\r\n`, cb ? (err) => cb(err ?? null) : undefined);
    this.lastInKernel = idle && inKernel(socket);
    this.options.wire?.lineWritten(line, paced);
    if (socket.writableLength > WRITE_BUFFER_MAX_BYTES) {
      // Given up now: nothing more is written to it; 'close' (with this error) starts the reconnect.
      this.connected = false;
      this.lastInKernel = false;
      socket.destroy(new Error(`the server does not read: ${socket.writableLength} bytes waiting to be written`));
    }
  }

  /**
   * Whether the line `writeLine` just wrote is already in the kernel (a SIGKILL now would not lose
   * it), read right after the call: nothing was waiting before it and nothing of it waits after
   * (the server reads). False when unsure: the caller then waits for the write callback.
   */
  lastWriteInKernel(): boolean {
    return this.lastInKernel;
  }

  /** Bytes written but not yet taken by the kernel (the server is slow to read). */
  bufferedBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  private pong(line: string, cb?: (err?: Error | null) => void): boolean {
    const now = performance.now();
    const wait = this.lastPongAt + PONG_MIN_INTERVAL_MS - now;
    if (wait > 0) {
      this.heldPong = line;
      this.pongTimer ??= setTimeout(() => {
        this.pongTimer = undefined;
        const held = this.heldPong;
        this.heldPong = null;
        if (held !== null && this.connected) this.pong(held);
      }, wait);
      if (cb) process.nextTick(cb);
      return true;
    }
    this.lastPongAt = now;
    if (this.socket) this.put(this.socket, line, false, cb);
    return true;
  }

  close(force?: boolean): void {
    if (!this.socket) return;
    if (force || !this.connected) this.socket.destroy();
    else this.socket.end();
  }

  setEncoding(encoding: string): boolean {
    // The bot speaks UTF-8 only; irc-framework falls back to utf8 on false.
    return encoding === "utf8";
  }

  disposeSocket(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    this.heldPong = null;
    if (!this.socket) return;
    this.socket.removeAllListeners();
    // A late 'error' after removing listeners must not crash the process.
    this.socket.on("error", () => undefined);
    this.socket.destroy();
    this.socket = null;
    this.connected = false;
  }
}

/**
 * Whether everything written to `socket` has reached the kernel, right after a synchronous write.
 * TCP: Node writes at once when it can, and `writableLength` counts what is left. TLS: `writableLength`
 * counts the cleartext until an asynchronous completion even when the encrypted bytes were written at
 * once, so the TCP handle under the TLS one is asked instead (Node's `_handle._parent`, whose
 * `writeQueueSize` counts the bytes libuv still holds); without it, the answer is "unsure" (false).
 */
function inKernel(socket: net.Socket | tls.TLSSocket): boolean {
  if (!(socket instanceof tls.TLSSocket)) return socket.writableLength === 0;
  const tcp = (socket as unknown as { _handle?: { _parent?: { writeQueueSize?: unknown } } })._handle?._parent;
  return typeof tcp?.writeQueueSize === "number" && tcp.writeQueueSize === 0;
}
