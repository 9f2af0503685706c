/**
 * What the IRC connection writes for the bot: lines whose tokens are already paid
 * (a channel line by the flow, a control line by its queue in pacer.ts), given to
 * `IrcConnection.send`. A line renders itself only as it leaves, against the
 * connection as it is at that moment: a channel line's byte budget depends on the
 * bot's real `nick!user@host` (known after the JOIN, changed by a nick reclaim) and
 * its colours on the channel's current +c mode, and both change while lines wait.
 */
import type { IrcChannelConfig, IrcConnectionConfig } from "../../config/irc.js";
import { ircTextBudget, renderIrc } from "../../formatters/index.js";
import type { Outgoing } from "../flow/transport.js";
import type { Confirmation } from "./fence.js";

/** The connection as a line sees it when it leaves. */
export interface LineView {
  /** The `nick!user@host` a line's byte budget counts; null before our first JOIN showed it. */
  readonly budgetPrefix: string | null;
  /** False while the channel has mode +c (the server strips or refuses colours). */
  colorsAllowed(channel: string): boolean;
}

export interface IrcLine {
  /** The channel it is for: it leaves only while that channel is joined. null: a control line, which needs registration only. */
  readonly channel: string | null;
  /** Its text as it leaves; null when nothing is left to send (a render that came out empty). */
  render(view: LineView): string | null;
  /** Its bytes were handed to the socket just now, in this tick (before the socket confirms the write). */
  written?(): void;
  /** A channel line was written: the promise says whether the server showed it (fence.ts). */
  confirming?(confirmation: Promise<Confirmation>): void;
}

/**
 * What became of a line given to `IrcConnection.send`: written (the socket took it), not ready
 * (not registered, or its channel not joined), empty (rendered to nothing), or lost (the
 * connection refused or failed the write; the line was not, or may not have been, sent).
 */
export type WriteOutcome = "written" | "not ready" | "empty" | "lost";

/** A line of the flow for one channel: PRIVMSG (or NOTICE) with the summary rendered for IRC. */
export class ChannelLine implements IrcLine {
  readonly channel: string;
  /** Set once written: whether the server showed it. */
  confirmation: Promise<Confirmation> | null = null;

  constructor(
    /** The flow's line (its summary, with any late mark). */
    readonly out: Outgoing,
    private readonly config: IrcChannelConfig,
    /** The link to show: the summary's, or its short form. */
    private readonly link: string | null,
    private readonly serviceColors: IrcConnectionConfig["service_colors"],
  ) {
    this.channel = config.name;
  }

  get command(): "PRIVMSG" | "NOTICE" {
    return this.config.notice ? "NOTICE" : "PRIVMSG";
  }

  /** In the tick of the write: the flow's tickets remember the sent id now (Outgoing.onWritten). */
  written(): void {
    this.out.onWritten();
  }

  confirming(confirmation: Promise<Confirmation>): void {
    this.confirmation = confirmation;
  }

  render(view: LineView): string | null {
    const ch = this.config;
    const text = renderIrc(this.out.summary, {
      template: ch.template,
      colors: ch.colors && view.colorsAllowed(ch.name),
      serviceColors: this.serviceColors,
      link: this.link,
      maxBytes: ircTextBudget(view.budgetPrefix, this.command, ch.name),
    });
    return text === "" ? null : `${this.command} ${ch.name} :${text}`;
  }
}
