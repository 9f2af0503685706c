/** Drive clients-proc.ts (many SSE streams in a child process) from a test or a bench. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export type Item = number | [number, number];
export interface ClientReport {
  readonly filtered: boolean;
  readonly slow: boolean;
  readonly ended: boolean;
  readonly items: Item[];
  readonly latencies: number[];
}
export interface Report {
  readonly rss: number;
  readonly clients: ClientReport[];
}

export class ClientsProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(base: string, count: number, filtered: number, slow: number): Promise<ClientsProcess> {
    const child = fork(
      fileURLToPath(new URL("./clients-proc.ts", import.meta.url)),
      [base, String(count), String(filtered), String(slow)],
      {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`clients process exited (${code})`)));
      child.on("message", (m: { type: string }) => m.type === "ready" && resolve());
    });
    child.removeAllListeners("exit");
    return new ClientsProcess(child);
  }

  resume(): void {
    this.child.send({ cmd: "resume" });
  }

  report(): Promise<Report> {
    return new Promise((resolve) => {
      const on = (m: { type: string } & Report) => {
        if (m.type !== "report") return;
        this.child.off("message", on);
        resolve(m);
      };
      this.child.on("message", on);
      this.child.send({ cmd: "report" });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.send({ cmd: "exit" });
    const t = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(t);
  }
}

/** How many rows a stream accounts for: its rows plus what its skipped rows stand for. */
export function accounted(items: readonly Item[]): number {
  return items.reduce<number>((s, x) => s + (typeof x === "number" ? 1 : x[0]), 0);
}
