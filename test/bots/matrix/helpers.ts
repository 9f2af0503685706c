/** Shared pieces of the Matrix tests: a config on the double, a sink built from it, bus messages, an HTML checker. */
import { parseConfig } from "../../../config/load.js";
import type { Config } from "../../../config/schema.js";
import { decodeMessage, type Message } from "../../../formatters/index.js";
import { Metrics } from "../../../bots/metrics.js";
import type { FlowClock } from "../../../bots/flow/clock.js";
import { createMatrixAccountSinks, type MatrixDeps } from "../../../bots/matrix/main.js";
import type { MatrixSink } from "../../../bots/matrix/sink.js";
import { kojiBuildEnvelope } from "../../helpers/builders.js";
import { captureLog, type LogCapture } from "../../helpers/sink-tests.js";

export { busMessage as message } from "../../helpers/builders.js";
export { captureLog, maxInSlidingWindow, summary, until } from "../../helpers/sink-tests.js";
export { Tickets } from "../../helpers/flow.js";

export const BOT = "@bot:double.test";

/** A config with one account on the double; `account` overrides its keys. */
export function config(homeserver: string, rooms: unknown[], account: Record<string, unknown> = {}): Config {
  return parseConfig({
    matrix: [
      {
        homeserver,
        user_id: BOT,
        access_token: "good-token",
        rooms,
        retry: { backoff_ms: 50, backoff_max_ms: 200 },
        request_timeout_ms: 2000,
        sync_timeout_ms: 200,
        ...account,
      },
    ],
  });
}

export interface Built {
  readonly sink: MatrixSink;
  readonly metrics: Metrics;
  readonly logs: LogCapture;
}

export function buildSink(
  homeserver: string,
  rooms: unknown[],
  account: Record<string, unknown> = {},
  clock?: FlowClock,
  deps: Partial<MatrixDeps> = {},
): Built {
  const metrics = new Metrics();
  const logs = captureLog();
  const [sink] = createMatrixAccountSinks(config(homeserver, rooms, account), {
    log: logs.log,
    metrics,
    ...(clock ? { clock } : {}),
    ...deps,
  });
  if (!sink) throw new Error("no sink");
  return { sink, metrics, logs };
}

/** A Koji build message as it comes off the bus. */
export function kojiBuild(name = "python-foo", release?: string, state = 1): Message {
  return decodeMessage(kojiBuildEnvelope({ name, state, ...(release !== undefined ? { release } : {}) }));
}

/** A Bodhi update message (fedmsg) about `alias`. */
export function bodhiUpdate(alias: string, event: string, extra: Record<string, unknown> = {}): Message {
  return decodeMessage({
    topic: `org.fedoraproject.prod.bodhi.update.${event}`,
    msg: {
      agent: "bodhi",
      update: {
        alias,
        title: `nano-8.7-1.fc45`,
        builds: [{ nvr: "nano-8.7-1.fc45" }],
        user: { name: "tomas" },
        release: { name: "F45" },
        status: "testing",
      },
      ...extra,
    },
    msg_id: `2026-${crypto.randomUUID()}`,
    timestamp: 1790000000,
    i: 1,
    username: "test",
  });
}

/** A Pagure pull-request message about PR `id` of `project`. */
export function pagurePr(project: string, id: number, event: string): Message {
  return decodeMessage({
    topic: `io.pagure.prod.pagure.pull-request.${event}`,
    msg: {
      agent: "alice",
      pullrequest: {
        id,
        title: "Fix the thing",
        project: { name: project, fullname: project, namespace: null },
        user: { name: "alice" },
        status: "Open",
      },
    },
    msg_id: `2026-${crypto.randomUUID()}`,
    timestamp: 1790000000,
    i: 1,
    username: "test",
  });
}

const ALLOWED_TAGS: Readonly<Record<string, readonly string[]>> = { font: ["color", "data-mx-color"], b: [], a: ["href"] };

/**
 * Checks that `html` is well-formed in the subset the renderer may emit: only
 * font/b/a with their allowed, double-quoted attributes, every tag closed in
 * order, every `&` an entity, no `<` or `>` outside tags. Returns the text.
 */
export function checkHtml(html: string): string {
  const stack: string[] = [];
  let text = "";
  const token = /<(\/?)([a-z]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>|([^<]+)|(<)/g;
  for (const m of html.matchAll(token)) {
    if (m[5] !== undefined) throw new Error(`stray '<' at ${m.index}: ${html}`);
    if (m[4] !== undefined) {
      if (/>/.test(m[4])) throw new Error(`raw '>' in text: ${m[4]}`);
      if (/&(?!(amp|lt|gt|quot|#39);)/.test(m[4])) throw new Error(`bare '&' in text: ${m[4]}`);
      text += m[4]
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
      continue;
    }
    const [, close, tag = "", attrs = ""] = m;
    const allowed = ALLOWED_TAGS[tag];
    if (!allowed) throw new Error(`tag <${tag}> not expected: ${html}`);
    if (close) {
      if (stack.pop() !== tag) throw new Error(`</${tag}> closes nothing open: ${html}`);
      continue;
    }
    for (const a of attrs.matchAll(/([a-z-]+)="([^"]*)"/g)) {
      if (!allowed.includes(a[1] ?? "")) throw new Error(`attribute ${a[1]} on <${tag}>: ${html}`);
      if (/&(?!(amp|lt|gt|quot|#39);)/.test(a[2] ?? "")) throw new Error(`bare '&' in attribute: ${a[2]}`);
    }
    stack.push(tag);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join(">, <")}>: ${html}`);
  return text;
}
