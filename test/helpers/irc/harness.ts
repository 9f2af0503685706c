/**
 * Real IRC servers for the tests: ngircd and InspIRCd (Debian packages) on free
 * loopback ports in a temporary directory, a certificate made at test time, and
 * a tiny raw-socket IRC client that reads what the bot sends, byte for byte.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../collect.js";

export { freePort };

export const NGIRCD = process.env.NGIRCD ?? "/usr/sbin/ngircd";
export const INSPIRCD = process.env.INSPIRCD ?? "/usr/sbin/inspircd";
const START_TIMEOUT_MS = 10_000;

async function waitForPort(port: number, proc: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`IRC server exited with ${proc.exitCode}: ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`IRC server not listening on ${port}: ${output()}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A temporary directory readable by `nobody` (ngircd drops to it when started as root). */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A self-signed certificate for `localhost` and 127.0.0.1 (it is its own CA). */
export function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, "server.crt");
  const key = join(dir, "server.key");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  chmodSync(key, 0o644);
  return { cert, key };
}

export class IrcServer {
  private proc: ChildProcess | undefined;
  private out = "";

  constructor(
    private readonly argv: readonly string[],
    readonly port: number,
    private readonly cleanup: () => void,
  ) {}

  async start(): Promise<void> {
    this.out = "";
    const [cmd, ...args] = this.argv as [string, ...string[]];
    const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.proc = proc;
    proc.stdout.on("data", (d: Buffer) => (this.out += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (this.out += d.toString()));
    await waitForPort(this.port, proc, () => this.out);
  }

  /** SIGKILL: the server dies without a word to its clients. */
  async kill(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill("SIGKILL");
    await exited;
  }

  /** SIGSTOP/SIGCONT: a server that hangs, keeping its sockets open. */
  pause(): void {
    this.proc?.kill("SIGSTOP");
  }

  resume(): void {
    this.proc?.kill("SIGCONT");
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill();
    this.cleanup();
  }
}

export interface NgircdOptions {
  readonly tls?: boolean;
}

/** ngircd on a free port; with `tls`, also a TLS port and the certificate's path (its own CA). */
export async function startNgircd(opts: NgircdOptions = {}): Promise<{ server: IrcServer; port: number; tlsPort: number; caFile: string }> {
  const { dir, cleanup } = tempDir("fedmsg-echo-ngircd-");
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : 0;
  const cert = opts.tls ? makeCertificate(dir) : undefined;
  const conf = join(dir, "ngircd.conf");
  writeFileSync(
    conf,
    [
      "[Global]",
      "Name = irc.test",
      "Info = fedmsg-echo test",
      "Listen = 127.0.0.1",
      `Ports = ${port}`,
      "MotdPhrase = test",
      "[Limits]",
      "MaxNickLength = 30",
      "MaxPenaltyTime = 0",
      "PingTimeout = 120",
      "PongTimeout = 20",
      "MaxConnectionsIP = 0",
      "MaxJoins = 0",
      "[Options]",
      "PAM = no",
      "DNS = no",
      "Ident = no",
      "OperCanUseMode = yes",
      ...(cert ? ["[SSL]", `CertFile = ${cert.cert}`, `KeyFile = ${cert.key}`, `Ports = ${tlsPort}`] : []),
      "",
    ].join("\n"),
  );
  chmodSync(conf, 0o644);
  const server = new IrcServer([NGIRCD, "-n", "-f", conf], port, cleanup);
  await server.start();
  return { server, port, tlsPort, caFile: cert?.cert ?? "" };
}

/** InspIRCd with the strict connect class of DESIGN.md: Excess Flood after ~7 fast lines. */
export async function startInspircd(): Promise<{ server: IrcServer; port: number }> {
  const { dir, cleanup } = tempDir("fedmsg-echo-inspircd-");
  const port = await freePort();
  const conf = join(dir, "inspircd.conf");
  writeFileSync(join(dir, "motd"), "test\n");
  writeFileSync(
    conf,
    `
<server name="irc.test" description="fedmsg-echo test" network="Test">
<admin name="test" nick="test" email="test@localhost">
<bind address="127.0.0.1" port="${port}" type="clients">
<connect name="strict" allow="*" threshold="5" commandrate="2000" fakelag="no" timeout="20" pingfreq="120"
         localmax="100" globalmax="100" hardsendq="262144" softsendq="8192" recvq="8192" useident="no">
<performance nouserdns="yes">
<files motd="${join(dir, "motd")}">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="${join(dir, "inspircd.log")}">
<module name="blockcolor">
<module name="services_account">
`,
  );
  const server = new IrcServer([INSPIRCD, "--nofork", "--nopid", "--runasroot", `--config=${conf}`], port, cleanup);
  await server.start();
  return { server, port };
}

/** What the reader saw: a channel line as raw bytes, with its parsed parts. */
export interface SeenLine {
  readonly raw: Buffer;
  readonly prefix: string;
  readonly command: string;
  readonly params: readonly string[];
  /** performance.now() when the line was read. */
  readonly at: number;
}

/**
 * A plain IRC client on a raw socket: registers, joins, answers PING and keeps
 * every line it receives as bytes, so a test sees exactly what the server relayed.
 */
export class RawClient {
  readonly lines: SeenLine[] = [];
  private readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private waiters: { pred: (l: SeenLine) => boolean; resolve: (l: SeenLine) => void }[] = [];
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("close", () => (this.closed = true));
    socket.on("error", () => undefined);
  }

