/** A minimal Server-Sent Events reader for tests: what a browser's EventSource would dispatch. */
import { request, type ClientRequest, type IncomingMessage } from "node:http";

export interface SseEvent {
  readonly event: string;
  readonly id: string | null;
  readonly data: string;
}

export interface SseReader {
  readonly events: SseEvent[];
  readonly response: IncomingMessage;
  /** True once the server ended or cut the stream. */
  readonly ended: boolean;
  /** Stop reading from the socket (a slow browser) / read again. */
  pause(): void;
  resume(): void;
  close(): void;
}

/** Open `/events` (or any SSE path) and parse frames as they come. Rejects on a non-200 status. */
export function openSse(url: string, headers: Record<string, string> = {}, onEvent?: (e: SseEvent) => void): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, { agent: false, headers: { accept: "text/event-stream", ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(Object.assign(new Error(`HTTP ${res.statusCode ?? "?"} from ${url}`), { status: res.statusCode }));
        return;
      }
      const events: SseEvent[] = [];
      let buf = "";
      let ended = false;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let event = "message";
          let id: string | null = null;
          const data: string[] = [];
          let isComment = true;
          for (const line of frame.split("\n")) {
            if (line.startsWith(":")) continue;
            isComment = false;
            const i = line.indexOf(":");
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
            if (field === "event") event = value;
            else if (field === "id") id = value;
            else if (field === "data") data.push(value);
          }
          if (isComment || data.length === 0) continue;
          const e = { event, id, data: data.join("\n") };
          events.push(e);
          onEvent?.(e);
        }
      });
      const done = () => (ended = true);
      res.on("end", done);
      res.on("close", done);
      res.on("error", done);
      resolve({
        events,
        response: res,
        get ended() {
          return ended;
        },
        pause: () => res.socket.pause(),
        resume: () => res.socket.resume(),
        close: () => {
          req.destroy();
          res.destroy();
        },
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** Row events (their `seq`) and skipped events (how many, through which seq), in stream order. */
export type StreamItem = { readonly seq: number } | { readonly skipped: number; readonly through: number };

export function rowsOf(events: readonly SseEvent[]): StreamItem[] {
  return events.flatMap((e): StreamItem[] => {
    if (e.event === "row") return [{ seq: (JSON.parse(e.data) as { seq: number }).seq }];
    if (e.event === "skipped") {
      const d = JSON.parse(e.data) as { n: number; through: number };
      return [{ skipped: d.n, through: d.through }];
    }
    return [];
  });
}
