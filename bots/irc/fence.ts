/**
 * Proof that the server processed what the bot wrote. A line handed to the socket
 * is not yet a line shown: the server may refuse it (404 ERR_CANNOTSENDTOCHAN in a
 * +m channel, banned while joined) or never read it (a hung server, a link that
 * dies with bytes in flight). So a channel line is "sent" only once a fence behind
 * it came back: a `PING :<token>` written after it, whose PONG proves that the
 * server read and handled every line before it (a server handles one client's
 * lines in order and answers in order), with no refusal for its channel between.
 *
 * A fence is a line the server counts like any other, so fences are few: one
 * after the writer goes quiet while a token is free (it costs no waiting line),
 * and under a steady backlog one after `batch` lines (2 on a new connection,
 * doubling with each fence that comes back, up to 25) or once the oldest line is
 * `FENCE_MAX_AGE_MS` old. At most one fence is out at a time, and at most
 * `MAX_UNCONFIRMED_LINES` lines wait for one: a hung server holds that many, not
 * everything the pace would let through before the ping timeout.
 */

/** What became of a written line: shown (a fence behind it came back), refused by the server, or lost with the connection. */
export type Confirmation = "shown" | "refused" | "lost";

/** The connection as the fences use it. */
export interface FenceWire {
  /** Queues `PING :<token>` as a control line (on the pace, before channel lines). */
  sendFence(token: string): void;
  /** Whether a token is free now: a fence then delays no waiting line. */
  tokenFree(): boolean;
  /** Milliseconds, monotonic. */
  now(): number;
  /** A timer; cleared by `cancel` of the returned handle. */
  later(ms: number, fn: () => void): { cancel(): void };
  /** A fence went unanswered for `unansweredMs` while the connection stayed up: the connection is broken (redial it). */
  unanswered(waitedMs: number): void;
}

/** After this long without a line written, a fence goes out if a token is free. */
export const FENCE_QUIET_MS = 250;
/** A line waits at most about this long for its fence under a steady backlog (then the fence takes a token from the lines). */
export const FENCE_MAX_AGE_MS = 10_000;
/**
 * A fence unanswered this long (or `ping_timeout_s`, if shorter) drops the connection. The ids of
 * unproven lines are already remembered (in the tick of the write, so that a SIGKILL does not show
 * a healthy server's lines twice); until the connection is dropped and they are forgotten, a SIGKILL
 * would lose those of a hung server. So a server that lags this long is not waited for.
 */
export const FENCE_UNANSWERED_MAX_MS = 30_000;
/**
 * A line's id is remembered at its write (before its proof) only while the server proved a line
 * this recently: a SIGKILL then shows a healthy server's lines at most once more, where waiting
 * for the proof would show every unproven line twice. After a quiet spell, on a new connection,
 * after a refusal or a restricting mode change, the id waits for the proof: a SIGKILL then shows
 * the line again rather than losing it (the hostile reviews: a +m channel's refusals still on
 * their way, a server that hung, both lost lines whose ids were remembered at the write).
 */
export const TRUST_MS = 1000;
/** Lines that make the first fence of a connection due (see `Fences.batch`). */
export const FIRST_BATCH = 2;
/** Past this many lines written and not confirmed, the connection takes no more until a fence comes back. */
export const MAX_UNCONFIRMED_LINES = 50;

interface Pending {
  /** The channel, folded to lower case. */
  readonly channel: string;
  readonly at: number;
  readonly settle: (c: Confirmation) => void;
}

interface Refusals {
  count: number;
  /** A mode change of the channel came before the first refusal (+m, +b on us), and none after. */
  afterModeChange: boolean;
  modeChangedSince: boolean;
}

interface Fence {
  readonly token: string;
  readonly lines: Pending[];
}

