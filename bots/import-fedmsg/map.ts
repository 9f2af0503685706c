/**
 * fedmsg.d keys -> fedmsg-echo config keys. Each fedmsg key either maps to an equivalent (with
 * fedmsg's own defaults written out where ours differ: port 6667, no TLS, no colours, one line
 * per `line_rate` seconds), or is reported with its file, line and why; nothing is guessed.
 * Key names and defaults follow fedmsg's fedmsg.d/ircbot.py, fedmsg/consumers/ircbot.py and
 * fedmsg.d/{base,endpoints,ssl}.py.
 */
import { ircConnectionSchema } from "../../config/irc.js";
import { IrcEntry } from "./irc-entry.js";
import type { PyNode } from "./python-literal.js";

import type { Findings, Origin, Unmapped } from "./findings.js";

export type { Origin, Unmapped } from "./findings.js";

/** One top-level fedmsg key after the files' shallow merge (later files win, as in fedmsg). */
export interface SourceKey {
  readonly key: string;
  readonly value: PyNode;
  readonly file: string;
}

const MIRC_COLOR_NAMES = new Set([
  "white",
  "black",
  "blue",
  "green",
  "red",
  "brown",
  "purple",
  "orange",
  "yellow",
  "light green",
  "teal",
  "light cyan",
  "light blue",
  "pink",
  "grey",
  "light grey",
]);
const OUR_DEFAULT_TITLE_COLOR = "light grey";

/** fedmsg keys with no meaning for a bot that only subscribes, and why. */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  sign_messages: "fedmsg-echo publishes nothing, so signs nothing",
  crypto_backend: "fedmsg-echo verifies x509 signatures only",
  crypto_validate_backends: "fedmsg-echo verifies x509 signatures only",
  ssldir: "signing keys: fedmsg-echo signs nothing",
  certnames: "signing certificates: fedmsg-echo signs nothing",
  crl_cache: "fedmsg-echo reads crl_location from a local file",
  crl_cache_expiry: "fedmsg-echo reads crl_location from a local file",
  ca_cert_cache: "fedmsg-echo reads ca_cert_location from a local file",
  ca_cert_cache_expiry: "fedmsg-echo reads ca_cert_location from a local file",
  io_threads: "ZeroMQ I/O threads are not configurable",
  zmq_enabled: "fedmsg-echo reads ZeroMQ when `endpoints` has addresses, AMQP with `amqp`",
  zmq_strict: "subscriptions are topic prefixes (zmq.subscribe) and sink filters",
  post_init_sleep: "publishing only",
  zmq_linger: "publishing only",
  zmq_tcp_keepalive_cnt: "not configurable (the system's TCP keepalive count)",
  zmq_tcp_keepalive_intvl: "not configurable (the system's TCP keepalive interval)",
  relay_inbound: "publishing only (fedmsg-relay)",
  active: "publishing only",
  status_directory: "fedmsg-echo keeps no status directory",
  datagrepper_url: "fedmsg-echo does not fetch a backlog from datagrepper",
  logging: "logs are pino JSON lines; set log.level",
};

export class Mapper implements Findings {
  readonly unmapped: Unmapped[] = [];
  readonly notes: Unmapped[] = [];
  readonly out: Record<string, unknown> = {};

  map(keys: readonly SourceKey[]): Record<string, unknown> {
    const byKey = new Map(keys.map((k) => [k.key, k]));
    for (const k of keys) this.top(k, byKey);
    return this.out;
  }