  static async connect(port: number, nick: string): Promise<RawClient> {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    const c = new RawClient(socket);
    c.send(`NICK ${nick}`);
    c.send(`USER ${nick} 0 * :reader`);
    await c.waitFor((l) => l.command === "001");
    return c;
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  async join(channel: string): Promise<void> {
    this.send(`JOIN ${channel}`);
    await this.waitFor((l) => l.command === "366" && l.params[1] === channel);
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    let i: number;
    while ((i = this.buf.indexOf(0x0a)) >= 0) {
      const raw = this.buf.subarray(0, i > 0 && this.buf[i - 1] === 0x0d ? i - 1 : i);
      this.buf = this.buf.subarray(i + 1);
      const line = parse(Buffer.from(raw));
      if (line.command === "PING") this.send(`PONG :${line.params[0] ?? ""}`);
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(line)) return true;
        w.resolve(line);
        return false;
      });
    }
  }

  /** The first line (already seen or coming) that matches. */
  waitFor(pred: (l: SeenLine) => boolean, timeoutMs = 15_000): Promise<SeenLine> {
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `no matching IRC line within ${timeoutMs} ms; last lines:\n${this.lines
              .slice(-8)
              .map((l) => l.raw.toString("utf8"))
              .join("\n")}`,
          ),
        );
      }, timeoutMs);
      const done = (l: SeenLine): void => {
        clearTimeout(timer);
        resolve(l);
      };
      this.waiters.push({ pred, resolve: done });
    });
  }

  /** Channel messages (PRIVMSG/NOTICE to `channel`) seen so far. */
  messages(channel: string): SeenLine[] {
    return this.lines.filter((l) => (l.command === "PRIVMSG" || l.command === "NOTICE") && l.params[0] === channel);
  }

  async waitForMessages(channel: string, n: number, timeoutMs = 20_000): Promise<SeenLine[]> {
    let count = 0;
    await this.waitFor(
      (l) => (l.command === "PRIVMSG" || l.command === "NOTICE") && l.params[0] === channel && ++count >= n,
      timeoutMs,
    ).catch((err: unknown) => {
      // The predicate counted lines seen before the wait too: recount to be exact.
      if (this.messages(channel).length < n) throw err;
    });
    return this.messages(channel);
  }

  close(): void {
    this.socket.destroy();
  }
}

function parse(raw: Buffer): SeenLine {
  let s = raw.toString("utf8");
  let prefix = "";
  if (s.startsWith(":")) {
    const sp = s.indexOf(" ");
    prefix = s.slice(1, sp);
    s = s.slice(sp + 1);
  }
  const trailingAt = s.indexOf(" :");
  const head = trailingAt >= 0 ? s.slice(0, trailingAt) : s;
  const params = head.split(" ").filter(Boolean);
  const command = params.shift() ?? "";
  if (trailingAt >= 0) params.push(s.slice(trailingAt + 2));
  return { raw, prefix, command, params, at: performance.now() };
}

/** The trailing parameter's bytes exactly as received (the text of a PRIVMSG). */
export function trailingBytes(l: SeenLine): Buffer {
  const i = l.raw.indexOf(" :", l.raw[0] === 0x3a ? l.raw.indexOf(0x20) : 0);
  return l.raw.subarray(i + 2);
}