export class Fences {
  /** Written, no fence written behind them yet (oldest first). */
  private open: Pending[] = [];
  /** A fence written, its PONG awaited (at most one; a list so that an unanswered older one is still settled in order). */
  private out: Fence[] = [];
  /** The token of the fence queued and not yet written. */
  private asked: string | null = null;
  private seq = 0;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private timer: { cancel(): void } | undefined;
  /**
   * Lines that make a fence due at once, even with no token free: 2 on a new connection, doubled by
   * each fence that comes back, up to half the cap. A server that kills the connection (Excess
   * Flood) after a few lines has proven some of them by then, instead of none each time.
   */
  private batch = FIRST_BATCH;
  private watchdog: { cancel(): void } | undefined;
  private urgent = false;
  /**
   * Refusals per channel since the last PONG: they are all for lines of the next fence's window (a
   * server handles and answers one client's lines in order; a line shown gets no answer at all).
   */
  private readonly refusals = new Map<string, Refusals>();
  /** Channels whose modes changed since the last PONG, before any refusal of theirs. */
  private readonly modesChanged = new Set<string>();
  private lastProofAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly wire: FenceWire,
    /** A fence out this long unanswered: `wire.unanswered` (the connection's ping timeout). */
    private readonly unansweredMs: number,
    /** Tokens start with it, so that our PONGs are told from irc-framework's keepalive ones. */
    private readonly prefix = "fedmsg-echo-fence-",
  ) {}

  /** Lines written and not yet confirmed or refused. */
  get unconfirmed(): number {
    let n = this.open.length;
    for (const f of this.out) n += f.lines.length;
    return n;
  }

  /** Whether the connection may write another channel line now. */
  get roomForMore(): boolean {
    return this.unconfirmed < MAX_UNCONFIRMED_LINES;
  }

  /** A channel line was just handed to the socket: resolves once it is confirmed, refused or lost. */
  add(channel: string): Promise<Confirmation> {
    this.lastWrite = this.wire.now();
    return new Promise<Confirmation>((settle) => {
      this.open.push({ channel: channel.toLowerCase(), at: this.lastWrite, settle });
      this.consider();
    });
  }

  /** From now on a fence follows as soon as the writer is quiet, token free or not (the bot is stopping). */
  hurry(): void {
    this.urgent = true;
    this.consider();
  }

  /** Any line written to the socket: our queued fence, once written, covers the lines written before it. */
  lineWritten(line: string): void {
    if (this.asked === null || line !== `PING :${this.asked}`) return;
    const fence = { token: this.asked, lines: this.open };
    this.out.push(fence);
    this.open = [];
    this.asked = null;
    // A server that answers other lines but never this PING would hold its lines for ever.
    this.watchdog?.cancel();
    this.watchdog = this.wire.later(this.unansweredMs, () => {
      this.watchdog = undefined;
      if (this.out.includes(fence)) this.wire.unanswered(this.unansweredMs);
    });
  }

  /** A PONG: its fence, and any older one still out, confirm their lines. True when it was one of ours. */
  pong(token: string | undefined): boolean {
    if (token === undefined || !token.startsWith(this.prefix)) return false;
    const i = this.out.findIndex((f) => f.token === token);
    if (i < 0) return true;
    const done = this.out.splice(0, i + 1);
    this.lastProofAt = this.wire.now();
    this.batch = Math.min(this.batch * 2, MAX_UNCONFIRMED_LINES / 2);
    if (this.out.length === 0) {
      this.watchdog?.cancel();
      this.watchdog = undefined;
    }
    const lines = done.flatMap((f) => f.lines);
    const refused = this.refusedOf(lines);
    this.refusals.clear();
    this.modesChanged.clear();
    for (const p of lines) p.settle(refused.has(p) ? "refused" : "shown");
    this.consider();
    return true;
  }

  /**
   * Which lines of a proven window the server refused. Each refused line got one refusal, in
   * order, but which ones they were is not said: when the channel's modes changed (+m) just before
   * the first refusal and not again, the refused lines are the last ones (those after the change);
   * otherwise (a content filter, the modes changed back and forth) every line of that channel in
   * the window counts as refused: sent again, shown twice rather than lost.
   */
  private refusedOf(lines: readonly Pending[]): Set<Pending> {
    const out = new Set<Pending>();
    for (const [channel, r] of this.refusals) {
      const mine = lines.filter((p) => p.channel === channel);
      const exact = r.afterModeChange && !r.modeChangedSince && r.count <= mine.length;
      for (const p of exact ? mine.slice(mine.length - r.count) : mine) out.add(p);
    }
    return out;
  }

  /** Whether a line for `channel` written now may be remembered before its proof (see TRUST_MS). */
  trusted(channel: string): boolean {
    const folded = channel.toLowerCase();
    return this.wire.now() - this.lastProofAt <= TRUST_MS && !this.refusals.has(folded) && !this.modesChanged.has(folded);
  }

  /** The channel's modes changed (or the bot was kicked): refusals that follow are explained by it. */
  modeChanged(channel: string): void {
    const folded = channel.toLowerCase();
    const r = this.refusals.get(folded);
    if (r) r.modeChangedSince = true;
    else this.modesChanged.add(folded);
  }

  /**
   * The server refused a line for `channel`: counted; which lines it was is decided when the fence
   * behind them comes back (`refusedOf`). Returns how many lines of the channel await their proof.
   */
  refused(channel: string): number {
    const folded = channel.toLowerCase();
    const r = this.refusals.get(folded);
    if (r) r.count++;
    else this.refusals.set(folded, { count: 1, afterModeChange: this.modesChanged.has(folded), modeChangedSince: false });
    // The refused line is behind no fence yet: one goes out at once, so that the lines come back soon.
    if (this.out.length === 0 && this.asked === null && this.open.length > 0) this.ask();
    let n = 0;
    for (const p of this.open) if (p.channel === folded) n++;
    for (const f of this.out) for (const p of f.lines) if (p.channel === folded) n++;
    return n;
  }

  /** The connection is gone: every line not confirmed is lost (sent again on the next connection). */
  lost(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.watchdog?.cancel();
    this.watchdog = undefined;
    this.batch = FIRST_BATCH;
    this.lastProofAt = Number.NEGATIVE_INFINITY;
    this.refusals.clear();
    this.modesChanged.clear();
    const lines = [...this.out.flatMap((f) => f.lines), ...this.open];
    this.open = [];
    this.out = [];
    this.asked = null;
    for (const p of lines) p.settle("lost");
  }

  private ask(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.asked = `${this.prefix}${++this.seq}`;
    this.wire.sendFence(this.asked);
  }

  /** Sends a fence when one is due, else sets a timer to look again. */
  private consider(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.open.length === 0 || this.asked !== null || this.out.length > 0) return;
    const now = this.wire.now();
    const age = now - (this.open[0]?.at ?? now);
    const quiet = now - this.lastWrite;
    // Stopping: the fence takes the next token even if lines wait (they are the last ones, the deadline counts).
    const due =
      this.open.length >= this.batch || age >= FENCE_MAX_AGE_MS || (quiet >= FENCE_QUIET_MS && (this.urgent || this.wire.tokenFree()));
    if (due) {
      this.ask();
      return;
    }
    const wait = Math.min(Math.max(FENCE_QUIET_MS - quiet, 0) || FENCE_QUIET_MS, FENCE_MAX_AGE_MS - age);
    this.timer = this.wire.later(Math.max(1, wait), () => {
      this.timer = undefined;
      this.consider();
    });
  }
}

/** The last parameter of a PONG line from the server (its token), or null for any other line. */
export function pongToken(line: string): string | null {
  // [@tags] [:prefix] PONG params...
  const m = /^(?:@\S+ +)?(?::\S+ +)?PONG(?: +(.*))?$/i.exec(line);
  if (!m) return null;
  const params = m[1] ?? "";
  const trailing = params.indexOf(" :");
  if (params.startsWith(":")) return params.slice(1);
  if (trailing >= 0) return params.slice(trailing + 2);
  const words = params.split(/ +/).filter(Boolean);
  return words[words.length - 1] ?? null;
}
