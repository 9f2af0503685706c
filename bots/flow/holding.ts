/**
 * A lane unavailable but not given up yet (an IRC channel that refuses the JOIN, for less than
 * `flow.unavailable_after_s`): it holds its messages, and with them deliveries of the AMQP source,
 * whose `prefetch` then starves every other destination of the bot. `/readyz` and the log say so
 * while it lasts (which lane, since when, how many messages it holds, when it will be given up),
 * not only once it is given up: the bot is not serving that destination, and may be serving none.
 * Used by the flow's availability watch (flow.ts `watchAvailability`).
 */
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { ReadinessReporter } from "../readiness.js";

export interface Holding {
  readonly readiness: ReadinessReporter;
  /** Wall time (ms since the epoch) since which the lane is unavailable. */
  readonly sinceWall: number;
}

export interface HoldingContext {
  readonly sink: string;
  readonly lane: string;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Monotonic ms unavailable so far, and the wall clock now. */
  readonly unavailableMs: number;
  readonly wallNow: number;
  readonly afterS: number | null;
  /** Messages the lane holds. */
  readonly held: number;
}

/** Reports (and, the first time, warns) that the lane is holding; returns what `holdingEnded` needs. */
export function reportHolding(current: Holding | null, c: HoldingContext): Holding {
  const sinceWall = current?.sinceWall ?? c.wallNow - c.unavailableMs;
  const givenUpAt = c.afterS === null ? null : sinceWall + c.afterS * 1000;
  const h = current ?? { readiness: c.metrics.readiness.register("sink", `${c.sink} ${c.lane}`), sinceWall };
  const until =
    givenUpAt === null
      ? "never given up (flow.unavailable_after_s: null)"
      : `given up at ${new Date(givenUpAt).toISOString()} (in ${Math.max(0, Math.round((givenUpAt - c.wallNow) / 1000))} s)`;
  h.readiness.set(
    false,
    `${c.lane} unavailable since ${new Date(sinceWall).toISOString()}: holding ${c.held} messages (with AMQP they hold the source's prefetch and may starve every other destination); ${until}`,
  );
  if (!current)
    c.log.warn(
      {
        sink: c.sink,
        lane: c.lane,
        held: c.held,
        since: new Date(sinceWall).toISOString(),
        given_up_at: givenUpAt === null ? null : new Date(givenUpAt).toISOString(),
      },
      "lane unavailable (a JOIN refused? a bad key, a ban, +i): its messages are held, and with AMQP hold the source's prefetch (other destinations may starve) until it is back or given up",
    );
  return h;
}

/** The lane is available again before it was given up: out of `/readyz`, and said in the log. */
export function holdingEnded(h: Holding, c: { sink: string; lane: string; log: Logger; wallNow: number }): void {
  h.readiness.remove();
  c.log.warn(
    { sink: c.sink, lane: c.lane, unavailable_s: Math.round((c.wallNow - h.sinceWall) / 1000) },
    "lane available again before it was given up: its held messages are sent",
  );
}