  private top(k: SourceKey, all: ReadonlyMap<string, SourceKey>): void {
    const { key, value, file } = k;
    const at = { file, line: value.line };
    const no = (reason: string, where: Origin = at, what = key): void => void this.unmapped.push({ ...where, key: what, reason });
    if (value.kind === "unsupported") {
      no(`not a literal (${value.source}); fedmsg-echo does not run Python`);
      return;
    }
    switch (key) {
      case "topic_prefix":
        if (value.kind === "str") this.out.topic_prefix = value.value;
        else no("not a string");
        break;
      case "environment":
        if (value.kind === "str" && ["dev", "stg", "prod"].includes(value.value)) this.out.environment = value.value;
        else no("must be dev, stg or prod");
        break;
      case "endpoints":
        this.endpoints(value, at);
        break;
      case "irc":
        this.irc(value, file, all);
        break;
      case "irc_color_lookup":
      case "irc_method":
        if (!all.has("irc")) no("there is no `irc` list to apply it to");
        break; // applied per connection by irc()
      case "irc_default_color":
        if (value.kind !== "str" || value.value !== OUR_DEFAULT_TITLE_COLOR)
          no(`fedmsg-echo has no key for the default title colour; it is always ${OUR_DEFAULT_TITLE_COLOR}`);
        break;
      case "high_water_mark":
        this.zmqInt(value, at, key, "rcvhwm", 0, 1);
        break;
      case "zmq_reconnect_ivl":
        this.zmqInt(value, at, key, "reconnect_ms", 10, 1);
        break;
      case "zmq_reconnect_ivl_max":
        this.zmqInt(value, at, key, "reconnect_max_ms", 0, 1);
        break;
      case "zmq_tcp_keepalive_idle":
        this.zmqInt(value, at, key, "tcp_keepalive_idle_s", 1, 1);
        break;
      case "zmq_tcp_keepalive":
        if ((value.kind === "num" || value.kind === "bool") && [0, 1].includes(Number(value.value)))
          this.zmq().tcp_keepalive = Number(value.value) === 1;
        else no("must be 0 or 1");
        break;
      case "validate_signatures":
      case "ca_cert_location":
      case "crl_location":
      case "routing_policy":
      case "routing_nitpicky":
        this.verify(key, value, at, all);
        break;
      default:
        no(
          NOT_APPLICABLE[key] ??
            (key.startsWith("stomp_") ? "STOMP is not supported (fedora-messaging over AMQP is: see `amqp`)" : "unknown to fedmsg-echo"),
        );
    }
  }

  private zmq(): Record<string, unknown> {
    return ((this.out.zmq as Record<string, unknown> | undefined) ??= {});
  }

  private zmqInt(value: PyNode, at: Origin, key: string, ours: string, min: number, scale: number): void {
    if (value.kind === "num" && Number.isInteger(value.value) && value.value * scale >= min) this.zmq()[ours] = value.value * scale;
    else this.unmapped.push({ ...at, key, reason: `must be an integer of at least ${min} for zmq.${ours}` });
  }

