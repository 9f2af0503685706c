/**
 * A TCP proxy between the bot and an IRC server, for the hostile tests: it can rewrite the server's
 * lines, deliver the server's bytes late (a distant network), and show the bot's lines as they pass.
 */
import net from "node:net";

export interface LineProxyOptions {
  /** Each line from the server, rewritten (the bytes then go line by line). */
  readonly rewrite?: (line: string) => string;
  /** The server's bytes reach the bot this late. */
  readonly delayMs?: number;
  /** Each line from the bot, as it passes. */
  readonly onBotLine?: (line: string) => void;
}

export async function lineProxy(upstream: number, o: LineProxyOptions): Promise<{ port: number; close: () => void }> {
  const socks: net.Socket[] = [];
  const server = net.createServer((bot) => {
    const irc = net.connect(upstream, "127.0.0.1");
    socks.push(bot, irc);
    const toBot = (data: Buffer | string): void => {
      const send = (): void => {
        if (!bot.destroyed) bot.write(data);
      };
      if (o.delayMs) setTimeout(send, o.delayMs);
      else send();
    };
    onLines(bot, (line, raw) => {
      o.onBotLine?.(line);
      irc.write(raw);
    });
    if (o.rewrite) {
      const rewrite = o.rewrite;
      onLines(irc, (line) => toBot(Buffer.from(`${rewrite(line)}\r\n`, "latin1")));
    } else irc.on("data", (d: Buffer) => toBot(d));
    const end = (): void => {
      bot.destroy();
      irc.destroy();
    };
    for (const x of [bot, irc]) {
      x.on("close", end);
      x.on("error", end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const x of socks) x.destroy();
      server.close();
    },
  };
}

/** Calls `each` for every whole line read from `socket` (without CR LF), with its raw bytes. */
function onLines(socket: net.Socket, each: (line: string, raw: Buffer) => void): void {
  let buf: Buffer = Buffer.alloc(0);
  socket.on("data", (d: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    let i: number;
    while ((i = buf.indexOf(0x0a)) >= 0) {
      const raw = buf.subarray(0, i + 1);
      each(raw.toString("latin1").replace(/\r?\n$/, ""), raw);
      buf = buf.subarray(i + 1);
    }
  });
}
