/**
 * `fedmsg-echo healthcheck`: the container and service-manager probe. Asks the running bot's
 * `metrics_listen` (read from the same config the bot reads) for `/healthz` (alive) or, with
 * `--ready`, `/readyz` (connected at both ends). `--tcp HOST:PORT` only checks that something
 * accepts connections there (the demo's replay publisher, which has no HTTP side).
 * Exit 0 healthy, 1 not; one line on stdout or stderr says why.
 */
import { connect } from "node:net";
import { loadConfig } from "../config/load.js";
import { parseListen } from "./metrics-http.js";

/** A probe that takes longer is a failed probe: the orchestrator's own timeout is longer. */
export const HEALTHCHECK_TIMEOUT_MS = 4000;

export interface HealthcheckOptions {
  readonly configPath: string | undefined;
  readonly ready: boolean;
  readonly tcp?: string | undefined;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
}

export async function runHealthcheck(opts: HealthcheckOptions): Promise<number> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (opts.tcp !== undefined) {
    const { host, port } = parseListen(opts.tcp);
    const ok = await tcpOpen(host, port);
    (ok ? out : err)(`${opts.tcp}: ${ok ? "accepting connections" : "not accepting connections"}`);
    return ok ? 0 : 1;
  }
  const listen = loadConfig(opts.configPath).config.metrics_listen;
  if (!listen) {
    err("healthcheck: the config has no metrics_listen; set one (e.g. 0.0.0.0:9464) so the bot can be asked");
    return 1;
  }
  const { host, port } = parseListen(listen);
  const url = `http://${probeHost(host)}:${port}${opts.ready ? "/readyz" : "/healthz"}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HEALTHCHECK_TIMEOUT_MS) });
    const body = (await res.text()).trim().replace(/\n/g, "; ");
    (res.ok ? out : err)(`${url}: ${res.status} ${body}`);
    return res.ok ? 0 : 1;
  } catch (e) {
    err(`${url}: ${(e as Error).message}`);
    return 1;
  }
}

/** A wildcard listen address is probed on loopback. */
function probeHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: HEALTHCHECK_TIMEOUT_MS });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}
