/**
 * A raw TCP IRC server whose answers a test scripts line by line: for servers that misbehave on
 * purpose (no real IRC server refuses every nick or stays silent to order).
 */
import net from "node:net";

export interface IrcConn {
  nick: string;
  user: boolean;
  registered: boolean;
}
export type IrcAnswer = (line: string, say: (l: string) => void, conn: IrcConn) => void;

export class RawIrcServer {
  /** Every line received, from every connection, in order. */
  readonly got: string[] = [];
  connections = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((s) => this.accept(s));
  private waiters: { pred: (l: string) => boolean; resolve: () => void }[] = [];

  constructor(private readonly answer: IrcAnswer) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  count(pred: (l: string) => boolean): number {
    return this.got.filter(pred).length;
  }

  /** Resolves once a line received (before or after the call) matches. */
  waitFor(pred: (l: string) => boolean): Promise<void> {
    if (this.got.some(pred)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** Sends a line to every connection. */
  send(line: string): void {
    this.sendRaw(`${line}\r\n`);
  }

  /** Sends bytes as they are (no line end added) to every connection. */
  sendRaw(data: string): void {
    for (const s of this.sockets) s.write(data);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(s: net.Socket): void {
    this.connections++;
    this.sockets.add(s);
    s.on("close", () => this.sockets.delete(s));
    s.on("error", () => undefined);
    const conn: IrcConn = { nick: "", user: false, registered: false };
    let buf = "";
    s.on("data", (d: Buffer) => {
      buf += d.toString("utf8");
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, "");
        buf = buf.slice(i + 1);
        this.got.push(line);
        this.answer(
          line,
          (l) => {
            if (s.writable) s.write(`${l}\r\n`);
          },
          conn,
        );
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(line)) return true;
          w.resolve();
          return false;
        });
      }
    });
  }
}

/** Registers once NICK and USER are in, confirms JOIN and MODE, answers PING; nothing else. */
export const politeServer: IrcAnswer = (line, say, conn) => {
  const nick = /^NICK :?(\S+)$/.exec(line)?.[1];
  if (nick !== undefined) conn.nick = nick;
  if (line.startsWith("USER ")) conn.user = true;
  if (!conn.registered && conn.user && conn.nick !== "") {
    conn.registered = true;
    say(`:irc.test 001 ${conn.nick} :Welcome`);
  }
  const join = /^JOIN (\S+)/.exec(line)?.[1];
  if (join !== undefined) say(`:${conn.nick}!~fedmsg@127.0.0.1 JOIN ${join}`);
  else if (line.startsWith("MODE #")) say(`:irc.test 324 ${conn.nick} ${line.slice(5)} +nt`);
  else if (line.startsWith("PING ")) say(`:irc.test PONG irc.test :${line.slice(5).replace(/^:/, "")}`);
};

/**
 * `answer`, except that a NICK or JOIN for a name in `held` gets 437 (ERR_UNAVAILRESOURCE), as
 * solanum answers during its nick delay, for a RESV, or for a channel held after a split.
 */
export function holding(held: ReadonlySet<string>, answer: IrcAnswer): IrcAnswer {
  return (line, say, conn) => {
    const name = /^(?:NICK :?|JOIN )(\S+)/.exec(line)?.[1];
    if (name !== undefined && held.has(name)) say(`:irc.test 437 ${conn.nick || "*"} ${name} :Nick/channel is temporarily unavailable`);
    else answer(line, say, conn);
  };
}
