/** Test helpers: a sink that records what it is offered, ports, waiting for a condition. */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { Outcome, Ticket } from "../../bots/flow/outcome.js";
import type { Sink } from "../../bots/sink.js";
import type { Message, Summary } from "../../formatters/index.js";

/**
 * A sink that takes every topic and holds every ticket it gets; at stop it drops what it still
 * holds ("shutdown"), as a flow past its deadline does.
 */
export class HoldingSink implements Sink {
  readonly held: Ticket[] = [];
  constructor(readonly name = "slow") {}
  wantsTopic(): boolean {
    return true;
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  offer(_msg: Message, _summary: Summary, ticket: Ticket): void {
    this.held.push(ticket);
  }
  stop(): Promise<void> {
    for (const t of this.held.splice(0)) t.settle("dropped", "shutdown");
    return Promise.resolve();
  }
}

export class CollectingSink implements Sink {
  readonly name = "collect";
  readonly got: { msg: Message; summary: Summary; ticket: Ticket }[] = [];
  /** Settle each ticket at once with this outcome; null leaves them open (the test settles them). */
  constructor(private readonly outcome: Outcome | null = "sent") {}
  wantsTopic(): boolean {
    return true;
  }
  offer(msg: Message, summary: Summary, ticket: Ticket): void {
    this.got.push({ msg, summary, ticket });
    if (this.outcome) ticket.settle(this.outcome);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

/**
 * A port for a server that must be told its port before it starts (ngircd, InspIRCd, a ZeroMQ
 * publisher that comes up after its subscriber). Everything else binds port 0 (`tcp://127.0.0.1:*`)
 * and reads the port back. Asking the OS for port 0, closing and handing that port out races with
 * every other process on the machine: the kernel gives its ephemeral ports to the next bind(0) or
 * connect(). So the port comes from below the ephemeral range, which the kernel never hands out by
 * itself, is checked free by binding it, and is never handed out twice by this process.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
    const port = FIXED_PORT_MIN + Math.floor(Math.random() * (ephemeralMin() - FIXED_PORT_MIN));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port below ${ephemeralMin()} after ${FREE_PORT_ATTEMPTS} attempts`);
}

const FIXED_PORT_MIN = 20_000;
const FREE_PORT_ATTEMPTS = 50;
const handedOut = new Set<number>();

/** The low end of the kernel's ephemeral port range (Linux; 32768 elsewhere, IANA's is higher). */
function ephemeralMin(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > FIXED_PORT_MIN + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/**
 * The tests' one wait: poll `cond` every `stepMs` until true; throws with `what` after `timeoutMs`.
 * The default stays below mocha's 20 s timeout, so a wait that fails says what it waited for.
 */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000, stepMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
