/** One fedmsg `irc` entry -> one fedmsg-echo IRC connection (see ./map.ts). */
import type { Findings } from "./findings.js";
import type { PyNode } from "./python-literal.js";

/** fedmsg's link shortener (fedmsg/consumers/ircbot.py: da.gd with the link as `url`). */
export const FEDMSG_SHORTENER_URL = "https://da.gd/s?url={url}";

/** One entry of fedmsg's `irc` list: one connection with one channel, as fedmsg made it. */
export class IrcEntry {
  constructor(
    private readonly node: PyNode,
    private readonly file: string,
    private readonly path: string,
    private readonly m: Findings,
  ) {}

  private no(line: number, key: string, reason: string): void {
    this.m.unmapped.push({ file: this.file, line, key: `${this.path}.${key}`, reason });
  }

  map(colors: Record<string, string> | undefined, notice: boolean | undefined): Record<string, unknown> | undefined {
    const node = this.node;
    if (node.kind !== "dict") {
      this.m.unmapped.push({ file: this.file, line: node.line, key: this.path, reason: "not a dict" });
      return undefined;
    }
    const get = new Map<string, PyNode>();
    for (const e of node.entries) if (e.key.kind === "str") get.set(e.key.value, e.value);
    const str = (k: string) => {
      const v = get.get(k);
      return v?.kind === "str" ? v.value : undefined;
    };
    const num = (k: string) => {
      const v = get.get(k);
      return v?.kind === "num" ? v.value : undefined;
    };
    const bool = (k: string) => {
      const v = get.get(k);
      return v?.kind === "bool" ? v.value : v?.kind === "num" ? v.value !== 0 : undefined;
    };
    for (const [k, v] of get) {
      if (v.kind === "unsupported") this.no(v.line, k, `not a literal (${v.source})`);
      else if (!IRC_KEYS.has(k)) this.no(v.line, k, "unknown to fedmsg-echo");
    }
    const channel = str("channel");
    if (!channel) {
      this.m.unmapped.push({
        file: this.file,
        line: node.line,
        key: this.path,
        reason: "no channel: fedmsg ignored this entry, and so does the import",
      });
      return undefined;
    }
    const network = str("network");
    if (!network)
      this.m.notes.push({
        file: this.file,
        line: node.line,
        key: `${this.path}.network`,
        reason: "not set: fedmsg's default irc.freenode.net written out; Freenode is gone, change it",
      });
    const out: Record<string, unknown> = {
      // fedmsg's defaults are written out where fedmsg-echo's differ (port 6697, TLS on, colours on).
      network: network ?? "irc.freenode.net",
      port: num("port") ?? 6667,
      tls: bool("ssl") ?? false,
      nickname: str("nickname") ?? "fedmsg-bot",
    };
    const timeout = num("timeout");
    if (timeout !== undefined) {
      if (timeout > 0) out.connect_timeout_ms = Math.max(100, Math.round(timeout * 1000));
      else this.no(get.get("timeout")?.line ?? node.line, "timeout", "must be a positive number of seconds");
    }
    // Twisted's lineRate: at least line_rate seconds between lines, no burst. fedmsg's default: 1 s.
    const lineRate = num("line_rate") ?? 1;
    if (lineRate > 0) out.limit = { burst: 1, rate: Number((1 / lineRate).toFixed(6)) };
    else this.no(get.get("line_rate")?.line ?? node.line, "line_rate", "must be a positive number of seconds");
    if (bool("make_short")) out.shortener = { url: FEDMSG_SHORTENER_URL };
    if (bool("make_terse") !== true) {
      this.no(
        get.get("make_terse")?.line ?? node.line,
        "make_terse",
        "False (fedmsg's default) sent the raw message as JSON; fedmsg-echo always sends the one-line summary (make_terse: True)",
      );
    }
    const ch: Record<string, unknown> = { name: channel.startsWith("#") ? channel : `#${channel}`, colors: bool("make_pretty") ?? false };
    if (notice !== undefined) ch.notice = notice;
    const filters = this.filters(get.get("filters"));
    if (filters) ch.filters = filters;
    out.channels = [ch];
    if (colors && Object.keys(colors).length > 0) out.service_colors = colors;
    return out;
  }

  private filters(node: PyNode | undefined): Record<string, unknown> | undefined {
    if (!node || node.kind === "unsupported") return undefined;
    if (node.kind !== "dict") {
      this.no(node.line, "filters", "not a dict of topic/body regex lists");
      return undefined;
    }
    const exclude: string[] = [];
    for (const { key, value } of node.entries) {
      const kind = key.kind === "str" ? key.value : "?";
      const items = value.kind === "list" ? value.items : [value];
      for (const item of items) {
        if (item.kind !== "str") {
          this.no(item.line, `filters.${kind}`, "not a regular expression string");
        } else if (item.value === "") {
          continue; // fedmsg skipped empty patterns
        } else if (kind === "body") {
          this.no(
            item.line,
            "filters.body",
            `/${item.value}/ on the message body: fedmsg-echo filters on topics, people and packages, not the body`,
          );
        } else if (kind !== "topic") {
          this.no(item.line, `filters.${kind}`, "fedmsg knew only topic and body filters");
        } else {
          const js = pythonRegexToJs(item.value);
          if (js === undefined)
            this.no(item.line, "filters.topic", `/${item.value}/ is not a regular expression JavaScript reads the same way`);
          else exclude.push(js);
        }
      }
    }
    // fedmsg dropped a message when a topic pattern matched anywhere (re.search): exclude_regex does the same.
    return exclude.length > 0 ? { exclude_regex: exclude } : undefined;
  }
}

const IRC_KEYS = new Set([
  "network",
  "port",
  "ssl",
  "nickname",
  "channel",
  "timeout",
  "make_pretty",
  "make_terse",
  "make_short",
  "line_rate",
  "filters",
]);

/** The common subset of Python's `re` and JavaScript's RegExp, with named groups translated; undefined when unsure. */
export function pythonRegexToJs(re: string): string | undefined {
  // Inline flags, conditionals, \A \Z, possessive/atomic forms and \N{...} mean something else (or nothing) in JS.
  if (/\(\?[aiLmsux-]+[):]|\(\?\(|\\[AZN]|\(\?>|[*+?}]\+/.test(re)) return undefined;
  const js = re.replace(/\(\?P<([A-Za-z_]\w*)>/g, "(?<$1>").replace(/\(\?P=([A-Za-z_]\w*)\)/g, "\\k<$1>");
  try {
    new RegExp(js);
    return js;
  } catch {
    return undefined;
  }
}