  private endpoints(value: PyNode, at: Origin): void {
    if (value.kind !== "dict") return void this.unmapped.push({ ...at, key: "endpoints", reason: "not a dict" });
    const out: Record<string, string[]> = {};
    for (const { key, value: v } of value.entries) {
      const name = key.kind === "str" ? key.value : undefined;
      const where = { file: at.file, line: v.line };
      if (name === undefined) {
        this.unmapped.push({ ...where, key: "endpoints", reason: "an endpoint name that is not a string" });
        continue;
      }
      const list = v.kind === "list" ? v.items : [v];
      const addrs: string[] = [];
      for (const a of list) {
        if (a.kind === "str" && /^(tcp|ipc|inproc):\/\//.test(a.value)) addrs.push(a.value);
        else
          this.unmapped.push({
            file: at.file,
            line: a.line,
            key: `endpoints.${name}`,
            reason: a.kind === "unsupported" ? `not a literal (${a.source})` : "not a ZeroMQ address (tcp://, ipc://, inproc://)",
          });
      }
      out[name] = addrs;
    }
    this.out.endpoints = out;
  }

  private verify(key: string, value: PyNode, at: Origin, all: ReadonlyMap<string, SourceKey>): void {
    const v = ((this.out.verify as Record<string, unknown> | undefined) ??= {});
    const isUrl = (n: PyNode | undefined) => n?.kind === "str" && /^[a-z][a-z0-9+.-]*:\/\//i.test(n.value);
    const no = (reason: string): void => void this.unmapped.push({ ...at, key, reason });
    if (key === "validate_signatures") {
      const ca = all.get("ca_cert_location")?.value;
      if (value.kind !== "bool") no("not True or False");
      else if (value.value && (ca === undefined || ca.kind !== "str" || isUrl(ca)))
        no("needs ca_cert_location as a local file (download the CA and name it); left off");
      else v.validate_signatures = value.value;
    } else if (key === "ca_cert_location" || key === "crl_location") {
      if (value.kind !== "str") no("not a string");
      else if (isUrl(value)) no(`a URL (${value.value}): download it and set verify.${key} to the local file`);
      else v[key] = value.value;
    } else if (key === "routing_policy") {
      if (value.kind !== "dict") {
        no("not a dict");
        return;
      }
      const policy: Record<string, string[]> = {};
      for (const e of value.entries) {
        const names = e.value.kind === "list" ? e.value.items : [];
        if (e.key.kind !== "str" || e.value.kind !== "list" || names.some((n) => n.kind !== "str")) {
          this.unmapped.push({
            file: at.file,
            line: e.value.line,
            key: "routing_policy",
            reason: "an entry that is not topic -> list of certificate names",
          });
          continue;
        }
        policy[e.key.value] = names.map((n) => (n.kind === "str" ? n.value : ""));
      }
      v.routing_policy = policy;
    } else if (value.kind === "bool") v.routing_nitpicky = value.value;
    else no("not True or False");
  }

  private irc(value: PyNode, file: string, all: ReadonlyMap<string, SourceKey>): void {
    const at = { file, line: value.line };
    if (value.kind !== "list") return void this.unmapped.push({ ...at, key: "irc", reason: "not a list" });
    const colors = this.colorLookup(all.get("irc_color_lookup"));
    const notice = this.ircMethod(all.get("irc_method"));
    const out: Record<string, unknown>[] = [];
    value.items.forEach((entry, i) => {
      const c = new IrcEntry(entry, file, `irc[${i}]`, this).map(colors, notice);
      if (!c) return;
      // A value fedmsg took but fedmsg-echo refuses (a nick with a dot, a port of 0): the entry is reported, not bent.
      const checked = ircConnectionSchema.safeParse(c);
      if (checked.success) out.push(c);
      else
        for (const issue of checked.error.issues)
          this.unmapped.push({
            file,
            line: entry.line,
            key: `irc[${i}].${issue.path.join(".")}`,
            reason: `${issue.message}; entry left out`,
          });
    });
    this.out.irc = out;
  }

  private colorLookup(k: SourceKey | undefined): Record<string, string> | undefined {
    if (!k || k.value.kind === "unsupported") return undefined; // reported with the other top-level keys
    if (k.value.kind !== "dict") {
      this.unmapped.push({ file: k.file, line: k.value.line, key: "irc_color_lookup", reason: "not a dict" });
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const { key, value } of k.value.entries) {
      if (key.kind === "str" && value.kind === "str" && MIRC_COLOR_NAMES.has(value.value)) out[key.value] = value.value;
      else
        this.unmapped.push({
          file: k.file,
          line: value.line,
          key: "irc_color_lookup",
          reason: `not a service -> colour name (${[...MIRC_COLOR_NAMES].join(", ")})`,
        });
    }
    return out;
  }

  private ircMethod(k: SourceKey | undefined): boolean | undefined {
    if (!k || k.value.kind === "unsupported") return undefined;
    if (k.value.kind === "str" && (k.value.value === "notice" || k.value.value === "msg")) return k.value.value === "notice";
    this.unmapped.push({ file: k.file, line: k.value.line, key: "irc_method", reason: "must be 'msg' or 'notice'" });
    return undefined;
  }
}
